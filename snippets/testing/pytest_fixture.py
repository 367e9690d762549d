import asyncio
import re
import sys
import tempfile
from pathlib import Path

CONFIG = """
[pytest]
asyncio_default_fixture_loop_scope = function
"""

TEST = """
import asyncio
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio


async def upper(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while line := await reader.readline():
        writer.write(line.upper())
    writer.close()
    await writer.wait_closed()


@pytest_asyncio.fixture  # 异步 fixture：yield 之前是准备，之后是清理
async def port() -> AsyncIterator[int]:
    server = await asyncio.start_server(upper, "127.0.0.1", 0)
    async with server:
        yield server.sockets[0].getsockname()[1]


@pytest.mark.asyncio
async def test_upper(port: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"hello\\n")
    assert await reader.readline() == b"HELLO\\n"
    writer.close()
    await writer.wait_closed()


@pytest.mark.asyncio
async def test_two_clients(port: int) -> None:
    async def ask(text: bytes) -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(text + b"\\n")
        reply = await reader.readline()
        writer.close()
        await writer.wait_closed()
        return reply.strip()

    assert await asyncio.gather(ask(b"a"), ask(b"b")) == [b"A", b"B"]


async def test_forgot_the_marker(port: int) -> None:  # 没有 @pytest.mark.asyncio
    assert False, "strict 模式下不会运行到这里"
"""


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "pytest.ini").write_text(CONFIG, encoding="utf-8")
        Path(tmp, "test_server.py").write_text(TEST, encoding="utf-8")
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
            cwd=tmp, stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, _ = await proc.communicate()
    print(re.sub(r" in \d+\.\d+s", "", out.decode()), end="")  # 去掉每次都不同的耗时
    print(f"退出状态 {proc.returncode}")


asyncio.run(main())

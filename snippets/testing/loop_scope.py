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

Conn = tuple[asyncio.StreamReader, asyncio.StreamWriter]


async def echo(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    while line := await reader.readline():
        writer.write(line)
    writer.close()
    await writer.wait_closed()


@pytest_asyncio.fixture(scope="module", loop_scope="module")  # 整个模块共用一个连接，建在模块的事件循环上
async def conn() -> AsyncIterator[Conn]:
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    reader, writer = await asyncio.open_connection("127.0.0.1", server.sockets[0].getsockname()[1])
    yield reader, writer
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()


@pytest_asyncio.fixture(scope="module")  # 没写 loop_scope：取配置里的 function，和 scope="module" 冲突
async def token() -> AsyncIterator[str]:
    yield "secret"


@pytest.mark.asyncio  # 默认 loop_scope="function"：这个测试在另一个新的事件循环里运行
async def test_function_loop(conn: Conn) -> None:
    reader, writer = conn
    writer.write(b"ping\\n")
    assert await reader.readline() == b"ping\\n"


@pytest.mark.asyncio(loop_scope="module")  # 和 fixture 在同一个事件循环里运行
async def test_module_loop(conn: Conn) -> None:
    reader, writer = conn
    writer.write(b"ping\\n")
    assert await reader.readline() == b"ping\\n"


@pytest.mark.asyncio(loop_scope="module")
async def test_scope_only(token: str) -> None:
    assert token == "secret"
"""


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "pytest.ini").write_text(CONFIG, encoding="utf-8")
        Path(tmp, "test_conn.py").write_text(TEST, encoding="utf-8")
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--tb=line",
            cwd=tmp, stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        out, _ = await proc.communicate()
    report = re.sub(r" in \d+\.\d+s", "", out.decode())  # 去掉每次都不同的耗时
    report = re.sub(r"<Task pending .*?\]>", "<Task …>", report)  # 和地址、行号有关的部分
    report = re.sub(r"Requested fixture:\n.*\n", "", report)  # pytest-asyncio 内部的路径
    print(report, end="")


asyncio.run(main())

import asyncio
import tempfile
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import aiofiles
import anyio

CALLS = 200  # 每一遍连续读 200 次
ROUNDS = 5  # 几种方式轮流测 5 遍，每种取最快的一遍


def read_sync(path: Path) -> bytes:
    with open(path, "rb") as f:
        return f.read()


async def plain(path: Path) -> bytes:
    return read_sync(path)


async def to_thread(path: Path) -> bytes:
    return await asyncio.to_thread(read_sync, path)


async def with_aiofiles(path: Path) -> bytes:
    async with aiofiles.open(path, "rb") as f:
        return await f.read()


async def with_anyio(path: Path) -> bytes:
    return await anyio.Path(path).read_bytes()


WAYS: dict[str, Callable[[Path], Coroutine[Any, Any, bytes]]] = {
    "open().read()": plain,
    "asyncio.to_thread": to_thread,
    "aiofiles.open": with_aiofiles,
    "anyio.Path.read_bytes": with_anyio,
}


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "small.bin"
        path.write_bytes(b"x" * 4096)  # 4 KiB：读它只是从页缓存里复制一次
        best = dict.fromkeys(WAYS, float("inf"))
        for _ in range(ROUNDS):
            for label, way in WAYS.items():
                start = time.perf_counter()
                for _ in range(CALLS):
                    await way(path)
                best[label] = min(best[label], (time.perf_counter() - start) / CALLS)
    print(f"一次读一个 4 KiB 的文件，每种方式连续 {CALLS} 次，{ROUNDS} 遍里最快的一遍：")
    for label, seconds in best.items():
        ratio = seconds / best["open().read()"]
        print(f"{label}：每次 {seconds * 1e6:.1f} 微秒，是直接读的 {ratio:.1f} 倍")


asyncio.run(main())

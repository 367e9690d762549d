import asyncio
import sys
import tempfile
import threading
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import aiofiles
import anyio

opened_in: list[str] = []  # 打开 data.bin 的那次 open() 在哪个线程里


def audit(event: str, args: tuple[Any, ...]) -> None:
    if event == "open" and str(args[0]).endswith("data.bin"):
        opened_in.append(threading.current_thread().name)


class CountingPool(ThreadPoolExecutor):
    """当作事件循环的默认线程池：数一数交给它多少次调用。"""

    calls = 0

    def submit(self, fn, /, *args, **kwargs):
        CountingPool.calls += 1
        return super().submit(fn, *args, **kwargs)


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
    sys.addaudithook(audit)  # 每次 open() 都会触发 "open" 审计事件，在调用它的线程里
    loop = asyncio.get_running_loop()
    # 线程名和默认的线程池一样；只要 1 个线程：每种方式一次只交一个调用，
    # 多了的话，上一个调用刚结束的线程还没回到空闲状态时，线程池会另开一个（asyncio_1），名字就不固定了
    loop.set_default_executor(CountingPool(max_workers=1, thread_name_prefix="asyncio"))
    print(f"事件循环在 {threading.current_thread().name} 线程里")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "data.bin"
        path.write_bytes(b"x" * 4096)
        for label, way in WAYS.items():
            opened_in.clear()
            CountingPool.calls = 0
            data = await way(path)
            assert len(data) == 4096
            print(f"{label}: open() 在 {opened_in[0]} 线程里，交给默认线程池 {CountingPool.calls} 次")


asyncio.run(main())

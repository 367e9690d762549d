import asyncio
import time
from collections.abc import Callable, Coroutine


async def wait_io_yielding(i: int) -> None:
    await asyncio.sleep(1)  # 等待 I/O 时让出控制权：事件循环去运行别的协程


async def wait_io_blocking(i: int) -> None:
    time.sleep(1)  # 阻塞整个线程：事件循环什么也做不了


async def measure(label: str, worker: Callable[[int], Coroutine[None, None, None]]) -> None:
    start = time.perf_counter()
    await asyncio.gather(*(worker(i) for i in range(3)))
    print(f"{label}: 3 次各等待 1 秒，共耗时 {time.perf_counter() - start:.1f} 秒")


async def main() -> None:
    await measure("让出控制权 (await asyncio.sleep)", wait_io_yielding)
    await measure("阻塞线程   (time.sleep)        ", wait_io_blocking)


asyncio.run(main())

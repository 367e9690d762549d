import asyncio
import time
from collections.abc import AsyncIterator


async def countdown(n: int) -> AsyncIterator[int]:
    while n > 0:
        await asyncio.sleep(0.01)
        yield n
        n -= 1


async def square(x: int) -> int:
    await asyncio.sleep(0.1)  # 模拟一次 0.1 秒的 I/O
    return x * x


async def main() -> None:
    # 1. 推导式里的 async for：遍历异步迭代器
    print([i async for i in countdown(5)])
    print({i async for i in countdown(5) if i % 2 == 1})

    # 2. 推导式里的 await：一个等完再等下一个，是顺序执行
    start = time.perf_counter()
    print([await square(i) for i in range(5)], f"{time.perf_counter() - start:.1f} 秒")

    # 想并发，还是要用 gather（或 TaskGroup）
    start = time.perf_counter()
    print(await asyncio.gather(*(square(i) for i in range(5))), f"{time.perf_counter() - start:.1f} 秒")


asyncio.run(main())

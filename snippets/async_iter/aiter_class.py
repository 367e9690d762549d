import asyncio
from typing import Self


class Countdown:
    """每隔 0.1 秒产生一个数：n, n-1, ..., 1。"""

    def __init__(self, n: int) -> None:
        self.n = n

    def __aiter__(self) -> Self:
        return self  # async for 先调用 __aiter__（普通方法）拿到异步迭代器

    async def __anext__(self) -> int:
        # 每一轮 async for 都会 await __anext__()：这里可以等待 I/O
        if self.n == 0:
            raise StopAsyncIteration  # 相当于同步迭代器的 StopIteration
        await asyncio.sleep(0.1)
        self.n -= 1
        return self.n + 1


async def main() -> None:
    async for i in Countdown(3):
        print(i)
    print("发射")


asyncio.run(main())

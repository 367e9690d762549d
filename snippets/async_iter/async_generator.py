import asyncio
from collections.abc import AsyncIterator


async def countdown(n: int) -> AsyncIterator[int]:  # 含有 yield 的 async def：异步生成器
    while n > 0:
        await asyncio.sleep(0.1)  # 生成器内部可以 await
        yield n
        n -= 1


async def main() -> None:
    gen = countdown(3)
    print(f"countdown(3) 得到: {type(gen).__name__}")
    async for i in gen:
        print(i)
    print("发射")


asyncio.run(main())

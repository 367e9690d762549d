import asyncio
from collections.abc import AsyncIterator
from contextlib import aclosing


async def rows(name: str) -> AsyncIterator[int]:
    print(f"{name}: 打开游标")
    try:
        for i in range(100):
            await asyncio.sleep(0)
            yield i
    finally:
        print(f"{name}: 关闭游标")  # 清理代码：提前 break 时什么时候运行？


async def main() -> None:
    async for i in rows("不用 aclosing"):
        if i == 2:
            break
    print("break 之后，继续做别的事")
    await asyncio.sleep(0.1)

    async with aclosing(rows("用 aclosing")) as gen:  # 3.10+
        async for i in gen:
            if i == 2:
                break
    print("离开 async with 之后，继续做别的事")


asyncio.run(main())

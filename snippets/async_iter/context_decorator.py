import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


@asynccontextmanager
async def connect(name: str) -> AsyncIterator[str]:
    await asyncio.sleep(0.1)  # yield 之前：相当于 __aenter__
    print(f"{name}: 已连接")
    try:
        yield name  # yield 出的值就是 as 后面的变量；with 块在这里运行
    finally:
        await asyncio.sleep(0.1)  # yield 之后：相当于 __aexit__，放在 finally 里才能保证执行
        print(f"{name}: 已关闭")


async def main() -> None:
    async with connect("连接 A") as conn:
        print(f"使用 {conn}")

    try:
        async with connect("连接 B"):
            raise TimeoutError("查询超时")
    except TimeoutError as e:
        print(f"异常照常传到外面: {e}")


asyncio.run(main())

import asyncio


async def greet(name: str) -> None:
    print(f"{name}：开始运行")


async def main() -> None:
    # 3.14 起，create_task() 把关键字参数原样传给 asyncio.Task，eager_start 就是其中之一
    eager = asyncio.create_task(greet("eager"), eager_start=True)
    print(f"create_task() 返回时 eager 已完成? {eager.done()}")
    lazy = asyncio.create_task(greet("lazy"))
    print(f"create_task() 返回时 lazy 已完成? {lazy.done()}")
    await lazy


asyncio.run(main())

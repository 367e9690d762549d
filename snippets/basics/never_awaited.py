import asyncio


async def my_function() -> str:
    print("函数体运行了")  # 这一行永远不会打印
    return "Hello"


async def main() -> None:
    my_function()  # 忘了 await：只创建了协程对象，随后被丢弃
    print("main 结束")


asyncio.run(main())

import asyncio


async def my_function() -> str:
    await asyncio.sleep(0.1)  # 模拟一次 I/O 等待
    return "Hello"


async def main() -> None:
    result = await my_function()  # 挂起 main，直到 my_function 完成
    print(result)


asyncio.run(main())

import asyncio
import inspect


async def my_function() -> str:
    return "Hello"


async def main() -> None:
    # 调用协程函数不会执行函数体，只会创建一个协程对象
    coroutine = my_function()
    print(f"调用 my_function() 得到: {type(coroutine).__name__}")
    print(f"inspect.iscoroutine(...) = {inspect.iscoroutine(coroutine)}")

    # 只有 await 它（或把它交给事件循环），函数体才会运行
    result = await coroutine
    print(f"await 之后得到返回值: {result!r}")


asyncio.run(main())

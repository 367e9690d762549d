import asyncio


async def main() -> None:
    future = asyncio.get_running_loop().create_future()

    try:
        future.result()  # 还没有结果时读取
    except asyncio.InvalidStateError as e:
        print(f"未完成时调用 result(): {type(e).__name__}: {e}")

    future.set_exception(ConnectionError("连接被重置"))
    try:
        await future  # await 一个以异常结束的 Future，会在这里抛出该异常
    except ConnectionError as e:
        print(f"await 抛出: {type(e).__name__}: {e}")

    try:
        future.set_result("太晚了")  # Future 只能完成一次
    except asyncio.InvalidStateError as e:
        print(f"再次设置结果: {type(e).__name__}: {e}")


asyncio.run(main())

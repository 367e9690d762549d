import asyncio


async def event_loop_example() -> None:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()

    def callback() -> None:
        print("回调执行")
        future.set_result("回调完成")

    loop.call_soon(callback)  # 常见的错误注释：「立即执行回调」
    # 如果回调真的立即执行了，这里就能读到结果
    print(f"结果: {future.result()}")


asyncio.run(event_loop_example())

import asyncio


async def event_loop_example() -> None:
    # 获取当前事件循环
    loop = asyncio.get_running_loop()

    # 在事件循环中安排回调
    future: asyncio.Future[str] = loop.create_future()

    def callback() -> None:
        print("回调执行")
        future.set_result("回调完成")

    # 安排回调在事件循环的下一轮迭代中运行（不是「立即执行」）
    loop.call_soon(callback)
    print(f"call_soon 已返回，future.done() = {future.done()}")

    result = await future  # 挂起 event_loop_example，事件循环才有机会运行回调
    print(f"结果: {result}")


asyncio.run(event_loop_example())

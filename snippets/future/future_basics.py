import asyncio


async def example_future() -> None:
    loop = asyncio.get_running_loop()
    future = loop.create_future()  # 推荐：由正在运行的事件循环创建
    print(f"创建后: done={future.done()}  {future!r}")

    future.set_result("Future completed!")
    print(f"设置结果后: done={future.done()}  {future!r}")

    result = await future  # 已完成的 Future：await 立即拿到结果
    print(result)


asyncio.run(example_future())

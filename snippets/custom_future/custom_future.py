import asyncio
import time


async def set_after_delay(future: asyncio.Future[str], delay: float, value: str) -> None:
    await asyncio.sleep(delay)
    future.set_result(value)


async def custom_future_example() -> None:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()

    # 在后台设置 future 的结果；保存任务的引用（常见写法把它丢掉了）
    setter = asyncio.create_task(set_after_delay(future, 2, "Future result"))

    print("等待future...")
    start = time.perf_counter()
    result = await future  # 挂起，直到别处调用 future.set_result()
    print(f"收到结果: {result}")
    print(f"等待了 {time.perf_counter() - start:.2f} 秒")

    await setter  # 让后台任务干净地结束；它如果出错，异常会在这里抛出
    print(f"后台任务已完成：{setter.done()}")


asyncio.run(custom_future_example())

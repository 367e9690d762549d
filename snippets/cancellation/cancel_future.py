import asyncio


async def waiter(future: asyncio.Future[str]) -> str:
    return await future  # 任务停在这里，等这个 Future


async def main() -> None:
    loop = asyncio.get_running_loop()

    # 1. 取消正在等待 Future 的任务：任务把它等待的 Future 也取消了
    future = loop.create_future()
    task = asyncio.create_task(waiter(future))
    await asyncio.sleep(0)  # 让 task 运行到 await future
    task.cancel()
    print(f"task.cancel() 之后马上看: future.cancelled() = {future.cancelled()}")
    await asyncio.sleep(0)
    print(f"task.cancelled() = {task.cancelled()}")

    # 2. 反过来：取消 Future，等待它的任务在 await 处收到 CancelledError
    future = loop.create_future()
    task = asyncio.create_task(waiter(future))
    await asyncio.sleep(0)
    future.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print(f"取消 Future 之后: task.cancelled() = {task.cancelled()}")


asyncio.run(main())

import asyncio


async def worker() -> None:
    task = asyncio.current_task()
    assert task is not None
    try:
        async with asyncio.timeout(0):  # 超时立即到期：asyncio.timeout 会在下一轮调用 task.cancel()
            await asyncio.sleep(10)
    except TimeoutError:
        print("worker: 收到 TimeoutError")
    except asyncio.CancelledError:
        print(f"worker: 收到 CancelledError，不是 TimeoutError；此时 cancelling() = {task.cancelling()}")
        raise


async def main() -> None:
    # 1. 计数：每次 cancel() 加 1，uncancel() 减 1
    task = asyncio.create_task(asyncio.sleep(10))
    task.cancel()
    task.cancel()
    print(f"cancel() 两次之后: cancelling() = {task.cancelling()}")
    print(f"uncancel() 返回剩下的次数: {task.uncancel()}")
    await asyncio.gather(task, return_exceptions=True)

    # 2. 只有超时：worker 收到 TimeoutError
    await worker()

    # 3. 超时和外部取消同时发生：asyncio.timeout 靠计数分辨「取消是不是只有我发的」
    task = asyncio.create_task(worker())
    await asyncio.sleep(0)  # worker 进入 timeout(0)，停在 sleep(10)
    task.cancel()  # 与此同时，外部也要求取消它
    await asyncio.gather(task, return_exceptions=True)
    print(f"main: task.cancelled() = {task.cancelled()}")


asyncio.run(main())

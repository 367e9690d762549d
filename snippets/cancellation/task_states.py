import asyncio


async def work(name: str) -> str:
    print(f"  {name}: 开始运行")
    await asyncio.sleep(0.1)
    return "完成"


def state(task: asyncio.Task[str]) -> str:
    if not task.done():
        return "pending"
    if task.cancelled():
        return "cancelled"
    return f"done，result() = {task.result()!r}"


async def main() -> None:
    finished = asyncio.create_task(work("finished"))
    cancelled = asyncio.create_task(work("cancelled"))
    never_started = asyncio.create_task(work("never_started"))
    print(f"刚创建: {state(finished)}")
    print(f"never_started.cancel() 返回 {never_started.cancel()}（它还一行都没运行）")

    await asyncio.sleep(0)  # 让出一次：另外两个任务运行到 await asyncio.sleep(0.1)
    print(f"cancelled.cancel() 返回 {cancelled.cancel()}（它正停在 await 处）")
    print(f"调用 cancel() 之后马上看: {state(cancelled)}（取消只是一个请求）")

    await asyncio.sleep(0.2)
    for name, task in [("finished", finished), ("cancelled", cancelled), ("never_started", never_started)]:
        print(f"{name}: {state(task)}")
    print(f"对已完成的任务调用 cancel() 返回 {finished.cancel()}，状态不变: {state(finished)}")


asyncio.run(main())

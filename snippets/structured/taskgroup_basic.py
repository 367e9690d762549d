import asyncio
import time


async def say_after(delay: float, message: str) -> str:
    await asyncio.sleep(delay)
    return message


async def main() -> None:
    start = time.monotonic()
    async with asyncio.TaskGroup() as tg:  # 3.11+
        task1 = tg.create_task(say_after(1, "Hello"))
        task2 = tg.create_task(say_after(2, "World"))
        print(f"块内: task1.done() = {task1.done()}, task2.done() = {task2.done()}")
    # 离开 async with 时，组里的每个任务都已经结束
    print(f"块后: task1.done() = {task1.done()}, task2.done() = {task2.done()}")
    print(task1.result(), task2.result())
    print(f"耗时 {time.monotonic() - start:.1f} 秒")


asyncio.run(main())

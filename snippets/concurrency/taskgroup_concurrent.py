import asyncio
import time

START = time.perf_counter()


async def say_after(delay: float, message: str) -> str:
    await asyncio.sleep(delay)
    print(f"  第 {time.perf_counter() - START:.2f} 秒：{message} 完成")
    return message


async def main() -> None:
    start = time.perf_counter()

    # TaskGroup（3.11+）持有它创建的每个任务，并在 async with 结束时等待它们全部完成
    async with asyncio.TaskGroup() as tg:
        task1 = tg.create_task(say_after(1, "Hello"))
        task2 = tg.create_task(say_after(2, "World"))

    print(task1.result(), task2.result())
    print(f"耗时：{time.perf_counter() - start:.2f} 秒")


asyncio.run(main())

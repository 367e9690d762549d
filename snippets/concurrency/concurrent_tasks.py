import asyncio
import time

START = time.perf_counter()


async def say_after(delay: float, message: str) -> str:
    await asyncio.sleep(delay)
    print(f"  第 {time.perf_counter() - START:.2f} 秒：{message} 完成")
    return message


async def main_concurrent() -> None:
    print(f"开始时间：{time.strftime('%X')}")
    start = time.perf_counter()

    # create_task 立即把协程交给事件循环调度，两个任务从现在起同时在等待
    task1 = asyncio.create_task(say_after(1, "Hello"))
    task2 = asyncio.create_task(say_after(2, "World"))

    # 等待两个任务完成：等 task1 的这 1 秒里，task2 也在计时
    result1 = await task1
    result2 = await task2

    print(result1, result2)
    print(f"结束时间：{time.strftime('%X')}")
    print(f"耗时：{time.perf_counter() - start:.2f} 秒")


asyncio.run(main_concurrent())

import asyncio
import time

START = time.perf_counter()


async def say_after(delay: float, message: str) -> str:
    await asyncio.sleep(delay)
    print(f"  第 {time.perf_counter() - START:.2f} 秒：{message} 完成")
    return message


async def main_gather() -> None:
    print(f"开始时间：{time.strftime('%X')}")
    start = time.perf_counter()

    # gather 把每个协程包装成任务并发运行，等它们全部完成
    results = await asyncio.gather(
        say_after(1, "Hello"),
        say_after(2, "World"),
        say_after(1.5, "Async"),
    )

    # 结果按参数顺序排列，而不是按完成顺序
    print(results)
    print(f"结束时间：{time.strftime('%X')}")
    print(f"耗时：{time.perf_counter() - start:.2f} 秒")


asyncio.run(main_gather())

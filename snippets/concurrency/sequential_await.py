import asyncio
import time

START = time.perf_counter()


async def say_after(delay: float, message: str) -> str:
    await asyncio.sleep(delay)
    print(f"  第 {time.perf_counter() - START:.2f} 秒：{message} 完成")
    return message


async def main() -> None:
    print(f"开始时间：{time.strftime('%X')}")
    start = time.perf_counter()

    # 顺序执行：第二个 say_after 要等第一个完成之后才开始
    result1 = await say_after(1, "Hello")
    result2 = await say_after(2, "World")

    print(result1, result2)
    print(f"结束时间：{time.strftime('%X')}")
    print(f"耗时：{time.perf_counter() - start:.2f} 秒")


asyncio.run(main())

import asyncio
import time


async def say_after(delay: float, message: str) -> str:
    await asyncio.sleep(delay)
    print(message)
    return message


async def main() -> list[str]:
    start = time.perf_counter()
    # gather 把三个协程包装成任务，同时等待；结果按参数的顺序返回
    results = await asyncio.gather(
        say_after(1, "一"),
        say_after(1.5, "二"),
        say_after(2, "三"),
    )
    print(f"{results}，耗时 {time.perf_counter() - start:.1f} 秒")
    return results


asyncio.run(main())

import asyncio
import time


async def say_after(delay: float, message: str) -> str:
    await asyncio.sleep(delay)
    print(message)
    return message


async def main() -> list[str]:
    # 目标：三个 say_after 同时等待，约 2 秒完成（现在要 1 + 1.5 + 2 = 4.5 秒）；结果仍按这个顺序返回
    start = time.perf_counter()
    results = [
        await say_after(1, "一"),
        await say_after(1.5, "二"),
        await say_after(2, "三"),
    ]
    print(f"{results}，耗时 {time.perf_counter() - start:.1f} 秒")
    return results


asyncio.run(main())

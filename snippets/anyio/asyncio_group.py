import asyncio
import time

start = 0.0


def log(message: str) -> None:
    print(f"[{time.perf_counter() - start:.1f} 秒] {message}")


async def worker(name: str, seconds: float) -> None:
    try:
        await asyncio.sleep(seconds)
        log(f"{name}: 完成")
    except asyncio.CancelledError:
        log(f"{name}: 被取消")
        raise


async def main() -> None:
    global start
    start = time.perf_counter()
    try:
        async with asyncio.timeout(1.5):  # 3.11+
            async with asyncio.TaskGroup() as tg:  # 3.11+
                tg.create_task(worker("快的", 1))
                tg.create_task(worker("慢的", 3))
    except TimeoutError:
        log("main: TimeoutError")


asyncio.run(main())

import asyncio
import time

start = time.monotonic()


def log(text: str) -> None:
    print(f"[{time.monotonic() - start:.1f} 秒] {text}")


async def fetch(name: str, delay: float) -> str:
    try:
        await asyncio.sleep(delay)
        log(f"{name}: 完成")
        return name
    except asyncio.CancelledError:
        log(f"{name}: 被取消")
        raise


async def broken(delay: float) -> None:
    await asyncio.sleep(delay)
    log("broken: 抛出 ValueError")
    raise ValueError("解析失败")


async def main() -> None:
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fetch("快的", 0.2))
            tg.create_task(fetch("慢的", 2.0))
            tg.create_task(broken(0.5))
        log("这一行不会运行")
    except* ValueError as eg:
        log(f"main: 收到 {type(eg).__name__}: {eg.exceptions!r}")


asyncio.run(main())

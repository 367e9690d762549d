import asyncio
import time

start = time.monotonic()


def log(text: str) -> None:
    print(f"[{time.monotonic() - start:.1f} 秒] {text}")


async def fetch(name: str, delay: float) -> str:
    await asyncio.sleep(delay)
    log(f"{name}: 完成（没有人再等它的结果）")
    return name


async def broken(delay: float) -> None:
    await asyncio.sleep(delay)
    log("broken: 抛出 ValueError")
    raise ValueError("解析失败")


async def main() -> None:
    try:
        await asyncio.gather(fetch("慢的 A", 1.0), fetch("慢的 B", 1.5), broken(0.5))
    except ValueError as e:
        log(f"main: gather 抛出 {e!r}，其余任务没有被取消")
    await asyncio.sleep(1.5)  # main 继续做别的事，那两个任务仍在后台运行
    log("main: 结束")


asyncio.run(main())

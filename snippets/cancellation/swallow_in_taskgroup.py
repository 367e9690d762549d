import asyncio
import time

start = time.monotonic()


def log(text: str) -> None:
    print(f"[{time.monotonic() - start:.1f} 秒] {text}")


async def stubborn() -> None:
    for i in range(1, 4):
        try:
            await asyncio.sleep(0.5)
        except asyncio.CancelledError:
            log(f"stubborn: 第 {i} 步收到 CancelledError，吞掉，继续")  # 错误：没有 raise
    log("stubborn: 跑完了全部 3 步")


async def broken() -> None:
    await asyncio.sleep(0.3)
    log("broken: 抛出 ValueError")
    raise ValueError("出错了")


async def main() -> None:
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(stubborn())
            tg.create_task(broken())
    except* ValueError:
        log("main: 收到 ExceptionGroup（错误 0.3 秒时就发生了）")


asyncio.run(main())

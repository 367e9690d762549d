import asyncio
import time

START = time.perf_counter()
beats = 0


def now() -> str:
    return f"[{time.perf_counter() - START:.1f} s]"


async def heartbeat() -> None:
    global beats
    while True:
        beats += 1
        print(f"{now()} 心跳")
        await asyncio.sleep(0.1)  # 每 0.1 秒跳一次——前提是事件循环有空


async def download(n: int) -> None:
    time.sleep(0.5)  # 阻塞调用：整个事件循环（包括心跳）都停在这里
    print(f"{now()} 下载 {n} 完成")


async def main() -> None:
    beat = asyncio.create_task(heartbeat())
    await asyncio.sleep(0)  # 让心跳先跳一次
    start, beats_before = time.perf_counter(), beats
    await asyncio.gather(download(1), download(2), download(3))
    elapsed = time.perf_counter() - start
    print(f"3 个下载总耗时 {elapsed:.1f} 秒")
    print(f"其间心跳 {beats - beats_before} 次（每 0.1 秒一次的话应为约 {elapsed / 0.1:.0f} 次）")
    beat.cancel()


asyncio.run(main())

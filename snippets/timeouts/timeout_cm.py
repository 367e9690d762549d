import asyncio
import time

start = time.monotonic()


def log(text: str) -> None:
    print(f"[{time.monotonic() - start:.1f} 秒] {text}")


async def step(n: int) -> None:
    await asyncio.sleep(0.6)
    log(f"第 {n} 步完成")


async def main() -> None:
    try:
        async with asyncio.timeout(1.5) as cm:  # 3.11+：整个代码块共用 1.5 秒
            for n in range(1, 4):
                await step(n)  # 每步 0.6 秒，单看都不超时；三步加起来 1.8 秒
    except TimeoutError:
        log(f"超时，cm.expired() = {cm.expired()}")


asyncio.run(main())

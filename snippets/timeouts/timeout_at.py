import asyncio
import time

start = time.monotonic()


def log(text: str) -> None:
    print(f"[{time.monotonic() - start:.1f} 秒] {text}")


async def connect(deadline: float) -> None:
    async with asyncio.timeout_at(deadline):  # 3.11+：截止到某个时刻，而不是「再过多久」
        await asyncio.sleep(0.6)
    log("连接建立")


async def download(deadline: float) -> None:
    async with asyncio.timeout_at(deadline):
        await asyncio.sleep(0.6)
    log("下载完成")


async def main() -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 1.0  # 时刻用 loop.time()，不是 time.time()
    try:
        await connect(deadline)
        await download(deadline)  # 同一个截止时刻：只剩 0.4 秒
    except TimeoutError:
        log("整个操作超过了 1.0 秒的截止时刻")


asyncio.run(main())

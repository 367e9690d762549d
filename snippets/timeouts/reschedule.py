import asyncio
import time
from collections.abc import AsyncIterator

start = time.monotonic()


def log(text: str) -> None:
    print(f"[{time.monotonic() - start:.1f} 秒] {text}")


async def stream() -> AsyncIterator[str]:
    """模拟一个数据流：前 4 块每 0.3 秒到一块，然后对端卡住了。"""
    for i in range(1, 5):
        await asyncio.sleep(0.3)
        yield f"块 {i}"
    await asyncio.sleep(10)
    yield "块 5"


async def main() -> None:
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(0.5) as cm:  # 空闲超时：0.5 秒内没有新数据就放弃
            async for chunk in stream():
                cm.reschedule(loop.time() + 0.5)  # 每收到一块，把截止时刻往后推 0.5 秒
                log(f"收到{chunk}，截止时刻推迟到 {cm.when() - loop.time():.1f} 秒后")
    except TimeoutError:
        log("0.5 秒没有新数据：空闲超时")


asyncio.run(main())

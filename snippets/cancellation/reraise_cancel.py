import asyncio
import time

start = time.monotonic()


def log(text: str) -> None:
    print(f"[{time.monotonic() - start:.1f} 秒] {text}")


async def process(steps: int) -> str:
    for i in range(1, steps + 1):
        try:
            await asyncio.sleep(0.5)  # 第 i 步
            log(f"第 {i} 步完成")
        except asyncio.CancelledError:
            log(f"第 {i} 步收到 CancelledError，清理后继续抛出")
            raise  # 正确：让取消继续传播
    return "全部完成"


async def main() -> None:
    try:
        async with asyncio.timeout(0.8):
            result = await process(3)
        log(f"得到 {result!r}")
    except TimeoutError:
        log("超时：asyncio.timeout 把 CancelledError 转换成了 TimeoutError")


asyncio.run(main())

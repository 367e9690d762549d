import asyncio
import time

start = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - start:.1f} 秒] {message}")


async def stubborn() -> str:
    try:
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        log("收到 CancelledError，吞掉它")  # 常见的错误：没有重新抛出
    await asyncio.sleep(0.3)  # 再 await 一次：不会有第二个 CancelledError
    log("下一个 await 正常结束")
    return "照常返回"


async def main() -> None:
    task = asyncio.create_task(stubborn())
    await asyncio.sleep(0.2)
    task.cancel()
    result = await task
    log(f"task.cancelled() = {task.cancelled()}，结果 {result!r}")


asyncio.run(main())

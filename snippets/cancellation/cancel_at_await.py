import asyncio
import time

start = time.monotonic()


def log(text: str) -> None:
    print(f"[{time.monotonic() - start:.1f} 秒] {text}")


async def download() -> str:
    log("download: 开始，打开连接")
    try:
        await asyncio.sleep(10)  # 取消时，CancelledError 就从这个 await 处抛出
        log("download: 这一行不会运行")
        return "数据"
    except asyncio.CancelledError:
        log("download: 在 await 处收到 CancelledError")
        raise  # 必须继续抛出
    finally:
        log("download: finally 里关闭连接")  # 无论成功、失败还是取消，都会运行


async def main() -> None:
    task = asyncio.create_task(download())
    await asyncio.sleep(0.5)
    log("main: 调用 task.cancel()")
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        log(f"main: await task 抛出 CancelledError，task.cancelled() = {task.cancelled()}")


asyncio.run(main())

import asyncio
import time

start = time.monotonic()


def log(text: str) -> None:
    print(f"[{time.monotonic() - start:.1f} 秒] {text}")


async def might_timeout() -> str:
    try:
        await asyncio.sleep(2.5)
        return "Success"
    except asyncio.CancelledError:
        log("might_timeout: 收到的是 CancelledError")
        raise
    finally:
        log("might_timeout: finally 开始清理（耗时 0.3 秒）")
        await asyncio.sleep(0.3)  # 异步的清理，例如通知服务器取消请求
        log("might_timeout: 清理完成")


async def main() -> None:
    try:
        async with asyncio.timeout(1.5):
            await might_timeout()
    except TimeoutError:
        log("main: 收到的是 TimeoutError")


asyncio.run(main())

import asyncio
import os
import signal
import time

start = time.perf_counter()


def log(text: str) -> None:
    print(f"[{time.perf_counter() - start:.1f} 秒] {text}")


async def main() -> None:
    loop = asyncio.get_running_loop()
    loop.call_later(0.5, os.kill, os.getpid(), signal.SIGINT)  # 0.5 秒后给自己发 SIGINT，等于按下 Ctrl+C
    try:
        log("main: 开始工作（要 10 秒）")
        await asyncio.sleep(10)
    except asyncio.CancelledError:
        log("main: 收到的是 CancelledError")
        raise  # 取消要继续传播，asyncio.run 才知道 main 已被取消
    finally:
        log("main: finally 运行")


signal.signal(signal.SIGINT, signal.default_int_handler)  # 后台启动时 SIGINT 可能被忽略，这里恢复默认处理
asyncio.run(main())

import asyncio
import os
import signal
import time

start = time.perf_counter()


def log(text: str) -> None:
    print(f"[{time.perf_counter() - start:.1f} 秒] {text}")


async def main() -> None:
    loop = asyncio.get_running_loop()
    loop.call_later(0.3, os.kill, os.getpid(), signal.SIGINT)  # 第一次 Ctrl+C
    loop.call_later(0.8, os.kill, os.getpid(), signal.SIGINT)  # 清理太慢，用户又按了一次
    try:
        await asyncio.sleep(10)
    finally:
        log("main: 第一次 Ctrl+C，开始清理（要 5 秒）")
        try:
            await asyncio.sleep(5)
            log("main: 清理完成")
        finally:
            log("main: 清理被打断")


signal.signal(signal.SIGINT, signal.default_int_handler)  # 后台启动时 SIGINT 可能被忽略，这里恢复默认处理
try:
    asyncio.run(main())
except KeyboardInterrupt:
    log("第二次 Ctrl+C：asyncio.run 立即抛出 KeyboardInterrupt")

import asyncio
import os
import signal
import time

start = time.perf_counter()


def log(text: str) -> None:
    print(f"[{time.perf_counter() - start:.1f} 秒] {text}")


async def heartbeat() -> None:
    try:
        await asyncio.sleep(3600)
    finally:
        log("heartbeat: 被 asyncio.run 取消")


async def main() -> None:
    asyncio.get_running_loop().call_later(0.5, os.kill, os.getpid(), signal.SIGINT)
    beat = asyncio.create_task(heartbeat())  # 一个没人等待的后台任务
    try:
        await asyncio.sleep(10)
    finally:
        log("main: 开始异步清理（耗时 0.3 秒）")
        await asyncio.sleep(0.3)  # 被取消的协程在 finally 里仍然可以 await
        log(f"main: 清理完成，heartbeat 仍在运行: {not beat.done()}")


signal.signal(signal.SIGINT, signal.default_int_handler)  # 后台启动时 SIGINT 可能被忽略，这里恢复默认处理
try:
    asyncio.run(main())
except KeyboardInterrupt:
    log("asyncio.run 抛出 KeyboardInterrupt：程序正常收尾")

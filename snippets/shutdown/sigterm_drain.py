import asyncio
import os
import signal
import time

start = time.perf_counter()


def log(text: str) -> None:
    print(f"[{time.perf_counter() - start:.1f} 秒] {text}")


async def job(name: str, seconds: float) -> None:
    try:
        await asyncio.sleep(seconds)
        log(f"{name} 完成")
    except asyncio.CancelledError:
        log(f"{name} 超过期限，被取消")
        raise


async def main() -> None:
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)  # 只在 Unix 上可用
    loop.call_later(0.3, os.kill, os.getpid(), signal.SIGTERM)  # 0.3 秒后模拟 kill <pid>
    try:
        async with asyncio.timeout(None) as deadline:  # 先不限时，收到信号后再定期限
            async with asyncio.TaskGroup() as tg:
                for name, seconds in [("任务 A", 0.5), ("任务 B", 0.8), ("任务 C", 5.0)]:
                    tg.create_task(job(name, seconds))
                await stop.wait()
                log("收到 SIGTERM：不再接新任务，最多再等 1 秒")
                deadline.reschedule(loop.time() + 1.0)
            log("全部任务按时完成")
    except TimeoutError:
        log("期限已到，剩下的任务都已取消")
    finally:
        loop.remove_signal_handler(signal.SIGTERM)
    log("退出，状态码 0")


asyncio.run(main())

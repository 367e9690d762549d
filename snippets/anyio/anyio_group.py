import time

import anyio

start = 0.0


def log(message: str) -> None:
    print(f"[{time.perf_counter() - start:.1f} 秒] {message}")


async def worker(name: str, seconds: float) -> None:
    try:
        await anyio.sleep(seconds)
        log(f"{name}: 完成")
    except anyio.get_cancelled_exc_class():
        log(f"{name}: 被取消")
        raise


async def main() -> None:
    global start
    start = time.perf_counter()
    try:
        with anyio.fail_after(1.5):  # 普通的 with：取消范围不需要 await
            async with anyio.create_task_group() as tg:
                tg.start_soon(worker, "快的", 1)  # 传函数和参数，不是协程对象
                tg.start_soon(worker, "慢的", 3)
    except TimeoutError:
        log("main: TimeoutError")


anyio.run(main)

import time

import anyio

start = 0.0


def log(message: str) -> None:
    print(f"[{time.perf_counter() - start:.1f} 秒] {message}")


async def mirror(name: str, seconds: float, winner: list[str], scope: anyio.CancelScope) -> None:
    await anyio.sleep(seconds)
    winner.append(name)
    scope.cancel()  # 第一个完成的取消整个组


async def main() -> None:
    global start
    start = time.perf_counter()
    with anyio.move_on_after(0.5) as scope:  # 到时间就取消，不抛异常
        await anyio.sleep(3)
    log(f"move_on_after(0.5): cancelled_caught = {scope.cancelled_caught}")

    winner: list[str] = []
    async with anyio.create_task_group() as tg:
        for name, seconds in [("镜像 A", 1.0), ("镜像 B", 0.3), ("镜像 C", 2.0)]:
            tg.start_soon(mirror, name, seconds, winner, tg.cancel_scope)
    log(f"最快的是 {winner}，其余两个已被取消")

    with anyio.CancelScope() as scope:
        scope.cancel()  # 自己取消自己：范围里的下一个 await 立即被取消
        await anyio.sleep(1)
        log("不会打印")
    log(f"CancelScope.cancel(): cancelled_caught = {scope.cancelled_caught}")


anyio.run(main)

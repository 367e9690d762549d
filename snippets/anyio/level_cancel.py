import time
from collections.abc import Callable

import anyio


async def stubborn(log: Callable[[str], None]) -> None:
    try:
        await anyio.sleep(10)
    except anyio.get_cancelled_exc_class():
        log("收到取消，吞掉它")  # 常见的错误：没有重新抛出
    with anyio.CancelScope(shield=True):
        await anyio.sleep(0.3)  # 屏蔽的范围里，取消暂时够不着：清理工作写在这里
        log("屏蔽范围里的 await 正常结束")
    try:
        await anyio.sleep(0.3)  # 范围还在取消状态：下一个 await 立刻又被取消
        log("不会打印")
    except anyio.get_cancelled_exc_class():
        log("范围外的下一个 await 又被取消")
        raise


async def main(backend: str) -> None:
    start = time.perf_counter()

    def log(message: str) -> None:
        print(f"{backend:7} [{time.perf_counter() - start:.1f} 秒] {message}")

    async with anyio.create_task_group() as tg:
        tg.start_soon(stubborn, log)
        await anyio.sleep(0.2)
        tg.cancel_scope.cancel()
    log(f"任务组结束，cancel_scope.cancelled_caught = {tg.cancel_scope.cancelled_caught}")


for backend in ("asyncio", "trio"):
    anyio.run(main, backend, backend=backend)

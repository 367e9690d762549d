import asyncio
import gc
from collections.abc import Coroutine
from typing import Any

# 保存后台任务的强引用：事件循环自己只保留弱引用
background_tasks: set[asyncio.Task[None]] = set()


def fire_and_forget(coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
    task = asyncio.create_task(coro)
    background_tasks.add(task)  # 任务完成之前，集合让它一直可达
    task.add_done_callback(background_tasks.discard)  # 完成后自动移除，集合不会无限增长
    return task


async def send_log(n: int, delay: float) -> None:
    await asyncio.sleep(delay)
    print(f"日志 {n} 已发送（剩余后台任务 {len(background_tasks)} 个，含自己）")


async def main() -> None:
    for n, delay in enumerate([0.3, 0.1, 0.2], start=1):
        fire_and_forget(send_log(n, delay))
    gc.collect()
    print(f"gc 之后的后台任务数：{len(background_tasks)}")

    # 退出前等后台任务做完：asyncio.run() 返回前会取消所有还没完成的任务
    await asyncio.gather(*background_tasks)
    print(f"全部完成后的后台任务数：{len(background_tasks)}")


asyncio.run(main())

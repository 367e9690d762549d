import asyncio
import gc
import weakref
from collections.abc import Coroutine
from typing import Any

# 保存后台任务的强引用：事件循环自己只保留弱引用
background_tasks: set[asyncio.Task[None]] = set()


def fire_and_forget(coro: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
    task = asyncio.create_task(coro)
    background_tasks.add(task)  # 任务完成之前，集合让它一直可达
    task.add_done_callback(background_tasks.discard)  # 完成后自动移除，集合不会无限增长
    return task


# 等待回复的 Future 对象，按请求编号登记；只是弱引用，没人等的请求不会在这里越积越多
replies: weakref.WeakValueDictionary[int, asyncio.Future[str]] = weakref.WeakValueDictionary()


async def request(n: int) -> None:
    reply = asyncio.get_running_loop().create_future()
    replies[n] = reply
    print(f"请求 {n} 收到：{await reply}")  # 除了这个任务，没有别的对象强引用 reply


def deliver(n: int) -> None:
    """回复到达：找到等它的 Future 对象，设置结果。"""
    if (reply := replies.get(n)) is not None:
        reply.set_result(f"回复 {n}")
    else:
        print(f"回复 {n} 到达，但等它的任务已经被回收了")


async def main() -> None:
    asyncio.create_task(request(1))  # noqa: RUF006  没有保存任务：这正是要演示的错误
    fire_and_forget(request(2))  # 用集合持有
    await asyncio.sleep(0)  # 两个任务都运行到 await reply
    print(f"gc 之前的后台任务数：{len(background_tasks)}")

    gc.collect()
    deliver(1)
    deliver(2)

    await asyncio.gather(*background_tasks)  # 退出前等后台任务做完
    print(f"全部完成后的后台任务数：{len(background_tasks)}")


asyncio.run(main())

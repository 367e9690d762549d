import asyncio


class Found(Exception):
    """不是错误：用来提前结束任务组的信号。"""


async def search(name: str, delay: float) -> None:
    await asyncio.sleep(delay)
    print(f"{name} 找到了")
    raise Found  # 目的已经达到：任务组会取消其余的任务


async def main() -> None:
    tasks: list[asyncio.Task[None]] = []
    try:
        async with asyncio.TaskGroup() as tg:
            for name, delay in [("A", 0.3), ("B", 0.1), ("C", 0.2)]:
                tasks.append(tg.create_task(search(name, delay), name=name))
    except* Found:
        pass  # 吞掉信号，任务组就像正常结束一样
    print(f"任务组已结束，被取消的任务：{[t.get_name() for t in tasks if t.cancelled()]}")


asyncio.run(main())

import asyncio


async def search(name: str, delay: float, tg: asyncio.TaskGroup) -> None:
    await asyncio.sleep(delay)
    print(f"{name} 找到了")
    tg.cancel()  # 3.15+：取消组里其余的任务，async with 正常结束


async def main() -> None:
    tasks: list[asyncio.Task[None]] = []
    async with asyncio.TaskGroup() as tg:
        for name, delay in [("A", 0.3), ("B", 0.1), ("C", 0.2)]:
            tasks.append(tg.create_task(search(name, delay, tg), name=name))
    print(f"任务组已结束，被取消的任务：{[t.get_name() for t in tasks if t.cancelled()]}")


asyncio.run(main())

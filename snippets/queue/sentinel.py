import asyncio

STOP = None  # 哨兵：一个不可能是真实任务的值


async def worker(name: str, queue: asyncio.Queue[int | None]) -> int:
    handled = 0
    while True:
        job = await queue.get()
        if job is STOP:
            print(f"{name} 收到哨兵，退出（处理了 {handled} 个任务）")
            return handled
        await asyncio.sleep(0.1)  # 模拟处理
        handled += 1


async def main() -> None:
    queue: asyncio.Queue[int | None] = asyncio.Queue()
    for job in range(6):
        queue.put_nowait(job)
    for _ in range(3):  # 每个工作者一个哨兵，放在所有真实任务之后
        queue.put_nowait(STOP)

    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(worker(f"worker-{i}", queue)) for i in range(3)]
    print(f"共处理 {sum(t.result() for t in tasks)} 个任务，队列剩余 {queue.qsize()} 项")


asyncio.run(main())

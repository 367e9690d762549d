import asyncio
from asyncio import QueueShutDown  # 3.13+：在更早的版本上，程序在这一行就以 ImportError 结束


async def worker(name: str, queue: asyncio.Queue[int]) -> int:
    handled = 0
    while True:
        try:
            job = await queue.get()
        except QueueShutDown:  # 队列已关闭，而且已经取空
            print(f"{name} 收到 QueueShutDown，退出（处理了 {handled} 个任务）")
            return handled
        await asyncio.sleep(0.05)  # 模拟处理
        print(f"{name} 处理完任务 {job}")
        handled += 1


async def main() -> None:
    queue: asyncio.Queue[int] = asyncio.Queue()
    async with asyncio.TaskGroup() as tg:
        tasks = [tg.create_task(worker(f"worker-{i}", queue)) for i in range(3)]
        for job in range(6):  # 生产者：每 0.1 秒产生一个任务
            await queue.put(job)
            await asyncio.sleep(0.1)
        # 代替「每个工作者一个哨兵」：此刻 3 个工作者都停在 get() 上等待，关闭队列把它们全部唤醒
        queue.shutdown()
        try:
            await queue.put(6)
        except QueueShutDown:
            print("关闭之后再 put()：抛出 QueueShutDown")
    print(f"共处理 {sum(t.result() for t in tasks)} 个任务")


asyncio.run(main())

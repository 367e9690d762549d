import asyncio
from asyncio import QueueShutDown  # 3.13+


async def worker(queue: asyncio.Queue[int], busy: asyncio.Event) -> None:
    while True:
        try:
            job = await queue.get()
        except QueueShutDown:
            print("工作者：get() 抛出 QueueShutDown，退出")
            return
        busy.set()
        try:
            await asyncio.sleep(0.1)  # 模拟处理
            print(f"工作者：处理完任务 {job}，调用 task_done()")
        finally:
            queue.task_done()


async def main() -> None:
    queue: asyncio.Queue[int] = asyncio.Queue()
    for job in range(5):
        queue.put_nowait(job)
    busy = asyncio.Event()
    task = asyncio.create_task(worker(queue, busy))
    await busy.wait()  # 工作者已经取走任务 0，正在处理
    print(f"关闭前：队列里还有 {queue.qsize()} 项")
    queue.shutdown(immediate=True)  # 丢弃队列里剩下的项
    print(f"shutdown(immediate=True) 之后：队列里还有 {queue.qsize()} 项")
    await queue.join()
    print("join() 返回")
    await task


asyncio.run(main())

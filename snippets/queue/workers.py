import asyncio
import time


async def main() -> None:
    queue: asyncio.Queue[int] = asyncio.Queue()
    for job in range(9):
        queue.put_nowait(job)

    async def handle(name: str, job: int) -> None:
        await asyncio.sleep(0.2)  # 模拟处理一个任务
        print(f"{name} 完成任务 {job}")

    async def worker(name: str) -> None:
        while True:
            job = await queue.get()  # 队列为空时在这里等待
            try:
                await handle(name, job)
            finally:
                queue.task_done()  # 每个 get() 对应一次 task_done()，join() 靠它计数

    start = time.perf_counter()
    workers = [asyncio.create_task(worker(f"w{i}")) for i in range(3)]

    await queue.join()  # 等到每个放进队列的任务都被 task_done()
    print(f"queue.join() 返回：9 个任务、3 个工作者，耗时 {time.perf_counter() - start:.1f} 秒")

    for w in workers:  # 工作者都还卡在 queue.get() 上：逐个取消
        w.cancel()
    results = await asyncio.gather(*workers, return_exceptions=True)
    print(f"工作者的结局: {[type(r).__name__ for r in results]}")


asyncio.run(main())

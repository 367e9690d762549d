import asyncio
import time


async def work() -> None:
    pass  # 什么都不做：量的只是任务本身的开销


async def measure(n: int) -> tuple[float, float]:
    """创建 n 个任务、再让它们运行完，各用了多少秒。"""
    start = time.perf_counter()
    tasks = [asyncio.create_task(work()) for _ in range(n)]
    created = time.perf_counter()
    # create_task 只是把任务排进就绪队列。主协程让出一次，事件循环就把排在它前面的 n 个任务依次运行完
    await asyncio.sleep(0)
    ran = time.perf_counter()
    assert all(task.done() for task in tasks)
    return created - start, ran - created


async def main() -> None:
    for n in (10_000, 100_000):
        rounds = [await measure(n) for _ in range(2)]  # 测 2 遍，各取最快的一遍
        create = min(c for c, _ in rounds)
        run = min(r for _, r in rounds)
        print(f"{n} 个任务，共计：{create + run:.3f} 秒")
        print(f"{n} 个任务，创建每个：{create / n * 1e6:.2f} µs")
        print(f"{n} 个任务，运行每个：{run / n * 1e6:.2f} µs")


asyncio.run(main())

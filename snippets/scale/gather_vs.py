import asyncio
import time
from collections.abc import Awaitable, Callable

N = 10_000


async def work(i: int) -> int:
    return i  # 不挂起，立即返回：量的只是「怎样等一批协程」本身的开销


async def awaited_one_by_one() -> int:
    return sum([await work(i) for i in range(N)])  # 不并发：没有任务，只是依次 await


async def with_gather() -> int:
    return sum(await asyncio.gather(*(work(i) for i in range(N))))


async def with_taskgroup() -> int:
    async with asyncio.TaskGroup() as tg:  # 3.11+
        tasks = [tg.create_task(work(i)) for i in range(N)]
    return sum(task.result() for task in tasks)


async def with_as_completed() -> int:
    return sum([await next_done for next_done in asyncio.as_completed([work(i) for i in range(N)])])


async def main() -> None:
    ways: dict[str, Callable[[], Awaitable[int]] | None] = {
        "依次 await（不并发）": awaited_one_by_one,
        "gather": with_gather,
        "TaskGroup": with_taskgroup if hasattr(asyncio, "TaskGroup") else None,  # 3.11 起才有
        "as_completed": with_as_completed,
    }
    best = dict.fromkeys(ways, float("inf"))
    for _ in range(3):  # 轮流测 3 遍，各取最快的一遍
        for name, way in ways.items():
            if way is None:
                continue
            start = time.perf_counter()
            assert await way() == N * (N - 1) // 2
            best[name] = min(best[name], time.perf_counter() - start)
    print(f"{N} 个立即返回的协程，每个的开销：")
    for name, seconds in best.items():
        print(f"{name}：{seconds / N * 1e6:.2f} µs" if ways[name] else f"{name}：没有（3.11 起才有）")


asyncio.run(main())

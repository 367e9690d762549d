import asyncio
import os
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor

JOBS = 4
N = 1_000_000  # 每个任务的计算量（纯 Python 循环）
ROUNDS = 5  # 轮流测 5 遍，每种方式取最快的一遍：机器上别的进程只会让某一遍变慢
CPUS = os.cpu_count() or 1


def crunch(n: int) -> float:
    """算一遍，返回这个线程为此用掉的 CPU 时间（秒）。"""
    start = time.thread_time()
    sum(i * i % 7 for i in range(n))
    return time.thread_time() - start


async def crunch_async(n: int) -> float:
    return crunch(n)  # 写成协程也没用：中间没有 await，照样一个接一个地算


async def sequential() -> list[float]:
    return [crunch(N) for _ in range(JOBS)]


async def with_asyncio() -> list[float]:
    return await asyncio.gather(*(crunch_async(N) for _ in range(JOBS)))


async def in_pool(pool: Executor) -> list[float]:
    loop = asyncio.get_running_loop()
    return await asyncio.gather(*(loop.run_in_executor(pool, crunch, N) for _ in range(JOBS)))


async def main() -> None:
    print(f"{JOBS} 个 CPU 密集任务；本机 {CPUS} 个 CPU")
    with ThreadPoolExecutor(JOBS) as threads, ProcessPoolExecutor(CPUS) as processes:
        ways: dict[str, Callable[[], Awaitable[list[float]]]] = {
            "顺序执行": sequential,
            f"asyncio（{JOBS} 个协程）": with_asyncio,
            f"线程池（{JOBS} 个线程）": lambda: in_pool(threads),
            f"进程池（{CPUS} 个进程）": lambda: in_pool(processes),
        }
        best: dict[str, tuple[float, float]] = {}  # 方式 -> (耗时, CPU 时间)
        for _ in range(ROUNDS):  # 轮流测：机器速度的起伏落在每种方式上，而不是只落在某一种上
            for label, way in ways.items():
                start = time.perf_counter()
                cpu = sum(await way())
                wall = time.perf_counter() - start
                if label not in best or wall < best[label][0]:
                    best[label] = (wall, cpu)
    for label, (wall, cpu) in best.items():
        print(f"{label}: {wall:.2f} 秒，平均 {cpu / wall:.1f} 个 CPU 在计算")
    base = best["顺序执行"][0]
    t, p = (best[label][0] for label in list(ways)[2:])
    print(f"相对顺序执行的加速比：线程池 {base / t:.1f} 倍，进程池 {base / p:.1f} 倍")


# 用到进程池的脚本需要这个保护：在 spawn/forkserver 启动方式下（Windows、macOS，
# 以及 3.14 起的 Linux），子进程会重新导入本文件，没有它就会在子进程里再运行一遍 main()。
if __name__ == "__main__":
    asyncio.run(main())

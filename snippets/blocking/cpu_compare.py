import asyncio
import os
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor

JOBS = 4
N = 1_000_000  # 每个任务的计算量（纯 Python 循环）
REPEAT = 5  # 和 timeit 一样取多次中最快的一次：机器上别的进程只会让某一次变慢
CPUS = os.cpu_count() or 1


def crunch(n: int) -> int:
    return sum(i * i % 7 for i in range(n))


async def crunch_async(n: int) -> int:
    return crunch(n)  # 写成协程也没用：中间没有 await，照样一个接一个地算


async def sequential() -> None:
    for _ in range(JOBS):
        crunch(N)


async def in_pool(pool: Executor) -> None:
    loop = asyncio.get_running_loop()
    await asyncio.gather(*(loop.run_in_executor(pool, crunch, N) for _ in range(JOBS)))


async def with_asyncio() -> None:
    await asyncio.gather(*(crunch_async(N) for _ in range(JOBS)))


async def timed(label: str, work: Callable[[], Awaitable[None]]) -> float:
    runs = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        await work()
        runs.append(time.perf_counter() - start)
    print(f"{label}: {min(runs):.2f} 秒")
    return min(runs)


async def main() -> None:
    print(f"{JOBS} 个 CPU 密集任务；本机 {CPUS} 个 CPU")
    base = await timed("顺序执行", sequential)
    await timed(f"asyncio（{JOBS} 个协程）", with_asyncio)
    with ThreadPoolExecutor(max_workers=JOBS) as threads:
        t = await timed(f"线程池（{JOBS} 个线程）", lambda: in_pool(threads))
    with ProcessPoolExecutor(max_workers=CPUS) as processes:
        p = await timed(f"进程池（{CPUS} 个进程）", lambda: in_pool(processes))
    print(f"相对顺序执行的加速比：线程池 {base / t:.1f} 倍，进程池 {base / p:.1f} 倍")


# 用到进程池的脚本需要这个保护：在 spawn/forkserver 启动方式下（Windows、macOS，
# 以及 3.14 起的 Linux），子进程会重新导入本文件，没有它就会在子进程里再运行一遍 main()。
if __name__ == "__main__":
    asyncio.run(main())

import asyncio
import os
import time
from collections.abc import Awaitable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor

JOBS = 6
WAIT = 0.2  # 每个任务等待 0.2 秒（好比一次网络请求）
CPUS = os.cpu_count() or 1


def io_job(n: int) -> int:
    time.sleep(WAIT)  # 阻塞式等待
    return n


async def io_job_async(n: int) -> int:
    await asyncio.sleep(WAIT)  # 非阻塞等待
    return n


async def sequential() -> None:
    for n in range(JOBS):
        io_job(n)


async def in_pool(pool: Executor) -> None:
    loop = asyncio.get_running_loop()
    # run_in_executor 把同步函数交给指定的线程池/进程池，返回一个可以 await 的 Future 对象
    await asyncio.gather(*(loop.run_in_executor(pool, io_job, n) for n in range(JOBS)))


async def with_asyncio(jobs: int) -> None:
    await asyncio.gather(*(io_job_async(n) for n in range(jobs)))


async def timed(label: str, work: Awaitable[None]) -> None:
    start = time.perf_counter()
    await work
    print(f"{label}: {time.perf_counter() - start:.2f} 秒")


async def main() -> None:
    print(f"{JOBS} 个 I/O 任务，每个等待 {WAIT} 秒；本机 {CPUS} 个 CPU")
    await timed("顺序执行", sequential())
    with ThreadPoolExecutor(max_workers=JOBS) as threads:
        await timed(f"线程池（{JOBS} 个线程）", in_pool(threads))
    with ProcessPoolExecutor(max_workers=CPUS) as processes:
        await timed(f"进程池（{CPUS} 个进程）", in_pool(processes))
    await timed(f"asyncio（{JOBS} 个协程，1 个线程）", with_asyncio(JOBS))
    await timed("asyncio（10000 个协程，1 个线程）", with_asyncio(10_000))


# 用到进程池的脚本需要这个保护：在 spawn/forkserver 启动方式下（Windows、macOS，
# 以及 3.14 起的 Linux），子进程会重新导入本文件，没有它就会在子进程里再运行一遍 main()。
if __name__ == "__main__":
    asyncio.run(main())

import asyncio
import sys
import time

running = 0
peak = 0


async def job(n: int, limit: asyncio.Semaphore) -> float:
    global running, peak
    async with limit:  # 同一时刻最多 3 个子进程
        running += 1
        peak = max(peak, running)
        start = time.perf_counter()
        proc = await asyncio.create_subprocess_exec(sys.executable, "-c", "import time; time.sleep(0.5)")
        await proc.wait()
        running -= 1
        return time.perf_counter() - start


async def main() -> None:
    limit = asyncio.Semaphore(3)
    start = time.perf_counter()
    durations = await asyncio.gather(*(job(n, limit) for n in range(1, 7)))
    total = time.perf_counter() - start
    print(f"6 个子进程，最多同时运行 {peak} 个")
    print(f"各子进程耗时之和 {sum(durations):.1f} 秒")
    print(f"总耗时 {total:.1f} 秒")


asyncio.run(main())

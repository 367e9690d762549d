import asyncio
import time

gaps: list[float] = []


async def heartbeat() -> None:
    last = time.perf_counter()
    while True:
        await asyncio.sleep(0.1)
        gaps.append(time.perf_counter() - last)  # 两次心跳之间实际隔了多久
        last = time.perf_counter()


async def crunch(n: int) -> int:
    # 纯 CPU 计算：没有任何 await，事件循环在它算完之前无法切换
    return sum(i * i % 7 for i in range(n))


async def main() -> None:
    beat = asyncio.create_task(heartbeat())
    await asyncio.sleep(0.35)  # 先正常跳几次
    start = time.perf_counter()
    await crunch(6_000_000)
    cpu_seconds = time.perf_counter() - start
    await asyncio.sleep(0.25)  # 再正常跳几次
    beat.cancel()

    print(f"CPU 计算耗时 {cpu_seconds:.2f} 秒")
    print(f"心跳间隔（秒）: {[round(g, 2) for g in gaps]}")
    print(f"最长间隔 {max(gaps):.2f} 秒，应为 0.10 秒")


asyncio.run(main())

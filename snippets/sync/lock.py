import asyncio

counter = 0


async def add_one(lock: asyncio.Lock, times: int) -> None:
    global counter
    for _ in range(times):
        async with lock:  # 同一时刻只有一个协程能进入这段「读-改-写」
            current = counter
            await asyncio.sleep(0)  # 即使在这里让出控制权，别的协程也进不来
            counter = current + 1


async def main() -> None:
    lock = asyncio.Lock()
    await asyncio.gather(*(add_one(lock, 100) for _ in range(10)))
    print(f"加锁之后: 期望 1000，实际 {counter}")


asyncio.run(main())

import asyncio

counter = 0


async def add_one_atomic(times: int) -> None:
    global counter
    for _ in range(times):
        counter += 1  # 读、改、写之间没有 await：不会被别的协程打断


async def add_one_racy(times: int) -> None:
    global counter
    for _ in range(times):
        current = counter  # 读
        await asyncio.sleep(0)  # 模拟一次 I/O（例如查询数据库）：在这里让出控制权
        counter = current + 1  # 写：此时 counter 可能早已被别的协程改过


async def main() -> None:
    global counter
    for worker in (add_one_atomic, add_one_racy):
        counter = 0
        await asyncio.gather(*(worker(100) for _ in range(10)))
        print(f"{worker.__name__}: 期望 1000，实际 {counter}")


asyncio.run(main())

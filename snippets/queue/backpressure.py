import asyncio
import time

START = time.perf_counter()


def now() -> str:
    return f"[{time.perf_counter() - START:.1f} s]"


async def producer(queue: asyncio.Queue[int | None]) -> None:
    for item in range(6):
        await queue.put(item)  # 队列满了就在这里等，直到消费者取走一项
        print(f"{now()} 生产者放入 {item}，队列长度 {queue.qsize()}")
    await queue.put(None)  # 告诉消费者：没有更多了


async def consumer(queue: asyncio.Queue[int | None]) -> None:
    while (item := await queue.get()) is not None:
        await asyncio.sleep(0.2)  # 消费者慢：每项 0.2 秒
        print(f"{now()} 消费者处理完 {item}")


async def main() -> None:
    queue: asyncio.Queue[int | None] = asyncio.Queue(maxsize=2)  # 有界队列
    async with asyncio.TaskGroup() as tg:
        tg.create_task(producer(queue))
        tg.create_task(consumer(queue))


asyncio.run(main())

import asyncio


def make_item(i: int) -> str:
    return f"任务 {i}"


async def handle(item: str) -> None:
    await asyncio.sleep(0.1)  # 处理一个任务比生产它慢得多


async def consumer(queue: asyncio.Queue[str]) -> None:
    while True:
        item = await queue.get()
        await handle(item)
        queue.task_done()


async def main(n: int = 10) -> None:
    """目标：队列里最多积压 3 个任务（生产者要等消费者腾出位置）；全部处理完之后，两个消费者都已结束。"""
    queue: asyncio.Queue[str] = asyncio.Queue()
    consumers = [asyncio.create_task(consumer(queue)) for _ in range(2)]
    for i in range(n):
        await queue.put(make_item(i))
    await queue.join()
    print(f"处理完 {n} 个任务，还在运行的消费者：{sum(not c.done() for c in consumers)} 个")


asyncio.run(main())

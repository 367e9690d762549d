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
    queue: asyncio.Queue[str] = asyncio.Queue(maxsize=3)  # 有界队列：满了，put() 就等待
    consumers = [asyncio.create_task(consumer(queue)) for _ in range(2)]
    for i in range(n):
        await queue.put(make_item(i))
    await queue.join()  # 每个任务都 task_done() 了
    for c in consumers:  # 消费者停在 queue.get() 上，取消它们
        c.cancel()
    await asyncio.gather(*consumers, return_exceptions=True)  # 等它们真正结束
    print(f"处理完 {n} 个任务，还在运行的消费者：{sum(not c.done() for c in consumers)} 个")


asyncio.run(main())

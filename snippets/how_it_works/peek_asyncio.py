import asyncio


async def say_after(delay: float, message: str) -> str:
    await asyncio.sleep(delay)
    return message


async def main() -> None:
    # 注意：下面读的 _ready、_scheduled、_selector 都是私有属性，只为观察，别在正式代码里用
    loop = asyncio.get_running_loop()
    print(f"事件循环: {type(loop).__name__}")
    print(f"就绪队列 loop._ready: {type(loop._ready).__name__}")
    print(f"定时器 loop._scheduled: {type(loop._scheduled).__name__}（用 heapq 维护的堆）")
    print(f"I/O 多路复用 loop._selector: {type(loop._selector).__name__}")

    task1 = asyncio.create_task(say_after(1, "Hello"))
    task2 = asyncio.create_task(say_after(2, "World"))
    print(f"create_task 之后: 就绪队列 {len(loop._ready)} 个回调（两个任务的第一步），定时器 {len(loop._scheduled)} 个")

    await asyncio.sleep(0)  # 让出一次：两个任务各运行到 await asyncio.sleep(...)
    timers = sorted(loop._scheduled, key=lambda h: h.when())
    for h in timers:
        print(f"  定时器: {h.when() - loop.time():.1f} 秒后调用 {h._callback.__name__}")

    print(await task1, await task2)
    print(f"Task 和 Future 的实现在 C 模块里: {asyncio.Task.__module__}, {asyncio.Future.__module__}")


asyncio.run(main())

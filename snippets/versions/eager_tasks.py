import asyncio

CACHE = {"AAPL": 42.0}


async def get_price(symbol: str) -> float:
    if symbol in CACHE:
        return CACHE[symbol]  # 命中缓存：一次 await 都不需要
    await asyncio.sleep(0.01)  # 模拟网络请求
    return 0.0


async def main() -> None:
    if hasattr(asyncio, "eager_task_factory"):  # 3.12+
        asyncio.get_running_loop().set_task_factory(asyncio.eager_task_factory)
        print("使用 eager_task_factory：任务在 create_task() 里就开始执行")
    else:
        print("没有 eager_task_factory：任务要等到下一轮事件循环才开始执行")
    task = asyncio.create_task(get_price("AAPL"))
    print(f"create_task() 返回时，任务已经完成? {task.done()}")
    print(f"结果: {await task}")


asyncio.run(main())

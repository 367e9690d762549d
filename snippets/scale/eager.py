import asyncio
import time
from collections.abc import Callable, Coroutine
from typing import Any

N = 10_000
cache = {i: i * i for i in range(N)}  # 要的数据都已经在缓存里


async def lookup(i: int) -> int:
    if i in cache:
        return cache[i]  # 命中缓存：不挂起，第一步就结束
    await asyncio.sleep(0.1)  # 没命中才去「查数据库」（这里不会走到）
    return i * i


async def hop(i: int) -> int:
    await asyncio.sleep(0)  # 挂起一次
    return i


WAYS = {"普通任务": None, "急切任务": asyncio.eager_task_factory}  # 任务工厂；eager_task_factory 3.12 起才有


async def per_task(fn: Callable[[int], Coroutine[Any, Any, int]]) -> float:
    start = time.perf_counter()
    await asyncio.gather(*[asyncio.create_task(fn(i)) for i in range(N)])
    return (time.perf_counter() - start) / N * 1e6


async def main() -> None:
    loop = asyncio.get_running_loop()
    for name, factory in WAYS.items():
        loop.set_task_factory(factory)
        task = asyncio.create_task(lookup(1))
        print(f"{name}：create_task 返回时已经完成？{task.done()}")
        await task

    for kind, fn in (("不挂起就结束", lookup), ("挂起一次", hop)):
        best = dict.fromkeys(WAYS, float("inf"))
        for _ in range(3):  # 轮流测 3 遍，各取最快的一遍
            for name, factory in WAYS.items():
                loop.set_task_factory(factory)
                best[name] = min(best[name], await per_task(fn))
        for name, micros in best.items():
            print(f"{kind}，{name}：{micros:.2f} µs")
        print(f"{kind}，急切 ÷ 普通：{best['急切任务'] / best['普通任务']:.2f} 倍")


asyncio.run(main())

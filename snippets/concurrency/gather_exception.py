import asyncio
import time

START = time.perf_counter()


def now() -> str:
    return f"第 {time.perf_counter() - START:.2f} 秒"


async def say_after(delay: float, message: str) -> str:
    await asyncio.sleep(delay)
    print(f"  {now()}：{message} 完成")
    return message


async def fail_after(delay: float) -> str:
    await asyncio.sleep(delay)
    raise ValueError("出错了")


async def main() -> None:
    # 先自己创建任务并保留引用，之后才能检查它们的状态
    tasks = [
        asyncio.create_task(say_after(1, "Hello")),
        asyncio.create_task(fail_after(0.5)),
        asyncio.create_task(say_after(1.5, "World")),
    ]
    try:
        results = await asyncio.gather(*tasks)
        print(results)  # 不会运行到这里
    except ValueError as e:
        print(f"{now()}：gather 抛出 {e!r}")
        print(f"此时各任务是否完成：{[t.done() for t in tasks]}")
        print(f"此时各任务是否被取消：{[t.cancelled() for t in tasks]}")

    await asyncio.sleep(1.2)  # 其他任务并没有停下，它们还在继续运行
    print(f"{now()}：各任务已完成：{[t.done() for t in tasks]}")
    print(f"它们的结果：{tasks[0].result()!r}、{tasks[2].result()!r}")


asyncio.run(main())

import asyncio


async def fetch(name: str, delay: float) -> str:
    await asyncio.sleep(delay)
    return f"{name}的数据"


async def main() -> None:
    tasks = [asyncio.create_task(fetch(name, delay)) for name, delay in [("慢", 0.3), ("快", 0.1), ("中", 0.2)]]
    # 普通 for：每次得到一个新的协程，await 它才拿到「下一个完成的」结果
    for next_done in asyncio.as_completed(tasks):
        is_original = any(next_done is t for t in tasks)
        print(f"{type(next_done).__name__}，是传进去的任务之一：{is_original}，结果：{await next_done}")


asyncio.run(main())

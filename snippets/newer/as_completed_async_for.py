import asyncio


async def fetch(name: str, delay: float) -> str:
    await asyncio.sleep(delay)
    return f"{name}的数据"


async def main() -> None:
    tasks = [
        asyncio.create_task(fetch(name, delay), name=name) for name, delay in [("慢", 0.3), ("快", 0.1), ("中", 0.2)]
    ]
    # 3.13+ 的 async for：按完成顺序给出传进去的任务对象本身，它此时已经完成
    async for task in asyncio.as_completed(tasks):
        is_original = any(task is t for t in tasks)
        print(f"{task.get_name()}：{type(task).__name__}，是传进去的任务之一：{is_original}，结果：{task.result()}")


asyncio.run(main())

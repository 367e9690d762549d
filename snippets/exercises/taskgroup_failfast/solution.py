import asyncio


async def job(name: str, seconds: float, fail: bool = False) -> str:
    await asyncio.sleep(seconds)
    if fail:
        raise RuntimeError(f"{name} 失败")
    return name


async def run_jobs() -> list[str]:
    # TaskGroup（3.11+）：一个任务失败，组里其余的任务被取消；离开 async with 时它们都已结束
    async with asyncio.TaskGroup() as tg:
        tasks = [
            tg.create_task(job("下载", 2)),
            tg.create_task(job("解析", 0.3, fail=True)),
            tg.create_task(job("上传", 2)),
        ]
    return [task.result() for task in tasks]


async def main() -> None:
    try:
        print(await run_jobs())
    except* RuntimeError as group:  # except* 既接得住 RuntimeError 本身，也接得住包在 ExceptionGroup 里的
        print(f"失败：{group.exceptions}")


asyncio.run(main())

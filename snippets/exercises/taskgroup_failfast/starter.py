import asyncio


async def job(name: str, seconds: float, fail: bool = False) -> str:
    await asyncio.sleep(seconds)
    if fail:
        raise RuntimeError(f"{name} 失败")
    return name


async def run_jobs() -> list[str]:
    """目标：一个 job 失败，就立即取消其余的；run_jobs 抛出异常时，已经没有 job 还在运行。"""
    return await asyncio.gather(job("下载", 2), job("解析", 0.3, fail=True), job("上传", 2))


async def main() -> None:
    try:
        print(await run_jobs())
    except* RuntimeError as group:  # except* 既接得住 RuntimeError 本身，也接得住包在 ExceptionGroup 里的
        print(f"失败：{group.exceptions}")


asyncio.run(main())

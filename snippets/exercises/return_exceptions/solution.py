import asyncio


async def fetch(name: str) -> str:
    await asyncio.sleep(0.3)
    if name.startswith("坏"):
        raise ValueError(f"{name} 下载失败")
    return f"{name} 的内容"


async def fetch_all(names: list[str]) -> list[str | BaseException]:
    # return_exceptions=True：异常不再向外抛出，而是和结果一起按顺序放进列表
    return await asyncio.gather(*(fetch(name) for name in names), return_exceptions=True)


async def main() -> None:
    for result in await fetch_all(["甲", "坏乙", "丙"]):
        print(repr(result))


asyncio.run(main())

import asyncio


async def fetch(name: str) -> str:
    await asyncio.sleep(0.3)
    if name.startswith("坏"):
        raise ValueError(f"{name} 下载失败")
    return f"{name} 的内容"


async def fetch_all(names: list[str]) -> list[str | BaseException]:
    """目标：同时下载 names，按顺序返回每一个的结果；失败的位置放它抛出的异常，成功的结果一个也不丢。"""
    try:
        return await asyncio.gather(*(fetch(name) for name in names))
    except ValueError as e:
        print(f"出错了：{e}")
        return []


async def main() -> None:
    for result in await fetch_all(["甲", "坏乙", "丙"]):
        print(repr(result))


asyncio.run(main())

import asyncio


async def slow_query() -> str:
    await asyncio.sleep(3)  # 对端迟迟不回应
    return "查询结果"


async def query_with_timeout(seconds: float) -> str | None:
    """目标：最多等 seconds 秒。按时拿到结果就返回它；超时就返回 None，而且 slow_query 已经被取消、不再运行。"""
    return await slow_query()


async def main() -> None:
    print(await query_with_timeout(1))


asyncio.run(main())

import asyncio


async def slow_query() -> str:
    await asyncio.sleep(3)  # 对端迟迟不回应
    return "查询结果"


async def query_with_timeout(seconds: float) -> str | None:
    try:
        async with asyncio.timeout(seconds):  # 3.11+；更早的版本用 asyncio.wait_for(slow_query(), seconds)
            return await slow_query()
    except TimeoutError:  # 到点时 slow_query 已被取消，这里只需决定返回什么
        return None


async def main() -> None:
    print(await query_with_timeout(1))


asyncio.run(main())

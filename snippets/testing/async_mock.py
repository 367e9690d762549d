import asyncio
import time
from unittest.mock import AsyncMock, MagicMock


async def get_price(client: object, item: str, limit: float = 10.0) -> float | None:
    """被测代码：向 client 询价，超时就返回 None。"""
    try:
        async with asyncio.timeout(limit):
            return await client.fetch(item)  # type: ignore[attr-defined]
    except TimeoutError:
        return None


async def hang(*args: object) -> float:
    await asyncio.Event().wait()  # 永远不会返回：模拟一个卡住的服务
    return 0.0


async def main() -> None:
    client = MagicMock()
    client.fetch = AsyncMock(return_value=3.5)  # 调用它返回协程，await 得到 return_value
    print("正常返回:", await get_price(client, "apple"))
    client.fetch.assert_awaited_once_with("apple")  # 不只是被调用，而是被 await 了
    print("await 次数:", client.fetch.await_count)

    client.fetch = AsyncMock(side_effect=ConnectionError("连接被重置"))
    try:
        await get_price(client, "apple")
    except ConnectionError as e:
        print("side_effect 抛出:", e)

    client.fetch = AsyncMock(side_effect=hang)  # side_effect 是协程函数：await 它的结果
    start = time.perf_counter()
    result = await get_price(client, "apple", limit=0.05)  # 测试里把超时调小，而不是真等 10 秒
    print(f"超时返回: {result}，用时 {time.perf_counter() - start:.2f} 秒")

    client.fetch = MagicMock(return_value=3.5)  # 常见错误：用普通 MagicMock 代替协程函数
    try:
        await get_price(client, "apple")
    except TypeError as e:
        print("MagicMock:", e)


asyncio.run(main())

import asyncio


async def get_price(symbol: str) -> float:
    await asyncio.sleep(0.01)  # 模拟一次网络请求
    return 42.0


async def main() -> None:
    price = get_price("AAPL")  # 忘了 await：应该写 price = await get_price("AAPL")
    print(f"价格: {price}")
    print(f"price 的类型: {type(price).__name__}")


asyncio.run(main())

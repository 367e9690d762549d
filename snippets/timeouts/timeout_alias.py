import asyncio


async def main() -> None:
    print(f"asyncio.TimeoutError is TimeoutError: {asyncio.TimeoutError is TimeoutError}")
    try:
        await asyncio.wait_for(asyncio.sleep(1), timeout=0.1)
    except TimeoutError as e:  # 3.11+：直接用内置的 TimeoutError
        print(f"捕获到: {type(e).__module__}.{type(e).__name__}")


asyncio.run(main())

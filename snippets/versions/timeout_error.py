import asyncio


async def slow() -> None:
    await asyncio.sleep(1)


async def main() -> None:
    # 3.11 起，asyncio.TimeoutError 就是内置的 TimeoutError
    print(f"asyncio.TimeoutError is TimeoutError: {asyncio.TimeoutError is TimeoutError}")

    try:
        async with asyncio.timeout(0.05):  # 3.11+
            await slow()
    except TimeoutError as e:  # 内置异常，不必写 asyncio.TimeoutError
        print(f"asyncio.timeout 抛出: {type(e).__module__}.{type(e).__name__}")

    try:
        await asyncio.wait_for(slow(), timeout=0.05)
    except TimeoutError as e:
        print(f"asyncio.wait_for 抛出: {type(e).__module__}.{type(e).__name__}")


asyncio.run(main())

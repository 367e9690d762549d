import asyncio


async def slow() -> None:
    await asyncio.sleep(1)


async def main() -> None:
    # 3.11 起，asyncio.TimeoutError 就是内置的 TimeoutError
    print(f"asyncio.TimeoutError is TimeoutError: {asyncio.TimeoutError is TimeoutError}")
    try:
        await asyncio.wait_for(slow(), timeout=0.05)
    except TimeoutError as e:  # 3.11+：内置异常就能捕获
        print(f"except TimeoutError 捕获了 {type(e).__module__}.{type(e).__name__}")
    except asyncio.TimeoutError as e:  # noqa: UP041  3.10：只有写 asyncio.TimeoutError 才能捕获
        print(f"except TimeoutError 没有捕获 {type(e).__module__}.{type(e).__name__}")


asyncio.run(main())

import asyncio
import time


async def might_timeout() -> str:
    await asyncio.sleep(2.5)  # 一个要 2.5 秒的操作
    return "Success"


async def with_timeout() -> None:
    try:
        # 上限 1.5 秒：操作比上限慢
        result = await asyncio.wait_for(might_timeout(), timeout=1.5)
        print(result)
    except TimeoutError:  # 3.11 起 asyncio.TimeoutError 就是内置的 TimeoutError
        print("操作超时!")


async def main() -> None:
    start = time.monotonic()
    await with_timeout()
    print(f"耗时 {time.monotonic() - start:.2f} 秒（没有等 might_timeout 的 2.5 秒）")


asyncio.run(main())

import asyncio
import time


async def might_timeout() -> str:
    await asyncio.sleep(2.5)  # 常见的例子是 5 秒；缩短只为让示例跑得快
    return "Success"


async def with_timeout() -> None:
    try:
        # 设置超时：常见的例子是 3 秒，这里是 1.5 秒，道理相同——操作比限制慢
        result = await asyncio.wait_for(might_timeout(), timeout=1.5)
        print(result)
    except TimeoutError:  # 很多教程写 asyncio.TimeoutError：3.11 起两者是同一个类
        print("操作超时!")


async def main() -> None:
    start = time.monotonic()
    await with_timeout()
    print(f"耗时 {time.monotonic() - start:.2f} 秒（没有等 might_timeout 的 2.5 秒）")


asyncio.run(main())

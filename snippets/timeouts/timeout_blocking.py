import asyncio
import time


async def attempt(then_await: bool) -> None:
    start = time.monotonic()
    try:
        async with asyncio.timeout(0.3):
            time.sleep(1.0)  # 阻塞调用：事件循环拿不回控制权，超时回调没机会运行
            if then_await:
                await asyncio.sleep(0.1)  # 下一个真正挂起的 await：过期的超时在这里生效
        print(f"没有 TimeoutError，耗时 {time.monotonic() - start:.1f} 秒")
    except TimeoutError:
        print(f"TimeoutError，但已经是 {time.monotonic() - start:.1f} 秒之后")


async def main() -> None:
    await attempt(then_await=False)
    await attempt(then_await=True)


asyncio.run(main())

import asyncio
import time


async def wait_value(delay: float, value: str) -> str:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()
    # 不需要额外的任务：让事件循环在 delay 秒后直接调用 future.set_result(value)
    loop.call_later(delay, future.set_result, value)
    return await future


async def main() -> None:
    start = time.perf_counter()
    result = await wait_value(0.5, "定时器到了")
    print(f"{result}，等待了 {time.perf_counter() - start:.2f} 秒")


asyncio.run(main())

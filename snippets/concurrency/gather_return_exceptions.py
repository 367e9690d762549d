import asyncio
import time

START = time.perf_counter()


async def say_after(delay: float, message: str) -> str:
    await asyncio.sleep(delay)
    return message


async def fail_after(delay: float) -> str:
    await asyncio.sleep(delay)
    raise ValueError("出错了")


async def main() -> None:
    slow = asyncio.create_task(say_after(5, "Slow"))
    asyncio.get_running_loop().call_later(0.8, slow.cancel)  # 第 0.8 秒时，别处取消了这个任务

    # return_exceptions=True：异常不再向外抛出，而是和正常结果一样放进结果列表
    results = await asyncio.gather(
        say_after(1, "Hello"),
        fail_after(0.5),
        say_after(1.5, "World"),
        slow,
        return_exceptions=True,
    )
    print(f"第 {time.perf_counter() - START:.2f} 秒：gather 返回")
    print(results)
    for r in results:
        if isinstance(r, BaseException):  # 不是 Exception：CancelledError 不是 Exception 的子类
            print(f"失败：{r!r}")
        else:
            print(f"成功：{r}")
    print(f"isinstance(CancelledError(), Exception) = {isinstance(results[3], Exception)}")


asyncio.run(main())

import asyncio


def set_result_unless_done(future: asyncio.Future[str], value: str) -> None:
    if not future.done():  # 已被取消（或已有结果）就什么也不做
        future.set_result(value)


async def wait_value(delay: float, value: str) -> str:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()
    handle = loop.call_later(delay, set_result_unless_done, future, value)
    try:
        return await future
    finally:
        # 无论正常返回、出错还是被取消，都撤销定时器；已经触发过的定时器，撤销它什么也不做
        handle.cancel()
        if future.cancelled():
            print("等待被取消：定时器已撤销，不会再触发")
        else:
            print("拿到了结果：定时器已经触发过，撤销它什么也不做")


async def main() -> None:
    try:
        async with asyncio.timeout(0.1):
            await wait_value(0.3, "迟到的结果")
    except TimeoutError:
        print("超时")

    print(await wait_value(0.1, "准时的结果"))
    await asyncio.sleep(0.5)
    print("main 结束")


asyncio.run(main())

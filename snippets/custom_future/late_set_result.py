import asyncio


async def main() -> None:
    loop = asyncio.get_running_loop()
    future: asyncio.Future[str] = loop.create_future()
    loop.call_later(0.3, future.set_result, "迟到的结果")

    try:
        async with asyncio.timeout(0.1):  # 等不了那么久
            await future
    except TimeoutError:
        print(f"超时，future 已被取消：{future.cancelled()}")

    await asyncio.sleep(0.5)  # 0.3 秒时，定时器照样调用 future.set_result(...)
    print("main 结束")


asyncio.run(main())

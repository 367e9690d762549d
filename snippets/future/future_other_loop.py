import asyncio

other_loop = asyncio.new_event_loop()  # 另一个事件循环，从来没有运行
stray = other_loop.create_future()  # 这个 Future 对象属于 other_loop


async def main() -> None:
    loop = asyncio.get_running_loop()
    good = loop.create_future()  # 属于正在运行的循环
    print(f"good 属于正在运行的循环? {good.get_loop() is loop}")
    print(f"stray 属于正在运行的循环? {stray.get_loop() is loop}")

    loop.call_soon(good.set_result, "ok")
    print(f"await good: {await good}")
    try:
        await stray
    except RuntimeError as e:
        # 消息以任务的 repr 开头（含文件路径和行号），这里只打印后半句
        print(f"await stray: RuntimeError: ... got {str(e).partition(' got ')[2]}")


asyncio.run(main())
other_loop.close()

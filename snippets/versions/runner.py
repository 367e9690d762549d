import asyncio


async def current_loop() -> asyncio.AbstractEventLoop:
    await asyncio.sleep(0)
    return asyncio.get_running_loop()


# asyncio.run() 每次调用都新建一个事件循环，结束时关闭它
first = asyncio.run(current_loop())
second = asyncio.run(current_loop())
print(f"两次 asyncio.run(): 同一个事件循环? {first is second}")

# asyncio.Runner（3.11+）：多次 run() 共用一个事件循环，with 结束时才关闭
with asyncio.Runner(debug=True) as runner:
    first = runner.run(current_loop())
    second = runner.run(current_loop())
    print(f"同一个 Runner 的两次 run(): 同一个事件循环? {first is second}")
    print(f"调试模式: {runner.get_loop().get_debug()}")
print(f"with 结束后循环已关闭: {first.is_closed()}")

import asyncio

# 常见错误：在模块顶层创建 Future 对象。这时还没有正在运行的事件循环，
# asyncio.Future() 只能去找「当前」事件循环，各个版本的做法不同（见正文）
try:
    future: asyncio.Future[None] | None = asyncio.Future()
except RuntimeError as e:  # 3.14 起：没有当前事件循环就直接报错
    print(f"asyncio.Future(): RuntimeError: {e}")
    future = None


async def main() -> None:
    if future is None:
        return  # 3.14 起：上面那一行已经失败，不必再等它
    loop = asyncio.get_running_loop()
    print(f"future 属于 asyncio.run() 新建的循环? {future.get_loop() is loop}")
    try:
        await future
    except RuntimeError as e:
        print(f"await future: RuntimeError: ... got {str(e).partition(' got ')[2]}")


asyncio.run(main())

import asyncio


class MyEventLoop(asyncio.SelectorEventLoop):
    """自己的事件循环类（实际项目里可能是 uvloop 提供的循环）。"""


async def main() -> None:
    print(f"正在运行的事件循环: {type(asyncio.get_running_loop()).__name__}")


# 不通过事件循环策略（policy），直接告诉 Runner 用哪个类创建循环（3.11+）
with asyncio.Runner(loop_factory=MyEventLoop) as runner:
    runner.run(main())

# 3.12+ 也可以写成：asyncio.run(main(), loop_factory=MyEventLoop)

import asyncio

import uvloop


async def main() -> str:
    loop = asyncio.get_running_loop()
    return f"{type(loop).__module__}.{type(loop).__qualname__}"


# 默认：asyncio 自己的事件循环
with asyncio.Runner() as runner:
    print(f"Runner(): {runner.run(main())}")

# loop_factory：一个不带参数、返回新事件循环的可调用对象（3.11+）
with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
    print(f"Runner(loop_factory=uvloop.new_event_loop): {runner.run(main())}")

# 3.12+ 才能写成：asyncio.run(main(), loop_factory=uvloop.new_event_loop)

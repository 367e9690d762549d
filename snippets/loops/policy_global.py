import asyncio

import uvloop


async def loop_name() -> str:
    return type(asyncio.get_running_loop()).__name__


def some_library() -> str:
    """别人写的代码：它自己调用 asyncio.run()，对 uvloop 一无所知。"""
    return asyncio.run(loop_name())


# 旧写法：设置全局的事件循环策略（3.14 起弃用，计划 3.16 移除）
asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
print(f"设置策略之后，我的 asyncio.run(): {asyncio.run(loop_name())}")
print(f"设置策略之后，库里的 asyncio.run(): {some_library()}")  # 也被换掉了

asyncio.set_event_loop_policy(None)  # 恢复默认策略
print(f"恢复默认策略之后: {asyncio.run(loop_name())}")

# 新写法：只影响这一次运行
with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
    print(f"loop_factory，我的这次运行: {runner.run(loop_name())}")
print(f"loop_factory，库里的 asyncio.run(): {some_library()}")

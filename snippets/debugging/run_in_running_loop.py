import asyncio


async def main() -> str:
    await asyncio.sleep(0.01)
    return "完成"


async def notebook_cell() -> None:
    # Jupyter 的单元格运行在一个已经在运行的事件循环里；这里用一个协程模拟它
    print(asyncio.run(main()))


asyncio.run(notebook_cell())

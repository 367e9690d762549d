import asyncio


async def leaf() -> None:
    asyncio.print_call_graph()  # 3.14+：打印当前任务的调用图


async def main() -> None:
    async with asyncio.TaskGroup() as tg:
        tg.create_task(leaf(), name="leaf")


asyncio.run(main())

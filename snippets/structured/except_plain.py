import asyncio


async def parse_age(text: str) -> int:
    return int(text)


async def main() -> None:
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(parse_age("abc"))
    except ValueError:  # 错误：TaskGroup 抛出的是 ExceptionGroup，普通 except 接不住
        print("捕获到 ValueError")


asyncio.run(main())

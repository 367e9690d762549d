import asyncio


async def parse_age(text: str) -> int:
    return int(text)  # "abc" 会抛出 ValueError


async def find_user(users: dict[int, str], user_id: int) -> str:
    return users[user_id]  # 不存在会抛出 KeyError


async def main() -> None:
    users = {1: "小明"}
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(parse_age("abc"))
            tg.create_task(find_user(users, 42))
            tg.create_task(find_user(users, 1))
    except* ValueError as eg:
        print(f"except* ValueError 处理了: {eg.exceptions!r}")
    except* KeyError as eg:
        print(f"except* KeyError 处理了: {eg.exceptions!r}")


asyncio.run(main())

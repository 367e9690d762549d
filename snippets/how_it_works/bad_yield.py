import asyncio
from collections.abc import Generator


class Ask:
    def __init__(self, question: str) -> None:
        self.question = question

    def __await__(self) -> Generator[str, int, int]:
        answer = yield self.question
        return answer


async def main() -> None:
    # 交给 asyncio 的任务去驱动：任务只认 Future 对象（或裸的 yield），不认字符串
    print(await Ask("请给我 a"))


asyncio.run(main())

import asyncio
from collections.abc import Generator


class Ask:
    """一个最小的可等待对象：__await__ 是生成器，yield 出一个「请求」。"""

    def __init__(self, question: str) -> None:
        self.question = question

    def __await__(self) -> Generator[str, int, int]:
        answer = yield self.question  # 交给驱动者，暂停在这里
        return answer  # 驱动者 send() 进来的值就是 await 表达式的值


async def get_number(name: str) -> int:
    return await Ask(f"请给我 {name}")


async def add() -> int:
    a = await get_number("a")  # 协程套协程：yield 一路穿过 get_number 传到最外层
    b = await get_number("b")
    return a + b


async def main() -> None:
    coro = add()  # 函数体还没运行
    print(f"send(None) -> {coro.send(None)!r}")  # 运行到第一个 yield
    print(f"send(10)   -> {coro.send(10)!r}")  # 10 成为 a，继续到下一个 yield
    try:
        coro.send(32)  # 32 成为 b，add() 执行完毕
    except StopIteration as e:
        print(f"StopIteration.value = {e.value}")  # return 的值装在这里


asyncio.run(main())

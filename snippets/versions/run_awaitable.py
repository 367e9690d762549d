import asyncio
from collections.abc import Generator


class Countdown:
    """不是协程，但实现了 __await__：一个可等待对象。"""

    def __init__(self, n: int) -> None:
        self.n = n

    def __await__(self) -> Generator[None, None, str]:
        for i in range(self.n, 0, -1):
            print(f"倒数 {i}")
            yield from asyncio.sleep(0.01).__await__()
        return "发射"


print(asyncio.run(Countdown(3)))  # 3.14 起接受任意可等待对象；更早只接受协程

import asyncio
from collections.abc import Coroutine
from typing import Any


async def fetch_price(symbol: str) -> float:
    await asyncio.sleep(0.01)
    return 42.0


def make_jobs(symbols: list[str]) -> list[Coroutine[Any, Any, float]]:
    return [fetch_price(s) for s in symbols]  # 协程对象在这里创建


async def main() -> None:
    jobs = make_jobs(["AAPL"])
    print(f"准备了 {len(jobs)} 个查询")
    # 本想写 await asyncio.gather(*jobs)，却忘了；main 返回时协程对象才被回收


asyncio.run(main())

import asyncio
from types import TracebackType
from typing import Self


class Connection:
    def __init__(self, name: str) -> None:
        self.name = name

    async def __aenter__(self) -> Self:
        await asyncio.sleep(0.1)  # 建立连接需要等待：所以是 async 的 __aenter__
        print(f"{self.name}: 已连接")
        return self  # 这个返回值就是 as 后面的变量

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> bool:
        await asyncio.sleep(0.1)  # 关闭连接同样可以等待
        print(f"{self.name}: 已关闭（exc_type={exc_type.__name__ if exc_type else None}）")
        return False  # 不吞掉异常：with 块里的异常继续向外传播

    async def query(self, sql: str) -> str:
        await asyncio.sleep(0.1)
        if "DROP" in sql:
            raise PermissionError("不允许 DROP")
        return f"{sql} -> ok"


async def main() -> None:
    async with Connection("连接 A") as conn:
        print(await conn.query("SELECT 1"))

    try:
        async with Connection("连接 B") as conn:
            await conn.query("DROP TABLE users")
            print("这一行不会执行")
    except PermissionError as e:
        print(f"异常照常传到外面: {e}")


asyncio.run(main())

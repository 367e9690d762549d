import asyncio
import os

import asyncpg

DSN = os.environ.get("DATABASE_URL", "postgresql://postgres@localhost/postgres")


async def run_all(dsn: str, queries: list[str]) -> list[object]:
    """目标：让 queries 真正同时执行，按顺序返回每个查询 fetchval() 的结果。"""
    conn = await asyncpg.connect(dsn)
    try:
        # 一个连接同一时刻只能执行一个查询：第二个查询会立即失败
        return await asyncio.gather(*(conn.fetchval(query) for query in queries))
    except asyncpg.InterfaceError as e:
        print(f"出错了：{e}")
        return []
    finally:
        await conn.close()


async def main() -> None:
    queries = ["SELECT 1 FROM pg_sleep(0.5)", "SELECT 2 FROM pg_sleep(0.5)"]
    print(await run_all(DSN, queries))


asyncio.run(main())

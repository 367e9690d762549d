import asyncio
import os

import asyncpg

DSN = os.environ.get("DATABASE_URL", "postgresql://postgres@localhost/postgres")


async def run_all(dsn: str, queries: list[str]) -> list[object]:
    # 连接池：每个并发的查询借一个自己的连接，用完归还；连接在 gather 之前就都建好了
    async with asyncpg.create_pool(dsn, min_size=len(queries), max_size=len(queries)) as pool:
        return await asyncio.gather(*(pool.fetchval(query) for query in queries))


async def main() -> None:
    queries = ["SELECT 1 FROM pg_sleep(0.5)", "SELECT 2 FROM pg_sleep(0.5)"]
    print(await run_all(DSN, queries))


asyncio.run(main())

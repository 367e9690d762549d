import asyncio
import os
import time

import asyncpg

DSN = os.environ.get("DATABASE_URL", "postgresql://postgres@localhost/postgres")


async def sleep_1s(name: str, db: asyncpg.Connection | asyncpg.Pool) -> None:
    await db.execute("SELECT pg_sleep(1)")  # 让服务器忙 1 秒，相当于一个慢查询


async def main() -> None:
    # 先把连接建好，计时只包括查询本身
    conn = await asyncpg.connect(DSN)
    pool = await asyncpg.create_pool(DSN, min_size=2, max_size=2)
    try:
        start = time.perf_counter()
        # 一个连接：一条接一条
        await sleep_1s("顺序1", conn)
        await sleep_1s("顺序2", conn)
        print(f"一个连接，顺序执行 2 个 pg_sleep(1): {time.perf_counter() - start:.1f} 秒")

        start = time.perf_counter()
        # 连接池：每个查询各占一个连接，同时在服务器上执行
        await asyncio.gather(sleep_1s("并发1", pool), sleep_1s("并发2", pool))
        print(f"2 个连接的池 + gather，2 个 pg_sleep(1): {time.perf_counter() - start:.1f} 秒")

        start = time.perf_counter()
        # 第 3 个查询借不到连接，要等前面的查询归还连接
        await asyncio.gather(*(sleep_1s(f"排队{i}", pool) for i in (1, 2, 3)))
        print(f"2 个连接的池 + gather，3 个 pg_sleep(1): {time.perf_counter() - start:.1f} 秒")
    finally:
        await pool.close()
        await conn.close()


asyncio.run(main())

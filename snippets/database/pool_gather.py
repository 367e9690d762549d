import asyncio
import os

import asyncpg

DSN = os.environ.get("DATABASE_URL", "postgresql://postgres@localhost/postgres")


async def setup(conn: asyncpg.Connection) -> None:
    await conn.execute("""
        CREATE TABLE IF NOT EXISTS users (id int PRIMARY KEY, name text NOT NULL);
        CREATE TABLE IF NOT EXISTS posts (id int PRIMARY KEY, user_id int REFERENCES users, title text);
        INSERT INTO users VALUES (1, '小明'), (2, '小红') ON CONFLICT DO NOTHING;
        INSERT INTO posts VALUES (1, 1, '协程入门'), (2, 1, '事件循环'), (3, 2, 'Future 对象')
            ON CONFLICT DO NOTHING;
    """)


async def get_user(pool: asyncpg.Pool, user_id: int) -> asyncpg.Record | None:
    async with pool.acquire() as conn:  # 从池里借一个连接，用完自动归还
        return await conn.fetchrow("SELECT * FROM users WHERE id = $1", user_id)


async def get_posts(pool: asyncpg.Pool, user_id: int) -> list[asyncpg.Record]:
    # pool.fetch() 是「借连接 → fetch → 归还」的简写
    return await pool.fetch("SELECT * FROM posts WHERE user_id = $1 ORDER BY id", user_id)


async def main() -> None:
    async with asyncpg.create_pool(DSN, min_size=2, max_size=2) as pool:
        async with pool.acquire() as conn:
            await setup(conn)
        # 两个查询各用一个连接，真正同时进行
        user, posts = await asyncio.gather(get_user(pool, 1), get_posts(pool, 1))
        assert user is not None
        print(f"用户: {user['name']}, 文章数: {len(posts)}")
        print(f"文章: {[p['title'] for p in posts]}")


asyncio.run(main())

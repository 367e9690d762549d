import asyncio
import os

import asyncpg

DSN = os.environ.get("DATABASE_URL", "postgresql://postgres@localhost/postgres")


async def setup(conn: asyncpg.Connection) -> None:
    # 建表并插入示例数据；可重复运行
    await conn.execute("""
        CREATE TABLE IF NOT EXISTS users (id int PRIMARY KEY, name text NOT NULL);
        CREATE TABLE IF NOT EXISTS posts (id int PRIMARY KEY, user_id int REFERENCES users, title text);
        INSERT INTO users VALUES (1, '小明'), (2, '小红') ON CONFLICT DO NOTHING;
        INSERT INTO posts VALUES (1, 1, '协程入门'), (2, 1, '事件循环'), (3, 2, 'Future 对象')
            ON CONFLICT DO NOTHING;
    """)


async def main() -> None:
    conn = await asyncpg.connect(DSN)
    try:
        await setup(conn)
        # 常见的错误写法：在同一个连接上「并发」两个查询
        user_query = conn.fetch("SELECT * FROM users WHERE id = $1", 1)
        post_query = conn.fetch("SELECT * FROM posts WHERE user_id = $1", 1)
        user, posts = await asyncio.gather(user_query, post_query)
        print(f"用户: {user}, 文章数: {len(posts)}")
    finally:
        await conn.close()


asyncio.run(main())

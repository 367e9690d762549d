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


async def counts(conn: asyncpg.Connection) -> str:
    users = await conn.fetchval("SELECT count(*) FROM users")
    posts = await conn.fetchval("SELECT count(*) FROM posts")
    return f"用户 {users} 个，文章 {posts} 篇"


async def delete_user(conn: asyncpg.Connection, user_id: int, fail: bool) -> None:
    # 删除用户要两步：先删文章，再删用户。两步必须一起成功或一起失败
    async with conn.transaction():
        await conn.execute("DELETE FROM posts WHERE user_id = $1", user_id)
        print(f"  事务内，删完文章后: {await counts(conn)}")
        if fail:
            raise RuntimeError("删除用户前出错了")
        await conn.execute("DELETE FROM users WHERE id = $1", user_id)


async def main() -> None:
    conn = await asyncpg.connect(DSN)
    try:
        await setup(conn)
        print(f"开始: {await counts(conn)}")

        try:
            await delete_user(conn, 2, fail=True)
        except RuntimeError as e:
            print(f"异常: {e}")
        print(f"异常离开事务 → 回滚: {await counts(conn)}")

        await delete_user(conn, 2, fail=False)
        print(f"正常离开事务 → 提交: {await counts(conn)}")
    finally:
        await conn.close()


asyncio.run(main())

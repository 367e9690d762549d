import asyncio
import os

import asyncpg

DSN = os.environ.get("DATABASE_URL", "postgresql://postgres@localhost/postgres")


async def main() -> None:
    conn = await asyncpg.connect(DSN)
    try:
        await conn.execute("""
            CREATE TABLE IF NOT EXISTS users (id int PRIMARY KEY, name text NOT NULL);
            INSERT INTO users VALUES (1, '小明'), (2, '小红') ON CONFLICT DO NOTHING;
        """)
        name = "nobody' OR '1'='1"  # 来自用户输入的「名字」

        # 错误：把输入拼进 SQL，引号改变了语句的结构
        rows = await conn.fetch(f"SELECT name FROM users WHERE name = '{name}'")
        print(f"字符串拼接: 查到 {len(rows)} 行 {[r['name'] for r in rows]}")

        # 正确：$1 占位符，值和 SQL 分开发送给服务器，输入永远只是一个值
        rows = await conn.fetch("SELECT name FROM users WHERE name = $1", name)
        print(f"$1 参数: 查到 {len(rows)} 行")

        # asyncpg 按服务器告知的参数类型编码参数：类型不对，在客户端就报错，查询不会执行
        try:
            await conn.fetch("SELECT name FROM users WHERE id = $1", "1")
        except asyncpg.DataError as e:
            print(f"用 str 传 int 参数: {type(e).__name__}: {e}")
    finally:
        await conn.close()


asyncio.run(main())

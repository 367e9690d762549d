import asyncio


class Connection:
    open_count = 0  # 当前打开着的连接数

    def __init__(self) -> None:
        Connection.open_count += 1

    async def close(self) -> None:
        await asyncio.sleep(0.05)  # 关闭也要和对端通信
        Connection.open_count -= 1


async def open_connection() -> Connection:
    await asyncio.sleep(0.05)
    return Connection()


async def worker() -> None:
    conn = await open_connection()
    try:
        await asyncio.sleep(1)  # 用连接干活
    finally:  # 正常结束、出错、被取消，都会经过这里；CancelledError 随后照常向外传播
        await conn.close()


async def main() -> None:
    task = asyncio.create_task(worker())
    await asyncio.sleep(0.3)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("worker 已取消")
    print(f"打开着的连接：{Connection.open_count}")


asyncio.run(main())

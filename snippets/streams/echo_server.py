import asyncio
import time

start = time.perf_counter()


connections: set[asyncio.Task] = set()  # 正在处理连接的任务


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """每个连接一个协程：按行读请求，0.3 秒后回复大写的内容。"""
    connections.add(asyncio.current_task())
    while line := await reader.readline():  # 对端关闭写方向时返回 b""
        await asyncio.sleep(0.3)  # 模拟处理耗时
        writer.write(line.upper())
        await writer.drain()  # 写缓冲区太满时在这里等待（背压）
    writer.close()
    await writer.wait_closed()


async def client(port: int, name: str) -> list[str]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    replies = []
    for word in ("hello", "bye"):
        writer.write(f"{name} {word}\n".encode())
        await writer.drain()
        replies.append((await reader.readline()).decode().strip())
    writer.close()
    await writer.wait_closed()
    return replies


async def main() -> None:
    server = await asyncio.start_server(handle, "127.0.0.1", 0)  # 端口 0：由系统分配空闲端口
    port = server.sockets[0].getsockname()[1]
    async with server:
        results = await asyncio.gather(*(client(port, f"client-{i}") for i in range(1, 4)))
    await asyncio.gather(*connections)  # 3.11 的 wait_closed() 不等处理连接的协程（3.12 起会等）
    for replies in results:
        print(replies)
    print(f"3 个客户端各 2 个请求（每个 0.3 秒），共耗时 {time.perf_counter() - start:.1f} 秒")


asyncio.run(main())

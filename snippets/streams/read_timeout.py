import asyncio
import time

connections: set[asyncio.Task] = set()  # 正在处理连接的任务


async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    connections.add(asyncio.current_task())
    await reader.read()  # 接受连接，却一个字节也不回：等到客户端断开为止
    writer.close()
    await writer.wait_closed()


async def main() -> None:
    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"PING\n")
        await writer.drain()
        start = time.perf_counter()
        try:
            async with asyncio.timeout(0.5):  # 没有它，readline() 会永远等下去
                await reader.readline()
        except TimeoutError:
            print(f"{time.perf_counter() - start:.1f} 秒内没有收到回复：超时")
        finally:
            writer.close()
            await writer.wait_closed()
    await asyncio.gather(*connections)  # 等服务器一端也处理完断开（3.12 起 wait_closed() 会等）
    print("连接已关闭，服务器已停止")


asyncio.run(main())

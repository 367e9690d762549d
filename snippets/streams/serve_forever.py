import asyncio
import contextlib
import time

start = time.perf_counter()


def log(text: str) -> None:
    print(f"[{time.perf_counter() - start:.1f} 秒] {text}")


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.write(b"welcome\n")
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def run_server(ready: asyncio.Future[int]) -> None:
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    ready.set_result(server.sockets[0].getsockname()[1])
    try:
        async with server:  # 离开时关闭监听套接字
            await server.serve_forever()  # 一直接受连接，直到被取消
    except asyncio.CancelledError:
        log(f"serve_forever 被取消，is_serving() = {server.is_serving()}")
        raise  # 取消要继续向外传播：任务才算真正被取消


async def main() -> None:
    ready: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    server_task = asyncio.create_task(run_server(ready))
    port = await ready
    for _ in range(2):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        log(f"客户端收到 {(await reader.readline()).decode().strip()!r}")
        writer.close()
        await writer.wait_closed()
        await asyncio.sleep(0.2)
    server_task.cancel()  # 停止服务器：取消运行 serve_forever() 的任务
    with contextlib.suppress(asyncio.CancelledError):
        await server_task
    try:
        await asyncio.open_connection("127.0.0.1", port)
    except ConnectionRefusedError:
        log("再连接：ConnectionRefusedError")


asyncio.run(main())

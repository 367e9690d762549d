import asyncio


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    # 一条消息 = 头部（以空行结束）+ 长度由头部给出的正文
    writer.write(b"Length: 5\r\n\r\nhello")
    writer.write(b"Length: 10\r\n\r\nabc")  # 第二条消息只发了 3 个字节就断开
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def read_message(reader: asyncio.StreamReader) -> bytes:
    header = await reader.readuntil(b"\r\n\r\n")  # 读到分隔符为止（结果包含分隔符）
    length = int(header.split(b":")[1])
    return await reader.readexactly(length)  # 不多不少读 length 个字节


async def main() -> None:
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with server:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        print("第 1 条消息:", await read_message(reader))
        try:
            await read_message(reader)
        except asyncio.IncompleteReadError as e:
            print(f"第 2 条消息不完整: 期望 {e.expected} 字节，只收到 {e.partial!r}")
        writer.close()
        await writer.wait_closed()


asyncio.run(main())

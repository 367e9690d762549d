import asyncio
import time

import aiohttp
import httpx

BODY = b"abcdef"  # 每 0.4 秒发 1 个字节，发完要 2.4 秒


async def trickle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        await reader.readuntil(b"\r\n\r\n")  # 读完请求头
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(BODY))
        for byte in BODY:
            await asyncio.sleep(0.4)
            if reader.at_eof():
                break  # 客户端已经放弃、断开了连接
            writer.write(bytes([byte]))
            await writer.drain()
    except (ConnectionError, asyncio.IncompleteReadError):
        pass  # 客户端断开了连接
    finally:
        writer.close()


async def main() -> None:
    server = await asyncio.start_server(trickle, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
    async with server:
        start = time.perf_counter()
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=1.0)) as session:
            try:
                async with session.get(url) as resp:
                    await resp.read()
            except asyncio.TimeoutError:  # noqa: UP041  3.10 上它还不是内置的 TimeoutError
                print(f"aiohttp ClientTimeout(total=1.0): 超时，{time.perf_counter() - start:.1f} 秒")

        async with httpx.AsyncClient(timeout=1.0) as client:
            start = time.perf_counter()
            try:
                await asyncio.wait_for(client.get(url), 1.0)  # 给整个请求一个总时限
            except asyncio.TimeoutError:  # noqa: UP041  同上
                print(f"httpx   外面套 wait_for(…, 1.0):   超时，{time.perf_counter() - start:.1f} 秒")

            start = time.perf_counter()
            response = await client.get(url)  # 每次读都在 1 秒内收到了数据：一直不超时
            print(f"httpx   timeout=1.0:               {response.text!r}，{time.perf_counter() - start:.1f} 秒")


asyncio.run(main())

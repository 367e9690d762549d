import asyncio

import httpx


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    head = await reader.readuntil(b"\r\n\r\n")  # 客户端发来的请求头（或 HTTP/2 的开场白）
    first, *headers = head.decode().split("\r\n")
    upgrade = any(h.lower().startswith("upgrade:") for h in headers)
    print(f"  服务器收到: {first!r}，Upgrade 请求头: {'有' if upgrade else '无'}")
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
    await writer.drain()
    writer.close()


async def get(url: str, **options: bool) -> None:
    print(f"AsyncClient({', '.join(f'{k}={v}' for k, v in options.items())}):")
    async with httpx.AsyncClient(**options) as client:
        try:
            response = await client.get(url)
            print(f"  response.http_version = {response.http_version!r}")
        except httpx.HTTPError as e:
            print(f"  {type(e).__name__}: {e}")


async def main() -> None:
    server = await asyncio.start_server(handle, "127.0.0.1", 0)  # 明文 HTTP，没有 TLS
    url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/"
    async with server:
        await get(url)
        await get(url, http2=True)  # 允许 HTTP/2：只在 TLS 握手时经 ALPN 商定
        await get(url, http1=False, http2=True)  # 只说 HTTP/2：明文时直接发 HTTP/2 的开场白


asyncio.run(main())

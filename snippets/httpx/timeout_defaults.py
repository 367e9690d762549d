import asyncio
import os
import time

import aiohttp
import httpx

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")
PATH = "/delay/6"  # 服务器 6 秒后才回应


async def with_httpx() -> str:
    async with httpx.AsyncClient(base_url=BASE_URL) as client:
        t = client.timeout
        print(f"httpx   默认: connect={t.connect} read={t.read} write={t.write} pool={t.pool}")
        await client.get("/get")  # 先把连接建好，下面只量等待响应的时间
        start = time.perf_counter()
        try:
            response = await client.get(PATH)
            outcome = str(response.status_code)
        except httpx.TimeoutException as e:
            outcome = type(e).__name__
        return f"httpx:   {time.perf_counter() - start:.1f} 秒后 {outcome}"


async def with_aiohttp() -> str:
    async with aiohttp.ClientSession(base_url=BASE_URL) as session:
        t = session.timeout
        print(f"aiohttp 默认: total={t.total} sock_connect={t.sock_connect} sock_read={t.sock_read}")
        async with session.get("/get") as response:
            await response.read()
        start = time.perf_counter()
        async with session.get(PATH) as response:
            await response.read()
        return f"aiohttp: {time.perf_counter() - start:.1f} 秒后 {response.status}"


async def main() -> None:
    results = await asyncio.gather(with_httpx(), with_aiohttp())  # 两个同时请求
    print(*results, sep="\n")


asyncio.run(main())

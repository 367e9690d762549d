import asyncio
import inspect
import os
import time

import aiohttp
import httpx

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")


async def get(client: httpx.AsyncClient, n: int, start: float) -> str:
    try:
        response = await client.get("/delay/1")
        outcome = str(response.status_code)
    except httpx.PoolTimeout:
        outcome = "PoolTimeout（没等到空闲的连接）"
    return f"  请求 {n}: [{time.perf_counter() - start:.1f} 秒] {outcome}"


async def three_requests(pool: float) -> None:
    limits = httpx.Limits(max_connections=2)  # 同时最多 2 个连接
    async with httpx.AsyncClient(base_url=BASE_URL, limits=limits, timeout=httpx.Timeout(5.0, pool=pool)) as client:
        start = time.perf_counter()
        print(*await asyncio.gather(*(get(client, n, start) for n in range(3))), sep="\n")


async def main() -> None:
    print(f"httpx 默认: {inspect.signature(httpx.AsyncClient).parameters['limits'].default}")
    connector = aiohttp.TCPConnector()
    print(f"aiohttp 默认: limit={connector.limit} limit_per_host={connector.limit_per_host}")
    await connector.close()

    print("max_connections=2，3 个 /delay/1，默认 pool=5.0：第 3 个排队等连接")
    await three_requests(5.0)
    print("max_connections=2，3 个 /delay/1，pool=0.5：等不到连接就放弃")
    await three_requests(0.5)


asyncio.run(main())

import asyncio
import os
import time

import aiohttp

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")


async def fetch(session: aiohttp.ClientSession, path: str) -> str:
    async with session.get(path) as response:  # 返回时只收到了状态行和响应头
        response.raise_for_status()  # 4xx/5xx 时抛出 aiohttp.ClientResponseError
        data = await response.json()  # 响应体要 await 着读
    n = data["args"]["n"]
    return f"n={n}: {response.status} HTTP/{response.version.major}.{response.version.minor}"


async def main() -> None:
    async with aiohttp.ClientSession(base_url=BASE_URL) as session:
        start = time.perf_counter()
        results = await asyncio.gather(*(fetch(session, f"/delay/1?n={n}") for n in range(3)))
        elapsed = time.perf_counter() - start
    for line in results:
        print(line)
    print(f"3 个请求共耗时 {elapsed:.1f} 秒")


asyncio.run(main())

import asyncio
import os
import time

import httpx

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")


async def fetch(client: httpx.AsyncClient, path: str) -> str:
    response = await client.get(path)  # 返回时响应体已经读完
    response.raise_for_status()  # 4xx/5xx 时抛出 httpx.HTTPStatusError
    n = response.json()["args"]["n"]  # .json() 不用 await
    return f"n={n}: {response.status_code} {response.http_version}"


async def main() -> None:
    async with httpx.AsyncClient(base_url=BASE_URL) as client:
        start = time.perf_counter()
        results = await asyncio.gather(*(fetch(client, f"/delay/1?n={n}") for n in range(3)))
        elapsed = time.perf_counter() - start
    for line in results:
        print(line)
    print(f"3 个请求共耗时 {elapsed:.1f} 秒")


asyncio.run(main())

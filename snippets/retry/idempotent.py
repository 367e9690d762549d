import asyncio
import os
import uuid

import aiohttp

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")
IDEMPOTENT = {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"}  # 重复执行，结果和执行一次相同


async def request(session: aiohttp.ClientSession, method: str, url: str, attempts: int = 3) -> int:
    for attempt in range(1, attempts + 1):
        async with session.request(method, url) as response:
            print(f"  {method} 第 {attempt} 次: {response.status}")
            if response.status != 503:
                return response.status
        if method not in IDEMPOTENT:
            print(f"  {method} 不是幂等的：服务器可能已经执行了一半，不重试")
            return response.status
        await asyncio.sleep(0.1)
    return response.status


async def main() -> None:
    async with aiohttp.ClientSession() as session:
        for method in ("GET", "POST"):
            key = uuid.uuid4().hex  # 每个 key 的第 1 次请求返回 503
            status = await request(session, method, f"{BASE_URL}/flaky/1?key={key}")
            print(f"{method} 的最终结果: {status}")


asyncio.run(main())

import asyncio
import os
import time
import uuid

import aiohttp

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")
TAG = uuid.uuid4().hex  # 给这一批请求打上同一个标记，服务器按标记统计并发数


async def main() -> None:
    async with aiohttp.ClientSession() as session:

        async def fetch(i: int) -> None:
            # 每个请求在服务器上停留 0.5 秒
            async with session.get(f"{BASE_URL}/delay/0.5", params={"tag": TAG, "i": i}) as resp:
                await resp.read()

        start = time.perf_counter()
        await asyncio.gather(*(fetch(i) for i in range(10)))
        elapsed = time.perf_counter() - start

        async with session.get(f"{BASE_URL}/stats", params={"tag": TAG}) as resp:
            stats = await resp.json()

    print(f"请求数: {stats['requests']}")
    print(f"服务器观察到的最大并发: {stats['max_in_flight']}")
    print(f"耗时: {elapsed:.1f} 秒")


asyncio.run(main())

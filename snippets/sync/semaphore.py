import asyncio
import os
import time
import uuid

import aiohttp

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")
TAG = uuid.uuid4().hex  # 给这一批请求打上同一个标记，服务器按标记统计并发数


async def main() -> None:
    limit = asyncio.Semaphore(3)  # 最多 3 个请求同时在途

    async with aiohttp.ClientSession() as session:

        async def fetch(i: int) -> None:
            async with (
                limit,  # 拿不到许可就在这里等，直到有请求结束、归还许可
                session.get(f"{BASE_URL}/delay/0.5", params={"tag": TAG, "i": i}) as resp,
            ):
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

import asyncio
import os
import time

import aiohttp

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")


async def main() -> None:
    async with aiohttp.ClientSession() as session:
        print(f"session 默认的总超时: {session.timeout.total} 秒")
        start = time.perf_counter()
        try:
            # 只给这一个请求 1 秒；服务器要 3 秒才回应
            async with session.get(f"{BASE_URL}/delay/3", timeout=aiohttp.ClientTimeout(total=1)) as response:
                await response.text()
        except TimeoutError as e:
            print(f"{time.perf_counter() - start:.1f} 秒后放弃: {type(e).__module__}.{type(e).__qualname__}")
            print(f"asyncio.TimeoutError is TimeoutError: {asyncio.TimeoutError is TimeoutError}")


asyncio.run(main())

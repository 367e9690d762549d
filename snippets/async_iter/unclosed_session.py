import asyncio
import os

import aiohttp

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")


async def main() -> None:
    session = aiohttp.ClientSession()  # 没有用 async with，也没有 await session.close()
    async with session.get(f"{BASE_URL}/get") as resp:
        print(f"状态码 {resp.status}")
    print("main 结束，session 没有关闭")


asyncio.run(main())

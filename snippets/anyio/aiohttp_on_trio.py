import os

import aiohttp
import trio

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")


async def main() -> None:
    # aiohttp 只能在 asyncio 的事件循环里用
    async with aiohttp.ClientSession() as session, session.get(f"{BASE_URL}/get") as response:
        print(response.status)


trio.run(main)

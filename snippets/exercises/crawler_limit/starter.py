import asyncio
import os

import aiohttp

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")


async def fetch(session: aiohttp.ClientSession, url: str) -> int:
    async with session.get(url) as resp:
        await resp.read()
        return resp.status


async def crawl(urls: list[str]) -> list[int]:
    """目标：同一时刻最多 3 个请求在进行（但也要用满 3 个）；按 urls 的顺序返回状态码。"""
    async with aiohttp.ClientSession() as session:
        return await asyncio.gather(*(fetch(session, url) for url in urls))


async def main() -> None:
    urls = [f"{BASE_URL}/delay/0.2?page={i}" for i in range(9)]
    print(await crawl(urls))


asyncio.run(main())

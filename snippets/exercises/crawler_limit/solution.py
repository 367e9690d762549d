import asyncio
import os

import aiohttp

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")


async def fetch(session: aiohttp.ClientSession, semaphore: asyncio.Semaphore, url: str) -> int:
    async with semaphore, session.get(url) as resp:  # 拿到许可才发请求，读完响应才归还
        await resp.read()
        return resp.status


async def crawl(urls: list[str]) -> list[int]:
    semaphore = asyncio.Semaphore(3)  # 最多 3 个许可
    async with aiohttp.ClientSession() as session:
        return await asyncio.gather(*(fetch(session, semaphore, url) for url in urls))


async def main() -> None:
    urls = [f"{BASE_URL}/delay/0.2?page={i}" for i in range(9)]
    print(await crawl(urls))


asyncio.run(main())

import asyncio
import os

import aiohttp

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")


async def fetch_json(url: str) -> dict:
    async with aiohttp.ClientSession() as session, session.get(url) as resp:
        return await resp.json()


async def fetch_all(urls: list[str]) -> list[dict]:
    """目标：只用一个 ClientSession，同时请求全部 urls，按顺序返回每个响应的 JSON。"""
    return [await fetch_json(url) for url in urls]


async def main() -> None:
    urls = [f"{BASE_URL}/delay/0.5?page={i}" for i in range(4)]
    for data in await fetch_all(urls):
        print(data["args"])


asyncio.run(main())

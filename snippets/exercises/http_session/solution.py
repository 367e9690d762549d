import asyncio
import os

import aiohttp

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")


async def fetch_json(session: aiohttp.ClientSession, url: str) -> dict:
    async with session.get(url) as resp:
        return await resp.json()


async def fetch_all(urls: list[str]) -> list[dict]:
    # 一个 session（连接池）发出所有请求；gather 让它们同时进行，结果按 urls 的顺序
    async with aiohttp.ClientSession() as session:
        return await asyncio.gather(*(fetch_json(session, url) for url in urls))


async def main() -> None:
    urls = [f"{BASE_URL}/delay/0.5?page={i}" for i in range(4)]
    for data in await fetch_all(urls):
        print(data["args"])


asyncio.run(main())

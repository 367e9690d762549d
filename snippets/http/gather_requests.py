import asyncio
import json
import os
import time
from urllib.parse import urlsplit

import aiohttp

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")


async def fetch(path: str, session: aiohttp.ClientSession) -> str:
    async with session.get(BASE_URL + path) as response:
        text = await response.text()
    print(f"  完成: {path}")
    return text


async def main() -> None:
    paths = ["/delay/1", "/delay/2", "/delay/1"]
    start = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        # 三个请求同时发出，共用一个 session
        results = await asyncio.gather(*(fetch(p, session) for p in paths))
    elapsed = time.perf_counter() - start

    # gather 的结果顺序 = 参数顺序，与谁先完成无关
    for i, text in enumerate(results, 1):
        echoed = urlsplit(json.loads(text)["url"]).path  # 服务器回显的请求路径
        print(f"请求 {i} 完成，长度: {len(text)}，服务器回显路径: {echoed}")
    print(f"总耗时: {elapsed:.1f} 秒")


asyncio.run(main())

import asyncio
import os
import time

import aiohttp

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")


async def fetch(path: str, session: aiohttp.ClientSession) -> str:
    async with session.get(BASE_URL + path) as response:
        return await response.text()


async def main() -> None:
    paths = ["/delay/1", "/delay/2", "/delay/1"]
    start = time.perf_counter()
    async with aiohttp.ClientSession() as session:
        for i, path in enumerate(paths, 1):
            text = await fetch(path, session)  # 等这个请求结束，才发下一个
            print(f"请求 {i} {path} 完成，长度: {len(text)}，此时已过 {time.perf_counter() - start:.1f} 秒")
    print(f"总耗时: {time.perf_counter() - start:.1f} 秒")


asyncio.run(main())

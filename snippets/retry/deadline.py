import asyncio
import os
import time

import aiohttp

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")
start = time.perf_counter()


def log(text: str) -> None:
    print(f"[{time.perf_counter() - start:.2f} 秒] {text}")


async def fetch_with_retry(session: aiohttp.ClientSession, url: str) -> str:
    attempt = 0
    while True:  # 重试多少次由外面的总期限决定
        attempt += 1
        try:
            # 每次尝试最多 0.5 秒
            async with session.get(url, timeout=aiohttp.ClientTimeout(total=0.5)) as response:
                return await response.text()
        except TimeoutError:
            log(f"第 {attempt} 次尝试超时（0.5 秒）")
        await asyncio.sleep(0.1)  # 退避（这里固定 0.1 秒，省去随机数）


async def main() -> None:
    async with aiohttp.ClientSession() as session:
        try:
            async with asyncio.timeout(1.4):  # 所有尝试加起来最多 1.4 秒
                await fetch_with_retry(session, f"{BASE_URL}/delay/1")  # 每次都要 1 秒
        except TimeoutError:
            log("总期限 1.4 秒到了，放弃")


asyncio.run(main())

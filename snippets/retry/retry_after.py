import asyncio
import os
import time
import uuid

import aiohttp

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")
start = time.perf_counter()


def log(text: str) -> None:
    print(f"[{time.perf_counter() - start:.2f} 秒] {text}")


def wait_time(response: aiohttp.ClientResponse, backoff: float, limit: float = 30.0) -> float:
    """服务器用 Retry-After 说了等多久，就听它的（但不超过 limit）；没说才用自己的退避时间。"""
    header = response.headers.get("Retry-After")
    if header is not None and header.isdigit():  # 也可能是一个 HTTP 日期，这里从简
        return min(float(header), limit)
    return backoff


async def main() -> None:
    key = uuid.uuid4().hex  # 前 1 次请求返回 503 和 Retry-After: 1
    url = f"{BASE_URL}/flaky/1?key={key}&retry_after=1"
    async with aiohttp.ClientSession() as session:
        for attempt in range(1, 4):
            async with session.get(url) as response:
                log(f"第 {attempt} 次: {response.status}，Retry-After = {response.headers.get('Retry-After')}")
                if response.status != 503:
                    break
                delay = wait_time(response, backoff=0.1)
            log(f"  自己的退避是 0.1 秒，按服务器的要求等 {delay:.1f} 秒")
            await asyncio.sleep(delay)


asyncio.run(main())

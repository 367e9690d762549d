import asyncio
import os
import random
import time
import uuid

import aiohttp

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")
RETRY_STATUSES = {429, 500, 502, 503, 504}  # 值得再试一次的状态码
start = time.perf_counter()


def log(text: str) -> None:
    print(f"[{time.perf_counter() - start:.2f} 秒] {text}")


def backoff(attempt: int, rng: random.Random, base: float = 0.1, cap: float = 2.0) -> tuple[float, float]:
    """第 attempt 次失败后等多久：上限按 2 的幂增长，实际在 0 到上限之间随机取（full jitter）。"""
    ceiling = min(cap, base * 2**attempt)
    return rng.uniform(0, ceiling), ceiling


async def get_with_retry(session: aiohttp.ClientSession, url: str, rng: random.Random, attempts: int = 5) -> dict:
    for attempt in range(1, attempts + 1):
        async with session.get(url) as response:
            if response.status not in RETRY_STATUSES:
                response.raise_for_status()
                log(f"第 {attempt} 次: {response.status}")
                return await response.json()
            log(f"第 {attempt} 次: {response.status}")
        if attempt == attempts:
            raise RuntimeError(f"{attempts} 次都失败了")
        delay, ceiling = backoff(attempt, rng)
        log(f"  等待 {delay:.2f} 秒（上限 {ceiling:.1f} 秒）")
        await asyncio.sleep(delay)
    raise AssertionError("不会到这里")


async def main() -> None:
    rng = random.Random(0)  # 固定种子，输出可以复现；实际程序用 random.Random() 即可
    key = uuid.uuid4().hex  # 本地服务器按 key 计数：前 3 次请求返回 503
    async with aiohttp.ClientSession() as session:
        data = await get_with_retry(session, f"{BASE_URL}/flaky/3?key={key}", rng)
    print(f"成功：服务器收到的是第 {data['attempt']} 次请求")


asyncio.run(main())

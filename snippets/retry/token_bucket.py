import asyncio
import os
import time

import aiohttp

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")
start = time.monotonic()


class TokenBucket:
    """令牌桶：每秒放进 rate 个令牌，最多存 capacity 个；每个请求先取一个令牌。"""

    def __init__(self, rate: float, capacity: int) -> None:
        self.rate = rate
        self.capacity = capacity
        self.tokens = float(capacity)  # 一开始是满的：允许一小阵突发
        self.updated = time.monotonic()
        self.lock = asyncio.Lock()  # 排队取令牌，先到先得

    async def acquire(self) -> float:
        """取一个令牌，返回取到它的时刻。"""
        async with self.lock:
            while True:
                now = time.monotonic()
                self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
                self.updated = now
                if self.tokens >= 1:
                    self.tokens -= 1
                    return now
                await asyncio.sleep((1 - self.tokens) / self.rate)  # 等到攒够一个令牌


async def fetch(n: int, session: aiohttp.ClientSession, bucket: TokenBucket) -> None:
    taken = await bucket.acquire()
    print(f"[{taken - start:.2f} 秒] 发出请求 {n}")  # 桶放行它的时刻
    async with session.get(f"{BASE_URL}/get") as response:
        await response.read()


async def main() -> None:
    bucket = TokenBucket(rate=5, capacity=2)  # 平均每秒 5 个，最多连发 2 个
    async with aiohttp.ClientSession() as session:
        await asyncio.gather(*(fetch(n, session, bucket) for n in range(1, 9)))


asyncio.run(main())

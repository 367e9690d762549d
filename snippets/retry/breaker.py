import asyncio
import os
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import TypeVar

import aiohttp

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")
T = TypeVar("T")
start = time.perf_counter()


class CircuitOpenError(Exception):
    """断路器打开着：不发请求，直接失败。"""


class CircuitBreaker:
    def __init__(self, threshold: int, cooldown: float) -> None:
        self.threshold = threshold  # 连续失败几次就打开
        self.cooldown = cooldown  # 打开多久之后放一个试探请求过去
        self.failures = 0
        self.opened_at: float | None = None

    @property
    def state(self) -> str:
        if self.opened_at is None:
            return "关闭"
        if time.monotonic() - self.opened_at >= self.cooldown:
            return "半开"
        return "打开"

    async def call(self, operation: Callable[[], Awaitable[T]]) -> T:
        if self.state == "打开":
            raise CircuitOpenError
        try:
            result = await operation()
        except Exception:
            self.failures += 1
            if self.state == "半开" or self.failures >= self.threshold:
                self.opened_at = time.monotonic()  # 打开（或者重新打开）
            raise
        self.failures = 0
        self.opened_at = None  # 成功一次就关闭
        return result


async def main() -> None:
    breaker = CircuitBreaker(threshold=3, cooldown=0.5)
    url = f"{BASE_URL}/flaky/4?key={uuid.uuid4().hex}"  # 服务器前 4 次请求返回 503
    async with aiohttp.ClientSession(raise_for_status=True) as session:

        async def get() -> dict:
            async with session.get(url) as response:
                return await response.json()

        for n in range(1, 9):
            if n in (6, 8):
                await asyncio.sleep(0.6)  # 等过冷却时间
            before = breaker.state
            try:
                data = await breaker.call(get)
                outcome = f"成功（服务器收到的第 {data['attempt']} 个请求）"
            except CircuitOpenError:
                outcome = "直接失败，没有发请求"
            except aiohttp.ClientResponseError as e:
                outcome = f"请求失败 {e.status}"
            stamp = f"[{time.perf_counter() - start:.2f} 秒]"
            print(f"{stamp} 调用 {n}（{before}）: {outcome}，之后: {breaker.state}")


asyncio.run(main())

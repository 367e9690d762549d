import asyncio
import os

import aiohttp

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")


class ConnectionCounter:
    """借助 aiohttp 的 TraceConfig，数一数新建了几次 TCP 连接。"""

    def __init__(self) -> None:
        self.created = 0
        self.trace = aiohttp.TraceConfig()
        self.trace.on_connection_create_end.append(self.on_create)

    async def on_create(self, session, ctx, params) -> None:  # type: ignore[no-untyped-def]
        self.created += 1


async def main() -> None:
    # 推荐：一组相关的请求共用一个 ClientSession（它内部的连接池会复用连接）
    counter = ConnectionCounter()
    async with aiohttp.ClientSession(trace_configs=[counter.trace]) as session:
        for i in range(5):
            async with session.get(f"{BASE_URL}/get", params={"i": i}) as resp:
                await resp.json()
    print(f"共用一个 session：5 个请求，新建 TCP 连接 {counter.created} 次")

    # 反例：每个请求新建一个 session，连接池随之创建又关闭，连接无法复用
    counter = ConnectionCounter()
    for i in range(5):
        async with (
            aiohttp.ClientSession(trace_configs=[counter.trace]) as session,
            session.get(f"{BASE_URL}/get", params={"i": i}) as resp,
        ):
            await resp.json()
    print(f"每次新建 session：5 个请求，新建 TCP 连接 {counter.created} 次")


asyncio.run(main())

import asyncio
import os
from types import SimpleNamespace

import aiohttp

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")
N = 5
counts = {"新建": 0, "复用": 0}


# 用 aiohttp 的 TraceConfig 统计：每个请求是新建了 TCP 连接，还是复用了池里的连接
async def on_create(session: aiohttp.ClientSession, ctx: SimpleNamespace, params: object) -> None:
    counts["新建"] += 1


async def on_reuse(session: aiohttp.ClientSession, ctx: SimpleNamespace, params: object) -> None:
    counts["复用"] += 1


trace = aiohttp.TraceConfig()
trace.on_connection_create_end.append(on_create)
trace.on_connection_reuseconn.append(on_reuse)


async def get(session: aiohttp.ClientSession) -> None:
    async with session.get(f"{BASE_URL}/get") as response:
        await response.read()


async def main() -> None:
    # 正确：一个 session 发 N 个请求，连接池里的连接被反复使用
    async with aiohttp.ClientSession(trace_configs=[trace]) as session:
        for _ in range(N):
            await get(session)
    print(f"一个 session，{N} 个请求: {counts}")

    # 错误：每个请求新建一个 session，每次都要重新建立连接
    counts.update({"新建": 0, "复用": 0})
    for _ in range(N):
        async with aiohttp.ClientSession(trace_configs=[trace]) as session:
            await get(session)
    print(f"每个请求一个 session: {counts}")


asyncio.run(main())

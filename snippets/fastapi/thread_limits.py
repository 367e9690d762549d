import asyncio
import os
import time
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

import anyio.to_thread
import httpx
import uvicorn
from fastapi import FastAPI

N = 50  # 同时到达的请求数
app = FastAPI()


@app.get("/sync")
def sync() -> str:
    time.sleep(0.2)  # def 端点：在 AnyIO 的线程池里运行
    return "ok"


@app.get("/asyncio-to-thread")
async def asyncio_thread() -> str:
    await asyncio.to_thread(time.sleep, 0.2)  # 事件循环的默认线程池
    return "ok"


@app.get("/tokens")
async def tokens() -> float:
    return anyio.to_thread.current_default_thread_limiter().total_tokens


@asynccontextmanager
async def serve(app: FastAPI) -> AsyncIterator[str]:
    """在本进程里启动 uvicorn（127.0.0.1，端口由系统分配），产出服务器地址。"""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", access_log=False))
    serving = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110  started 只是一个布尔值，没有可以等待的事件
        await asyncio.sleep(0.01)
    host, port = server.servers[0].sockets[0].getsockname()[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        await serving


async def hit(url: str, path: str, n: int) -> list[float]:
    """同时发出 n 个请求，返回每个请求的耗时（秒，从小到大）。"""

    async def one(client: httpx.AsyncClient) -> float:
        start = time.perf_counter()
        (await client.get(path)).raise_for_status()
        return time.perf_counter() - start

    async def all_at_once() -> list[float]:
        async with httpx.AsyncClient(base_url=url) as client:
            return sorted(await asyncio.gather(*(one(client) for _ in range(n))))

    # 客户端在另一个线程里用自己的事件循环运行，好比别处的用户：
    # 它若和服务器共用一个事件循环，服务器被阻塞时它也一起停下，就量不出用户真正等了多久
    with ThreadPoolExecutor(max_workers=1) as other_thread:
        return await asyncio.get_running_loop().run_in_executor(other_thread, asyncio.run, all_at_once())


def summary(times: list[float]) -> str:
    quick = sum(t < 0.3 for t in times) / len(times)  # 没有排队、约 0.2 秒就完成的比例
    return f"最快 {min(times):.1f} 秒，最慢 {max(times):.1f} 秒，0.3 秒内完成 {quick:.0%}"


async def main() -> None:
    cpus = getattr(os, "process_cpu_count", os.cpu_count)() or 1  # 3.13 起线程池按本进程可用的 CPU 数
    async with serve(app) as url:
        async with httpx.AsyncClient(base_url=url) as client:
            print(f"AnyIO 线程池的令牌数：{(await client.get('/tokens')).json():.0f}")
        print(f"事件循环默认线程池的线程数：min(32, {cpus} 个 CPU + 4) = {min(32, cpus + 4)}")
        for label, path in [("def 端点", "/sync"), ("asyncio.to_thread", "/asyncio-to-thread")]:
            times = await hit(url, path, N)
            print(f"{label}，{N} 个并发请求：{summary(times)}")


asyncio.run(main())

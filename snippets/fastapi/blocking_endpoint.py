import asyncio
import time
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

import httpx
import uvicorn
from fastapi import FastAPI

app = FastAPI()


@app.get("/async-blocking")
async def async_blocking() -> str:
    time.sleep(0.2)  # 同步的阻塞调用（好比 requests.get）：整个事件循环停在这里
    return "ok"


@app.get("/sync")
def sync() -> str:
    time.sleep(0.2)  # 同样的阻塞调用，但 def 端点在线程池里运行
    return "ok"


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


async def hit(url: str, path: str, n: int = 5) -> list[float]:
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


async def main() -> None:
    async with serve(app) as url:
        for path in ["/async-blocking", "/sync"]:
            times = await hit(url, path)
            print(f"{path:<15} 5 个并发请求的耗时：" + "  ".join(f"{t:.1f}" for t in times) + " 秒")


asyncio.run(main())

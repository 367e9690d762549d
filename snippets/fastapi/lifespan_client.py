import asyncio
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI, Request

HTTPBIN = os.environ.get("HTTPBIN_URL", "https://httpbin.org")
connects = 0  # 一共新建了几个到 httpbin 的 TCP 连接


async def count_connects(event: str, info: dict[str, Any]) -> None:
    global connects
    if event == "connection.connect_tcp.complete":
        connects += 1


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    async with httpx.AsyncClient(base_url=HTTPBIN) as client:  # 启动时建一个，整个应用共用
        app.state.client = client
        print("lifespan：建好了共用的 AsyncClient")
        yield  # 应用在这里运行、处理请求
    print("lifespan：AsyncClient 已关闭")


app = FastAPI(lifespan=lifespan)


@app.get("/shared")
async def shared(request: Request) -> int:
    client: httpx.AsyncClient = request.app.state.client
    response = await client.get("/get", extensions={"trace": count_connects})
    return response.status_code


@app.get("/per-request")
async def per_request() -> int:
    async with httpx.AsyncClient(base_url=HTTPBIN) as client:  # 每个请求新建一个：常见的错误
        response = await client.get("/get", extensions={"trace": count_connects})
        return response.status_code


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


async def main() -> None:
    global connects
    async with serve(app) as url, httpx.AsyncClient(base_url=url) as users:
        for path in ["/shared", "/per-request"]:
            connects, start = 0, time.perf_counter()
            for _ in range(20):
                (await users.get(path)).raise_for_status()
            per_call = (time.perf_counter() - start) / 20
            print(f"{path:<12} 20 个请求：新建到 httpbin 的连接 {connects} 个，平均每个请求 {per_call * 1000:.0f} 毫秒")


asyncio.run(main())

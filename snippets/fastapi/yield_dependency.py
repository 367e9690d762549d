import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

import httpx
import uvicorn
from fastapi import Depends, FastAPI

start = time.perf_counter()


def log(event: str) -> None:
    print(f"[{time.perf_counter() - start:.1f} 秒] {event}")


async def db_session() -> AsyncIterator[str]:
    log("依赖：打开会话（yield 之前）")
    try:
        yield "会话"
    finally:
        await asyncio.sleep(0.3)  # 好比提交事务、把连接还给连接池
        log("依赖：关闭会话（yield 之后）")


app = FastAPI()


@app.get("/request-scope")
async def request_scope(session: Annotated[str, Depends(db_session)]) -> str:
    log(f"端点：使用{session}")
    return "ok"


@app.get("/function-scope")
async def function_scope(session: Annotated[str, Depends(db_session, scope="function")]) -> str:
    log(f"端点：使用{session}")
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


async def main() -> None:
    global start
    async with serve(app) as url, httpx.AsyncClient(base_url=url) as client:
        for path in ["/request-scope", "/function-scope"]:
            print(f"--- GET {path}")
            start = time.perf_counter()
            (await client.get(path)).raise_for_status()
            log("客户端：收到响应")
            await asyncio.sleep(0.5)  # 等依赖收尾


asyncio.run(main())

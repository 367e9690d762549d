import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, Request


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    print("lifespan：启动（建连接池）")
    app.state.pool = ["连接 1", "连接 2"]  # 好比 asyncpg 连接池、共用的 AsyncClient
    yield
    print("lifespan：关闭（关连接池）")


app = FastAPI(lifespan=lifespan)


@app.get("/ping")
async def ping() -> str:
    return "pong"


@app.get("/pool")
async def pool(request: Request) -> int:
    return len(request.app.state.pool)


async def main() -> None:
    transport = httpx.ASGITransport(app=app)  # 直接调用 ASGI 应用：不开端口、不经过网络
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        print("GET /ping ->", (await client.get("/ping")).json())
        try:
            await client.get("/pool")
        except AttributeError as e:  # ASGITransport 默认把应用里的异常直接抛给测试
            print(f"GET /pool -> {type(e).__name__}: {e}")

    print("--- 自己进入 lifespan")
    # 服务器启动和关闭时做的，就是进入和退出 lifespan：测试里自己来
    async with app.router.lifespan_context(app), httpx.AsyncClient(transport=transport, base_url="http://test") as c:
        print("GET /pool ->", (await c.get("/pool")).json())


asyncio.run(main())

import asyncio
import time

import httpx
import uvicorn
from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

app = FastAPI()


def lookup(user_id: int) -> dict[str, object]:
    time.sleep(0.3)  # 同步的库调用（比如 requests 或同步的数据库驱动），你改不了它
    return {"id": user_id, "name": f"用户 {user_id}"}


@app.get("/users/{user_id}")
async def get_user(user_id: int) -> dict[str, object]:
    return await run_in_threadpool(lookup, user_id)  # 在线程池里等，事件循环照常处理别的请求


async def main() -> None:
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", access_log=False))
    serving = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110  started 只是一个布尔值，没有可以等待的事件
        await asyncio.sleep(0.01)
    host, port = server.servers[0].sockets[0].getsockname()[:2]
    async with httpx.AsyncClient(base_url=f"http://{host}:{port}") as client:
        start = time.perf_counter()
        responses = await asyncio.gather(*(client.get(f"/users/{i}") for i in range(5)))
        print([r.json()["name"] for r in responses], f"{time.perf_counter() - start:.1f} 秒")
    server.should_exit = True
    await serving


asyncio.run(main())

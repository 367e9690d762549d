import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import uvicorn
from fastapi import BackgroundTasks, FastAPI

start = time.perf_counter()
tasks: set[asyncio.Task[None]] = set()  # 自己保存的任务，关闭时等它们


def log(event: str) -> None:
    print(f"[{time.perf_counter() - start:.1f} 秒] {event}")


async def send_email(how: str) -> None:
    try:
        await asyncio.sleep(0.5)  # 好比调用邮件服务
        log(f"{how}：邮件已发出")
    except asyncio.CancelledError:
        log(f"{how}：邮件没发出（任务被取消）")
        raise


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    log("lifespan：关闭阶段开始")
    await asyncio.gather(*tasks)  # 等自己创建的任务做完


app = FastAPI(lifespan=lifespan)


@app.post("/background-tasks")
async def with_background_tasks(background: BackgroundTasks) -> str:
    background.add_task(send_email, "BackgroundTasks")  # 响应发出之后、在这个请求之内运行
    return "已注册"


@app.post("/create-task")
async def with_create_task() -> str:
    asyncio.create_task(send_email("裸 create_task"))  # noqa: RUF006  没人保存、没人等：这正是要演示的错误
    return "已注册"


@app.post("/tracked-task")
async def with_tracked_task() -> str:
    task = asyncio.create_task(send_email("create_task + lifespan 等待"))
    tasks.add(task)
    task.add_done_callback(tasks.discard)
    return "已注册"


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


async def main(path: str) -> None:
    """一个完整的服务进程：启动，处理一个请求，随即收到关闭信号（比如部署新版本时的 SIGTERM），退出。"""
    global start
    print(f"--- POST {path}")
    async with serve(app) as url, httpx.AsyncClient(base_url=url) as client:
        start = time.perf_counter()
        (await client.post(path)).raise_for_status()
        log("客户端：收到响应；服务器开始关闭")
    log("服务器已关闭，asyncio.run() 收尾：取消还没完成的任务")


for path in ["/background-tasks", "/create-task", "/tracked-task"]:
    asyncio.run(main(path))  # 每次一个新的事件循环，好比一个新的进程

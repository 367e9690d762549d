import asyncio
import time

import aiohttp
from aiohttp import web


async def blocking(request: web.Request) -> web.Response:
    time.sleep(0.5)  # 错误：阻塞了整个事件循环，所有请求都停下
    return web.Response(text="ok")


async def non_blocking(request: web.Request) -> web.Response:
    await asyncio.sleep(0.5)  # 正确：等待时让出控制权
    return web.Response(text="ok")


async def four_requests(session: aiohttp.ClientSession, path: str) -> float:
    async def get() -> None:
        async with session.get(path) as response:
            await response.read()

    start = time.perf_counter()
    await asyncio.gather(*(get() for _ in range(4)))
    return time.perf_counter() - start


async def main() -> None:
    app = web.Application()
    app.router.add_get("/blocking", blocking)
    app.router.add_get("/non-blocking", non_blocking)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    try:
        async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as session:
            for path in ("/non-blocking", "/blocking"):
                elapsed = await four_requests(session, path)
                print(f"{path}: 4 个并发请求共耗时 {elapsed:.2f} 秒")
    finally:
        await runner.cleanup()


asyncio.run(main())

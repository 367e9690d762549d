import asyncio
import time

import aiohttp
from aiohttp import web

start = time.perf_counter()


def log(text: str) -> None:
    print(f"[{time.perf_counter() - start:.1f} 秒] {text}")


async def handler(request: web.Request) -> web.WebSocketResponse:
    name = request.query["name"]
    ws = web.WebSocketResponse(heartbeat=0.4)  # 每 0.4 秒 ping 一次，0.2 秒内没有 pong 就断开
    await ws.prepare(request)
    async for _ in ws:
        pass
    log(f"服务器：{name} 的连接结束，close_code = {ws.close_code}，原因: {ws.exception()}")
    return ws


async def main() -> None:
    app = web.Application()
    app.router.add_get("/ws", handler)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/ws"
    try:
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(f"{url}?name=一直在读的客户端") as ws:
                try:
                    async with asyncio.timeout(1.0):
                        async for _ in ws:  # 一直在读：读的同时自动回复 pong
                            pass
                except TimeoutError:
                    log(f"一直在读的客户端：1 秒内没有消息，连接仍然打开: {not ws.closed}")

            async with session.ws_connect(f"{url}?name=不读的客户端") as ws:
                log("不读的客户端：已连接")
                await asyncio.sleep(1.0)  # 忙着干别的，没有调用 receive()，也就没有回复 pong
                try:
                    await ws.receive()
                except aiohttp.ClientConnectionError as e:
                    log(f"不读的客户端：再去读，连接已经断了: {type(e).__name__}")
    finally:
        await runner.cleanup()


asyncio.run(main())

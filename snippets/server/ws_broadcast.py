import asyncio

import aiohttp
from aiohttp import web

clients: set[web.WebSocketResponse] = set()


async def chat(request: web.Request) -> web.WebSocketResponse:
    ws = web.WebSocketResponse(heartbeat=5.0)  # 每 5 秒 ping 一次，收不到 pong 就断开
    await ws.prepare(request)
    clients.add(ws)
    try:
        async for msg in ws:  # 连接关闭时循环结束
            if msg.type == aiohttp.WSMsgType.TEXT:
                await ws.send_str(f"回声: {msg.data}")  # 只回给发送者
                for other in clients - {ws}:  # 广播给其他人
                    await other.send_str(f"广播: {msg.data}")
    finally:
        clients.discard(ws)
    return ws


async def main() -> None:
    app = web.Application()
    app.router.add_get("/chat", chat)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/chat"
    try:
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(url) as alice, session.ws_connect(url) as bob:
                await alice.send_str("大家好")
                print(f"alice 收到 {await alice.receive_str(timeout=1)!r}")
                print(f"bob 收到 {await bob.receive_str(timeout=1)!r}")
                try:
                    await bob.receive_str(timeout=0.3)  # 没人再发消息
                except TimeoutError:
                    print("bob 0.3 秒内没有收到新消息：TimeoutError")
            print(f"两个客户端都已断开，服务器还记着 {len(clients)} 个连接")
    finally:
        await runner.cleanup()


asyncio.run(main())

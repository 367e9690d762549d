import asyncio
import time

import aiohttp
from aiohttp import web


async def hello(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    await asyncio.sleep(0.5)  # 假装在查数据库：等待期间事件循环去处理别的请求
    return web.json_response({"hello": name})


async def main() -> None:
    app = web.Application()
    app.router.add_get("/hello/{name}", hello)

    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)  # 端口 0：由操作系统挑一个空闲端口
    await site.start()
    port = runner.addresses[0][1]
    print("服务器已启动（127.0.0.1，随机端口）")

    try:
        async with aiohttp.ClientSession(f"http://127.0.0.1:{port}") as session:

            async def get(name: str) -> dict:
                async with session.get(f"/hello/{name}") as response:
                    return await response.json()

            start = time.perf_counter()
            results = await asyncio.gather(*(get(name) for name in ["甲", "乙", "丙", "丁", "戊"]))
            elapsed = time.perf_counter() - start
        print(results)
        print(f"5 个请求，每个处理 0.5 秒，共耗时 {elapsed:.2f} 秒")
    finally:
        await runner.cleanup()  # 关闭监听的端口和所有连接


asyncio.run(main())

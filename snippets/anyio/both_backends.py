import asyncio
import os
import time

import anyio
import httpx

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")


def asyncio_loop() -> str:
    try:
        asyncio.get_running_loop()
        return "有"
    except RuntimeError:
        return "没有"


async def fetch(client: httpx.AsyncClient, n: int, done: list[int]) -> None:
    response = await client.get("/delay/1", params={"n": n})
    done.append(int(response.json()["args"]["n"]))


async def main(backend: str) -> None:
    done: list[int] = []
    async with httpx.AsyncClient(base_url=BASE_URL) as client:
        start = time.perf_counter()
        async with anyio.create_task_group() as tg:
            for n in range(3):
                tg.start_soon(fetch, client, n, done)
        elapsed = time.perf_counter() - start
    print(f"{backend:7}: 正在运行的 asyncio 事件循环: {asyncio_loop()}；请求 {sorted(done)} 共 {elapsed:.1f} 秒")


# 同一个 main，先后交给两个后端运行
for backend in ("asyncio", "trio"):
    anyio.run(main, backend, backend=backend)

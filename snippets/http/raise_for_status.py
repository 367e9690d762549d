import asyncio
import os

import aiohttp

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")


async def main() -> None:
    async with aiohttp.ClientSession() as session:
        for code in (200, 404, 500):
            async with session.get(f"{BASE_URL}/status/{code}") as response:
                # 4xx/5xx 不会自动变成异常：请求本身完成了，只是状态码表示失败
                print(f"/status/{code}: status={response.status} ok={response.ok}")
                try:
                    response.raise_for_status()  # 状态码 >= 400 时抛出
                except aiohttp.ClientResponseError as e:
                    print(f"  raise_for_status() 抛出 {type(e).__name__}: {e.status} {e.message}")

    # 也可以让 session 对每个响应自动检查
    async with aiohttp.ClientSession(raise_for_status=True) as strict:
        try:
            async with strict.get(f"{BASE_URL}/status/500"):
                print("不会执行到这里")
        except aiohttp.ClientResponseError as e:
            print(f"raise_for_status=True: session.get() 直接抛出 {e.status} {e.message}")


asyncio.run(main())

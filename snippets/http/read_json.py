import asyncio
import os

import aiohttp

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")


async def main() -> None:
    async with aiohttp.ClientSession() as session:
        # params 会被编码进查询字符串：/get?city=上海&page=2
        async with session.get(f"{BASE_URL}/get", params={"city": "上海", "page": 2}) as response:
            data = await response.json()  # 读完响应体并解析 JSON
        print(f"服务器收到的查询参数: {data['args']}")

        # 大的响应体可以分块读取，不必一次性放进内存
        total = 0
        biggest = 0
        async with session.get(f"{BASE_URL}/bytes/102400") as response:
            async for chunk in response.content.iter_chunked(16 * 1024):
                total += len(chunk)
                biggest = max(biggest, len(chunk))
        print(f"分块读取: 共 {total} 字节，最大的一块 {biggest} 字节（上限 {16 * 1024}）")


asyncio.run(main())

import asyncio
import os
import re
import time
from urllib.parse import urljoin, urlsplit

import aiohttp

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")
HREF = re.compile(r"""href=["']([^"']+)["']""", re.IGNORECASE)
TIMEOUT = aiohttp.ClientTimeout(total=0.5)  # 每个请求最多 0.5 秒（默认的总超时是 300 秒）


class Crawler:
    def __init__(self, roots: list[str], max_tasks: int) -> None:
        self.roots = roots
        self.site = urlsplit(roots[0]).netloc  # 只抓这个站点
        self.max_tasks = max_tasks
        self.queue: asyncio.Queue[str] = asyncio.Queue()
        self.seen: set[str] = set(roots)  # 入队过的 URL：每个只抓一次
        self.fetched: list[str] = []
        self.failed: list[str] = []
        self.links_found = 0

    async def crawl(self) -> None:
        for root in self.roots:
            self.queue.put_nowait(root)
        async with aiohttp.ClientSession(timeout=TIMEOUT) as self.session:  # 所有工作者共用一个 session
            workers = [asyncio.create_task(self.work()) for _ in range(self.max_tasks)]
            await self.queue.join()  # 队列排空、且每一页都处理完
            for w in workers:
                w.cancel()
            await asyncio.gather(*workers, return_exceptions=True)

    async def work(self) -> None:
        while True:
            url = await self.queue.get()
            try:
                await self.fetch(url)
            # 一页出错不能让工作者退出：工作者全退出后，join() 会永远等下去。
            # 总超时抛出的是 TimeoutError，它不是 aiohttp.ClientError 的子类，要单独写上
            except (aiohttp.ClientError, TimeoutError) as e:
                self.failed.append(f"{urlsplit(url).path}: {type(e).__name__}")
            finally:
                self.queue.task_done()

    async def fetch(self, url: str) -> None:
        async with self.session.get(url) as resp:
            resp.raise_for_status()
            html = await resp.text()
        self.fetched.append(url)
        for href in HREF.findall(html):
            link = urljoin(url, href)
            self.links_found += 1
            # 只跟踪同一站点、没见过的链接；先查后加之间没有 await，不会重复入队
            if urlsplit(link).netloc == self.site and link not in self.seen:
                self.seen.add(link)
                self.queue.put_nowait(link)


async def main() -> None:
    # 起点：一组互相链接的页面，外加一个要 2 秒才回应的慢页面
    crawler = Crawler([f"{BASE_URL}/links/10/0", f"{BASE_URL}/delay/2"], max_tasks=3)
    start = time.perf_counter()
    await crawler.crawl()
    elapsed = time.perf_counter() - start

    for url in sorted(crawler.fetched):
        print(urlsplit(url).path)
    new = len(crawler.seen) - len(crawler.roots)
    print(f"抓取 {len(crawler.fetched)} 页，发现链接 {crawler.links_found} 个（其中新链接 {new} 个）")
    print(f"失败 {len(crawler.failed)} 页：{crawler.failed}，耗时 {elapsed:.3f} 秒")


asyncio.run(main())

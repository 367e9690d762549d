"""练习「最多 3 个并发请求的爬虫」的检查程序：python check.py starter.py（或 solution.py）。

请求发往环境变量 HTTPBIN_URL 指向的 httpbin（默认 https://httpbin.org）。
"""

import ast
import asyncio
import contextlib
import io
import os
import sys
import time
from pathlib import Path

FAILED: list[str] = []


def load(name: str) -> dict:
    """执行要检查的文件（末尾的 asyncio.run(main()) 除外），返回它定义的函数和变量。"""
    path = Path(name) if Path(name).is_file() else Path(__file__).parent / name
    tree = ast.parse(path.read_text("utf-8"))
    tree.body = [s for s in tree.body if ast.unparse(s) != "asyncio.run(main())"]
    ns: dict = {"__name__": "exercise"}
    exec(compile(tree, str(path), "exec"), ns)
    return ns


def check(ok: bool, passed: str, wrong: str) -> None:
    print(f"✓ {passed}" if ok else f"✗ {wrong}")
    if not ok:
        FAILED.append(wrong)


def finish() -> None:
    if FAILED:
        print(f"还有 {len(FAILED)} 项没有通过。")
        sys.exit(1)
    print("全部通过！")


def run_quietly(coro):  # type: ignore[no-untyped-def]
    """在新的事件循环里运行协程，不显示它打印的内容；出错时报告并结束检查。"""
    with contextlib.redirect_stdout(io.StringIO()):
        try:
            return asyncio.run(coro)
        except Exception as e:
            error = e
    check(False, "", f"运行出错：{type(error).__name__}: {error}")
    finish()


def main() -> None:
    import aiohttp

    ns = load(sys.argv[1] if len(sys.argv) > 1 else "starter.py")
    base = os.environ.get("HTTPBIN_URL", "https://httpbin.org")
    in_flight = peak = 0
    original = aiohttp.ClientResponse.start

    async def counting_start(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        # 从发出请求到收到响应头，这个请求算「正在进行」（客户端这一侧的计数）
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        try:
            return await original(self, *args, **kwargs)
        finally:
            in_flight -= 1

    async def run() -> tuple[list, float]:
        urls = [f"{base}/delay/0.3?n={i}" for i in range(9)] + [f"{base}/status/404"]
        start = time.perf_counter()
        results = await ns["crawl"](urls)
        return results, time.perf_counter() - start

    aiohttp.ClientResponse.start = counting_start  # type: ignore[method-assign]
    results, elapsed = run_quietly(run())
    check(
        results == [200] * 9 + [404],
        "按顺序返回了 10 个状态码",
        f"应按 urls 的顺序返回 [200] * 9 + [404]，实际是 {results!r}",
    )
    check(
        peak <= 3,
        f"同一时刻最多有 {peak} 个请求在进行",
        f"同一时刻有 {peak} 个请求在进行，最多只能 3 个（asyncio.Semaphore(3)）",
    )
    check(
        peak == 3 and 0.85 <= elapsed < 1.8,
        f"3 个并发用满了：9 个各需 0.3 秒的请求共用时 {elapsed:.1f} 秒",
        f"9 个各需 0.3 秒的请求用了 {elapsed:.1f} 秒，最大并发 {peak}：应该始终有 3 个请求在进行（约 0.9 秒）",
    )
    finish()


main()

"""练习「一个 ClientSession，并发请求」的检查程序：python check.py starter.py（或 solution.py）。

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
    sessions: list[object] = []
    original_init = aiohttp.ClientSession.__init__

    def counting_init(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        sessions.append(self)  # 记录创建了几个 ClientSession
        original_init(self, *args, **kwargs)

    async def run() -> tuple[list, float]:
        urls = [f"{base}/delay/0.4?check={i}" for i in range(5)]
        start = time.perf_counter()
        results = await ns["fetch_all"](urls)
        return results, time.perf_counter() - start

    aiohttp.ClientSession.__init__ = counting_init  # type: ignore[method-assign]
    results, elapsed = run_quietly(run())
    got = [r.get("args", {}).get("check") if isinstance(r, dict) else r for r in results or []]
    check(
        got == ["0", "1", "2", "3", "4"],
        "按顺序返回了 5 个响应的 JSON",
        f"应按 urls 的顺序返回 5 个响应的 JSON，实际按顺序收到的 check 参数是 {got}",
    )
    check(
        len(sessions) == 1,
        "只创建了一个 ClientSession",
        f"创建了 {len(sessions)} 个 ClientSession：一个 session 就是一个连接池，应该让所有请求共用一个",
    )
    check(
        0.35 <= elapsed < 1.2,
        f"5 个各需 0.4 秒的请求同时进行，共用时 {elapsed:.1f} 秒",
        f"5 个各需 0.4 秒的请求用了 {elapsed:.1f} 秒：它们是一个接一个发出的，应该同时进行（约 0.4 秒）",
    )
    finish()


main()

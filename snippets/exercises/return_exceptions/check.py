"""练习「gather 的 return_exceptions」的检查程序：python check.py starter.py（或 solution.py）。"""

import ast
import asyncio
import contextlib
import io
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
    ns = load(sys.argv[1] if len(sys.argv) > 1 else "starter.py")
    errors = {"坏1": ValueError("坏1 下载失败"), "坏2": ValueError("坏2 下载失败")}  # 检查程序自己的异常对象
    finished: list[str] = []

    async def fetch(name: str) -> str:  # 替换练习里的 fetch：失败的在 0.1 秒抛出，成功的 0.4 秒后返回
        if name in errors:
            await asyncio.sleep(0.1)
            raise errors[name]
        await asyncio.sleep(0.4)
        finished.append(name)
        return f"<{name}>"

    async def run() -> tuple[list, float]:
        start = time.perf_counter()
        results = await ns["fetch_all"](names)
        return results, time.perf_counter() - start

    ns["fetch"] = fetch
    names = ["x", "坏1", "y", "坏2", "z"]
    results, elapsed = run_quietly(run())

    expected = ["<x>", errors["坏1"], "<y>", errors["坏2"], "<z>"]
    check(
        isinstance(results, list)
        and len(results) == 5
        and all(r is e or r == e for r, e in zip(results, expected, strict=True)),
        "fetch_all 按顺序返回了 3 个结果和 2 个异常对象",
        f"fetch_all 应按顺序返回 {expected!r}，实际是 {results!r}（gather 默认把第一个异常直接抛给调用方）",
    )
    check(
        sorted(finished) == ["x", "y", "z"],
        "一个失败没有影响其余的下载",
        f"成功的下载只完成了 {sorted(finished)}：x、y、z 都应该完成",
    )
    check(
        0.35 <= elapsed < 1.0,
        "下载是同时进行的",
        f"fetch_all 用了 {elapsed:.1f} 秒；同时下载、等到每一个都结束应约 0.4 秒",
    )
    finish()


main()

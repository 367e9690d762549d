"""练习「超时并干净地取消」的检查程序：python check.py starter.py（或 solution.py）。"""

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
    log: list[str] = []
    duration = 0.0

    async def slow_query() -> str:  # 替换练习里的 slow_query：用时 duration 秒，记录它是怎么结束的
        try:
            await asyncio.sleep(duration)
        except asyncio.CancelledError:
            log.append("取消")
            raise
        log.append("完成")
        return "检查用的结果"

    async def run(limit: float) -> tuple[object, float, int]:
        start = time.perf_counter()
        result = await ns["query_with_timeout"](limit)
        elapsed = time.perf_counter() - start
        others = len(asyncio.all_tasks()) - 1  # 返回之后还在运行的任务
        return result, elapsed, others

    ns["slow_query"] = slow_query
    duration = 2.0
    result, elapsed, others = run_quietly(run(0.5))
    check(
        result is None and 0.45 <= elapsed < 1.2,
        f"查询要 2 秒、上限 0.5 秒：约 {elapsed:.1f} 秒时返回了 None",
        f"查询要 2 秒、上限 0.5 秒：应在约 0.5 秒时返回 None，实际 {elapsed:.1f} 秒时返回了 {result!r}",
    )
    check(
        log == ["取消"] and others == 0,
        "超时的查询被取消了，没有留在后台",
        f"超时的查询应该被取消（它的记录：{log}，返回时还有 {others} 个任务在运行）",
    )
    duration, log[:] = 0.2, []
    result, elapsed, others = run_quietly(run(1.0))
    check(
        result == "检查用的结果" and elapsed < 0.9,
        "查询要 0.2 秒、上限 1 秒：按时返回了查询结果",
        f"查询要 0.2 秒、上限 1 秒：应在约 0.2 秒时返回查询结果，实际 {elapsed:.1f} 秒时返回了 {result!r}",
    )
    finish()


main()

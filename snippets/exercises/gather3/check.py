"""练习「三个 say_after 只用 2 秒」的检查程序：python check.py starter.py（或 solution.py）。"""

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
    original = ns["say_after"]
    calls: list[tuple[float, float, str]] = []  # (开始, 结束, 消息)

    async def say_after(delay: float, message: str) -> str:  # 记录每次调用的起止时刻
        begin = time.perf_counter()
        result = await original(delay, message)
        calls.append((begin, time.perf_counter(), message))
        return result

    ns["say_after"] = say_after
    start = time.perf_counter()
    results = run_quietly(ns["main"]())
    elapsed = time.perf_counter() - start

    check(
        results == ["一", "二", "三"],
        "main() 按顺序返回 ['一', '二', '三']",
        f"main() 应返回 ['一', '二', '三']，实际是 {results!r}",
    )
    check(
        sorted(message for _, _, message in calls) == sorted(["一", "二", "三"]),
        "三个 say_after 都运行完了",
        f"应该调用并等到三个 say_after 完成，实际完成了 {len(calls)} 个",
    )
    starts = [begin for begin, _, _ in calls]
    together = len(calls) == 3 and max(starts) - min(starts) < 0.3
    check(
        together,
        "三个 say_after 几乎同时开始",
        "三个 say_after 是一个接一个开始的：先把它们都交给事件循环（gather 或 create_task），再等待",
    )
    check(
        1.9 <= elapsed < 3.0,
        f"总共用时约 {elapsed:.1f} 秒（最长的一个是 2 秒）",
        f"总共用时 {elapsed:.1f} 秒，应约 2 秒：同时等待时，总时间等于最长的那一个",
    )
    finish()


main()

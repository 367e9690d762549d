"""练习「丢失的后台任务」的检查程序：python check.py starter.py（或 solution.py）。"""

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
    started: dict[str, float] = {}
    finished: dict[str, float] = {}

    async def save(item: str) -> None:  # 替换练习里的 save：每次保存用 0.4 秒，并记录起止时刻
        started[item] = time.perf_counter()
        await asyncio.sleep(0.4)
        finished[item] = time.perf_counter()

    async def run() -> float:
        start = time.perf_counter()
        await ns["main"]()
        return time.perf_counter() - start  # main 返回之后，asyncio.run 会取消剩下的任务

    ns["save"] = save
    elapsed = run_quietly(run())

    check(
        sorted(started) == ["a", "b", "c"],
        "三次保存都开始了",
        f"应该为 a、b、c 各保存一次，实际开始了 {sorted(started)}",
    )
    check(
        sorted(finished) == ["a", "b", "c"],
        "main 返回之前，三次保存都完成了",
        f"main 返回时只完成了 {sorted(finished)}：没有被等待的任务在 asyncio.run 结束时被取消了。"
        "保存任务的引用，并在 main 结束前 await 它们",
    )
    check(
        len(started) == 3 and max(started.values()) - min(started.values()) < 0.2 and elapsed < 1.0,
        "三次保存是同时进行的",
        f"三次保存应该在后台同时进行（每次 0.4 秒，共约 0.4 秒），实际 main 用了 {elapsed:.1f} 秒",
    )
    finish()


main()

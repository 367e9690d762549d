"""练习「失败时快速结束的 TaskGroup」的检查程序：python check.py starter.py（或 solution.py）。"""

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
    error = RuntimeError("检查用的失败")
    state: dict[str, str] = {}  # job 名字 -> 运行中 / 完成 / 取消 / 失败

    async def job(name: str, seconds: float, fail: bool = False) -> str:  # 替换练习里的 job，记录每个 job 的结局
        state[name] = "运行中"
        try:
            await asyncio.sleep(seconds)
        except asyncio.CancelledError:
            state[name] = "取消"
            raise
        if fail:
            state[name] = "失败"
            raise error
        state[name] = "完成"
        return name

    async def run() -> tuple[BaseException | None, float, dict[str, str]]:
        start = time.perf_counter()
        try:
            await ns["run_jobs"]()
            raised = None
        except BaseException as e:
            raised = e
        return raised, time.perf_counter() - start, dict(state)  # run_jobs 结束那一刻各个 job 的状态

    ns["job"] = job
    raised, elapsed, at_exit = run_quietly(run())
    inner = raised.exceptions if isinstance(raised, BaseExceptionGroup) else [raised]
    check(
        error in inner,
        "run_jobs 把 job 的失败传给了调用方",
        f"run_jobs 应该抛出失败的 job 的异常（或包含它的 ExceptionGroup），实际：{raised!r}",
    )
    check(
        elapsed < 1.0,
        f"失败发生后立即结束（{elapsed:.1f} 秒）",
        f"run_jobs 用了 {elapsed:.1f} 秒：一个 job 在 0.3 秒失败后，不必再等其余的 job",
    )
    others = {name: s for name, s in at_exit.items() if s != "失败"}
    check(
        len(others) == 2 and all(s == "取消" for s in others.values()),
        "run_jobs 结束时，其余的 job 都已被取消",
        f"run_jobs 结束时，其余 job 的状态是 {others}：它们应该已被取消（gather 不会取消其余的任务）",
    )
    finish()


main()

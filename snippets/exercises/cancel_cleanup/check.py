"""练习「被取消的任务释放资源」的检查程序：python check.py starter.py（或 solution.py）。"""

import ast
import asyncio
import contextlib
import io
import sys
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


class Conn:
    """检查程序自己的连接：记录是否真正关闭（close() 被 await 到了最后）。"""

    def __init__(self) -> None:
        self.closed = False

    async def close(self) -> None:
        await asyncio.sleep(0.05)
        self.closed = True


def main() -> None:
    ns = load(sys.argv[1] if len(sys.argv) > 1 else "starter.py")
    conns: list[Conn] = []

    async def open_connection() -> Conn:  # 替换练习里的 open_connection
        await asyncio.sleep(0.05)
        conns.append(Conn())
        return conns[-1]

    async def run(cancel_after: float | None) -> str:
        task = asyncio.create_task(ns["worker"]())
        if cancel_after is None:
            await task
            return "正常结束"
        await asyncio.sleep(cancel_after)
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            return "取消"
        return "没有抛出 CancelledError"

    ns["open_connection"] = open_connection
    outcome = run_quietly(run(0.3))
    check(
        outcome == "取消",
        "被取消的 worker 把 CancelledError 传给了等待它的代码",
        f"被取消的 worker {outcome}：清理之后要让 CancelledError 继续向外传播，不要吞掉它",
    )
    check(
        len(conns) == 1 and conns[0].closed,
        "被取消的 worker 关闭了它打开的连接",
        "worker 在干活时被取消，连接没有关闭：用 try/finally（或 async with）保证离开前 await conn.close()",
    )
    conns.clear()
    run_quietly(run(None))
    check(
        len(conns) == 1 and conns[0].closed,
        "正常结束的 worker 也关闭了连接",
        "worker 正常结束时也应该关闭连接（且只打开一个）",
    )
    finish()


main()

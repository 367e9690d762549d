"""练习「用 Future 包装回调式 API」的检查程序：python check.py starter.py（或 solution.py）。"""

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
    failure = PermissionError("检查用的错误")
    loop_errors: list[str] = []  # 回调里出的错，事件循环本来会打印到 stderr

    def start_download(name: str, on_done) -> None:  # type: ignore[no-untyped-def]
        # 替换练习里的 start_download：0.3 秒后回调，内容由检查程序决定
        loop = asyncio.get_running_loop()
        if name == "坏的":
            loop.call_later(0.3, on_done, None, failure)
        else:
            loop.call_later(0.3, on_done, f"<{name}>".encode(), None)

    async def run() -> dict:
        asyncio.get_running_loop().set_exception_handler(
            lambda _loop, ctx: loop_errors.append(repr(ctx.get("exception")))
        )
        out: dict = {}
        start = time.perf_counter()
        out["results"] = await asyncio.gather(*(ns["download"](n) for n in ["x", "y", "z"]))
        out["elapsed"] = time.perf_counter() - start
        try:
            out["error"] = await ns["download"]("坏的")
        except Exception as e:
            out["error"] = e
        with contextlib.suppress(TimeoutError):  # 等待方只等 0.1 秒就离开了；0.3 秒时回调照样会来
            await asyncio.wait_for(ns["download"]("晚到的"), 0.1)
        await asyncio.sleep(0.4)
        return out

    ns["start_download"] = start_download
    out = run_quietly(run())
    check(
        out["results"] == [b"<x>", b"<y>", b"<z>"],
        "download 返回了回调收到的内容",
        f"download('x') 等三次调用应返回 [b'<x>', b'<y>', b'<z>']，实际是 {out['results']!r}："
        "创建一个 Future，在 on_done 里设置它的结果，再 await 它",
    )
    check(
        0.25 <= out["elapsed"] < 0.8,
        "三个 download 同时等待，约 0.3 秒全部完成",
        f"三个 download 用了 {out['elapsed']:.1f} 秒；回调在 0.3 秒后才来，同时等待应约 0.3 秒",
    )
    check(
        out["error"] is failure,
        "回调报告的错误由 await download(...) 抛出",
        f"回调收到错误时，await download(...) 应抛出那个异常，实际得到 {out['error']!r}（用 set_exception）",
    )
    check(
        not loop_errors,
        "等待方离开之后才到的回调没有引发错误",
        f"等待方超时离开后，回调仍然到来并引发了 {(loop_errors or [''])[0]}（设置结果前先检查 future.done()）",
    )
    finish()


main()

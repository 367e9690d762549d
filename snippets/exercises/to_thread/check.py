"""练习「把阻塞调用移出事件循环」的检查程序：python check.py starter.py（或 solution.py）。"""

import ast
import asyncio
import contextlib
import io
import sys
import threading
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
    threads: list[threading.Thread] = []

    def read_config() -> str:  # 替换练习里的 read_config：阻塞 0.8 秒，记录在哪个线程里运行
        threads.append(threading.current_thread())
        time.sleep(0.8)
        return "检查用的配置"

    async def run() -> tuple[str, float]:
        gaps: list[float] = []

        async def monitor() -> None:  # 每 0.05 秒醒来一次，记录实际隔了多久
            last = time.perf_counter()
            while True:
                await asyncio.sleep(0.05)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now

        watch = asyncio.create_task(monitor())
        await asyncio.sleep(0.1)
        result = await ns["load"]()
        await asyncio.sleep(0.1)  # 让 monitor 记下最后一段间隔
        watch.cancel()
        return result, max(gaps)

    ns["read_config"] = read_config
    result, worst = run_quietly(run())
    check(
        result == "检查用的配置",
        "load() 返回了 read_config() 的结果",
        f"load() 应返回 read_config() 的结果，实际是 {result!r}",
    )
    check(
        len(threads) == 1 and threads[0] is not threading.main_thread(),
        "read_config 在另一个线程里运行",
        "read_config 应该在另一个线程里运行（asyncio.to_thread），而不是在事件循环所在的主线程",
    )
    check(
        worst < 0.45,
        f"读取期间事件循环没有停下（最长 {worst:.2f} 秒没响应）",
        f"读取期间事件循环停了 {worst:.1f} 秒：阻塞调用卡住了所有协程",
    )
    finish()


main()

"""练习「读几个文件，心跳不停」的检查程序：python check.py starter.py（或 solution.py）。"""

import ast
import asyncio
import contextlib
import io
import sys
import tempfile
import threading
import time
from pathlib import Path

FAILED: list[str] = []
DELAYS = [0.8, 0.2, 0.6, 0.4]  # 检查用的 read_file 每次读多久：好比慢盘上的 4 个文件
PATIENCE = 5.0  # 秒：一次读取最多等别的读取这么久，看它们能不能同时进行


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
    real_read = ns["read_file"]
    threads: list[threading.Thread] = []
    lock = threading.Lock()
    active = most = 0
    together = threading.Barrier(len(DELAYS))

    def read_file(path: Path) -> bytes:  # 替换练习里的 read_file：慢一些，记录在哪个线程、同时有几个
        nonlocal active, most
        with lock:
            threads.append(threading.current_thread())
            active += 1
            most = max(most, active)
        try:
            if threading.current_thread() is threading.main_thread():
                together.abort()  # 它堵住了事件循环，别的读取开始不了，不必再等
            with contextlib.suppress(threading.BrokenBarrierError):
                together.wait(timeout=PATIENCE)  # 等所有读取都开始；机器忙时线程可能启动得晚
            time.sleep(DELAYS[int(path.stem)])
            return real_read(path)
        finally:
            with lock:
                active -= 1

    async def run(paths: list[Path]) -> tuple[object, float, float]:
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
        start = time.perf_counter()
        result = await ns["read_all"](paths)
        elapsed = time.perf_counter() - start
        await asyncio.sleep(0.1)  # 让 monitor 记下最后一段间隔
        watch.cancel()
        return result, elapsed, max(gaps)

    ns["read_file"] = read_file
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(tmp) / f"{i}.txt" for i in range(len(DELAYS))]
        expected = [f"第 {i} 个文件".encode() for i in range(len(DELAYS))]
        for path, content in zip(paths, expected, strict=True):
            path.write_bytes(content)
        result, elapsed, worst = run_quietly(run(paths))

    shown = [r.decode() if isinstance(r, bytes) else r for r in result] if isinstance(result, list) else result
    check(
        isinstance(result, list) and result == expected,
        "read_all 按 paths 的顺序返回了每个文件的内容",
        f"read_all 应按 paths 的顺序返回每个文件的内容，实际是 {shown!r}",
    )
    in_loop = sum(t is threading.main_thread() for t in threads)
    check(
        len(threads) == len(DELAYS) and in_loop == 0,
        "每个文件都由 read_file 在另一个线程里读取",
        f"read_file 应对每个文件调用一次（{len(DELAYS)} 次），实际调用了 {len(threads)} 次"
        if len(threads) != len(DELAYS)
        else f"read_file 有 {in_loop} 次在事件循环所在的主线程里运行：应该交给另一个线程（asyncio.to_thread）",
    )
    check(
        worst < 0.7,  # 阻塞的读取至少停 0.8 秒（最慢的文件），好的做法只有几十毫秒
        f"读取期间事件循环没有停下（最长 {worst:.2f} 秒没响应）",
        f"读取期间事件循环停了 {worst:.1f} 秒：阻塞的读取卡住了所有协程",
    )
    check(
        most == len(DELAYS),
        f"{len(DELAYS)} 个文件同时读（共 {elapsed:.1f} 秒，一个接一个要 {sum(DELAYS):.1f} 秒）",
        f"几次读取没有同时进行（最多 {most} 个同时进行，应为 {len(DELAYS)} 个；共 {elapsed:.1f} 秒）："
        "让几次读取同时进行，比如用 gather",
    )
    finish()


main()

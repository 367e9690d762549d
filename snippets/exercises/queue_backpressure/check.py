"""练习「有界队列与干净的收尾」的检查程序：python check.py starter.py（或 solution.py）。"""

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


def main() -> None:
    ns = load(sys.argv[1] if len(sys.argv) > 1 else "starter.py")
    made: list[str] = []
    handled: list[str] = []
    leads: list[int] = []  # 每生产一个任务时：已生产 - 已处理完
    busy = [0, 0]  # [正在处理的任务数, 最多同时处理了几个]

    def make_item(i: int) -> str:  # 替换练习里的 make_item 和 handle，记录生产与处理的进度
        made.append(f"#{i}")
        leads.append(len(made) - len(handled))
        return made[-1]

    async def handle(item: str) -> None:
        busy[0] += 1
        busy[1] = max(busy)
        await asyncio.sleep(0.05)
        busy[0] -= 1
        handled.append(item)

    async def run() -> int:
        await asyncio.wait_for(ns["main"](20), 10)
        await asyncio.sleep(0)  # 给刚被取消的任务一次机会结束
        return len(asyncio.all_tasks()) - 1  # main 返回之后还没结束的任务

    ns["make_item"], ns["handle"] = make_item, handle
    leftover = run_quietly(run())
    check(
        sorted(handled) == sorted(made) and len(made) == 20,
        "20 个任务都生产出来并且各处理了一次",
        f"main(20) 应生产 20 个任务并各处理一次，实际生产 {len(made)} 个、处理 {len(handled)} 个",
    )
    check(
        busy[1] == 2,
        "两个消费者同时在处理任务",
        f"最多同时处理了 {busy[1]} 个任务：应该由两个消费者同时处理",
    )
    check(
        max(leads, default=0) <= 6,
        f"生产者最多领先消费者 {max(leads, default=0)} 个任务：队列满时它在等待",
        f"生产者一度领先消费者 {max(leads, default=0)} 个任务：用有界队列（maxsize=3），"
        "让 put() 在队列满时等待（最多领先 3 个排队 + 2 个处理中 + 1 个刚生产的）",
    )
    check(
        leftover == 0,
        "main 返回时，消费者都已结束",
        f"main 返回时还有 {leftover} 个任务没有结束：处理完之后要让消费者退出（取消并等待它们，或放入哨兵）",
    )
    finish()


main()

"""练习「用连接池并发查询」的检查程序：python check.py starter.py（或 solution.py）。

连接环境变量 DATABASE_URL 指向的 PostgreSQL。
"""

import ast
import asyncio
import contextlib
import io
import os
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


def pair(result: object) -> tuple[int, float] | None:
    """检查用的查询返回 [编号, 结束时刻]；别的值返回 None。"""
    try:
        return int(result[0]), float(result[1])  # type: ignore[index]
    except (TypeError, IndexError, ValueError):
        return None


def main() -> None:
    ns = load(sys.argv[1] if len(sys.argv) > 1 else "starter.py")
    dsn = os.environ.get("DATABASE_URL", "postgresql://postgres@localhost/postgres")
    # 每个查询睡 0.5 秒，然后返回 [编号, 数据库服务器上的结束时刻]
    queries = [
        f"SELECT ARRAY[{i}, extract(epoch FROM clock_timestamp())]::float8[] FROM pg_sleep(0.5)" for i in range(3)
    ]
    results = run_quietly(ns["run_all"](dsn, queries))
    pairs = [pair(r) for r in results] if isinstance(results, list) else []
    check(
        [p[0] if p else None for p in pairs] == [0, 1, 2],
        "按顺序返回了 3 个查询的结果",
        f"应按顺序返回 3 个查询 fetchval() 的结果，实际是 {results!r}",
    )
    ends = [p[1] for p in pairs if p]
    spread = max(ends) - min(ends) if len(ends) == 3 else None
    check(
        spread is not None and spread < 0.4,
        "3 个查询在数据库里同时执行（几乎同时结束）",
        "3 个查询应该同时执行：一个连接同一时刻只能执行一个查询，每个并发的查询需要自己的连接（连接池）"
        + (f"；它们先后结束，相差 {spread:.1f} 秒" if spread is not None else ""),
    )
    finish()


main()

"""What the 数据库：asyncpg page claims, checked against runs on a real PostgreSQL."""

from __future__ import annotations

import inspect
import re

import asyncpg


def _seconds(line: str) -> float:
    m = re.search(r"([\d.]+) 秒$", line)
    assert m, line
    return float(m.group(1))


def test_gather_on_one_connection_fails(run):
    r = run("snippets/database/one_connection_gather.py")
    assert r.returncode == 1
    assert r.lines[-1] == (
        "asyncpg.exceptions._base.InterfaceError: cannot perform operation: another operation is in progress"
    )
    assert "_stmt_exclusive_section" in r.output  # the page points at this frame
    assert "user, posts = await asyncio.gather(user_query, post_query)" in r.output
    assert "用户:" not in r.output


def test_interface_error_is_exported_at_top_level():
    assert asyncpg.InterfaceError is asyncpg.exceptions._base.InterfaceError


def test_pool_runs_both_queries(run):
    assert run("snippets/database/pool_gather.py").lines == [
        "用户: 小明, 文章数: 2",
        "文章: ['协程入门', '事件循环']",
    ]


def test_pool_defaults_are_10():
    params = inspect.signature(asyncpg.create_pool).parameters
    assert params["min_size"].default == 10
    assert params["max_size"].default == 10


def test_pool_makes_slow_queries_overlap(run):
    r = run("snippets/database/pg_sleep_timing.py")
    one_conn, pool2, pool3 = r.lines
    assert one_conn.startswith("一个连接，顺序执行 2 个")
    assert 1.95 <= _seconds(one_conn) < 2.6
    assert pool2.startswith("2 个连接的池 + gather，2 个")
    assert 0.95 <= _seconds(pool2) < 1.6
    assert pool3.startswith("2 个连接的池 + gather，3 个")  # the 3rd query waits for a connection
    assert 1.95 <= _seconds(pool3) < 2.6
    spans = {e.label.split("'")[1]: e for e in r.spans if e.label.startswith("sleep_1s(")}
    assert spans["顺序1"].end <= spans["顺序2"].start
    assert spans["并发1"].start < spans["并发2"].end and spans["并发2"].start < spans["并发1"].end
    # 3 queries, 2 connections: one of them waits ≈1 s for a connection, so its span is ≈2 s
    queued = sorted(spans[f"排队{i}"].end - spans[f"排队{i}"].start for i in (1, 2, 3))
    assert all(0.95 <= d < 1.5 for d in queued[:2]), queued
    assert 1.95 <= queued[2] < 2.6, queued


def test_transaction_rolls_back_on_exception_and_commits_otherwise(run):
    assert run("snippets/database/transaction.py").lines == [
        "开始: 用户 2 个，文章 3 篇",
        "  事务内，删完文章后: 用户 2 个，文章 2 篇",
        "异常: 删除用户前出错了",
        "异常离开事务 → 回滚: 用户 2 个，文章 3 篇",
        "  事务内，删完文章后: 用户 2 个，文章 2 篇",
        "正常离开事务 → 提交: 用户 1 个，文章 2 篇",
    ]


def test_parameters_stop_injection_and_are_typed(run):
    lines = run("snippets/database/parameters.py").lines
    assert lines[0] == "字符串拼接: 查到 2 行 ['小明', '小红']"  # every user: injected
    assert lines[1] == "$1 参数: 查到 0 行"
    assert lines[2].startswith("用 str 传 int 参数: DataError: invalid input for query argument $1: '1'")

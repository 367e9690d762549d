"""What the 结构化并发 page claims, checked against the real runs."""

from __future__ import annotations

import re

from .parse import seconds_matching, stamped


def test_taskgroup_waits_for_all_tasks_and_runs_them_concurrently(run):
    r = run("snippets/structured/taskgroup_basic.py")
    assert r.lines[:3] == [
        "块内: task1.done() = False, task2.done() = False",
        "块后: task1.done() = True, task2.done() = True",
        "Hello World",
    ]
    seconds = seconds_matching(r"^耗时 (\d+\.\d+) 秒$", r.lines[3])
    assert 1.9 <= seconds < 2.5  # the slower task, not 1 + 2


def test_one_failure_cancels_the_siblings(run):
    r = run("snippets/structured/taskgroup_failure.py")
    events = stamped(r.lines)
    at = {text: t for t, text in events}
    assert [text for _, text in events] == [
        "快的: 完成",
        "broken: 抛出 ValueError",
        "慢的: 被取消",
        "main: 收到 ExceptionGroup: (ValueError('解析失败'),)",
    ]
    assert "这一行不会运行" not in r.output
    # the sibling is cancelled at the moment of failure (0.5 s), not at 2 s
    for text in ("慢的: 被取消", "main: 收到 ExceptionGroup: (ValueError('解析失败'),)"):
        assert 0.45 <= at[text] < 0.8
    assert r.linger < 1.2  # and nothing keeps the process for the slow sibling's remaining 1.5 s


def test_plain_except_does_not_catch_an_exception_group(run):
    r = run("snippets/structured/except_plain.py")
    assert r.returncode == 1
    assert "捕获到 ValueError" not in r.output
    assert "ExceptionGroup: unhandled errors in a TaskGroup (1 sub-exception)" in r.output
    assert "+-+---------------- 1 ----------------" in r.output
    assert "ValueError: invalid literal for int() with base 10: 'abc'" in r.output


def test_except_star_handles_each_kind(run):
    assert run("snippets/structured/except_star.py").lines == [
        "except* ValueError 处理了: (ValueError(\"invalid literal for int() with base 10: 'abc'\"),)",
        "except* KeyError 处理了: (KeyError(42),)",
    ]


def test_gather_raises_at_once_but_leaves_the_others_running(run):
    events = stamped(run("snippets/structured/gather_leaves_running.py").lines)
    at = {text: t for t, text in events}
    assert [text for _, text in events] == [
        "broken: 抛出 ValueError",
        "main: gather 抛出 ValueError('解析失败')，其余任务没有被取消",
        "慢的 A: 完成（没有人再等它的结果）",
        "慢的 B: 完成（没有人再等它的结果）",
        "main: 结束",
    ]
    assert 0.45 <= at["main: gather 抛出 ValueError('解析失败')，其余任务没有被取消"] < 0.8
    assert 0.95 <= at["慢的 A: 完成（没有人再等它的结果）"] < 1.3
    assert 1.45 <= at["慢的 B: 完成（没有人再等它的结果）"] < 1.8


def test_gather_return_exceptions_returns_them_in_argument_order(run):
    lines = run("snippets/structured/gather_return_exceptions.py").lines
    seconds = seconds_matching(r"^(\d+\.\d+) 秒后", lines[0])
    assert 1.45 <= seconds < 1.8  # waits for all, the slowest is 1.5 s
    assert lines[1:] == ["  结果: 'A'", "  异常: ValueError('解析失败')", "  结果: 'B'"]


def test_as_completed_yields_in_completion_order(run):
    events = stamped(run("snippets/structured/as_completed.py").lines)
    assert [text for _, text in events] == ["拿到 快", "拿到 中", "拿到 慢"]  # arguments were 慢, 快, 中
    for (t, _), expected in zip(events, (0.5, 1.0, 1.5), strict=True):
        assert expected - 0.05 <= t < expected + 0.3  # each handled as soon as it completes


def test_wait_first_completed_then_cancel_the_rest(run):
    lines = run("snippets/structured/wait_first.py").lines
    first = re.fullmatch(r"\[(\d+\.\d+) 秒\] 完成 1 个，未完成 2 个", lines[0])
    assert first and 0.25 <= float(first[1]) < 0.6
    assert lines[1] == "最快的: 镜像 B 的结果"
    assert lines[2:4] == ["  镜像 A: 被取消", "  镜像 C: 被取消"]
    last = re.fullmatch(r"\[(\d+\.\d+) 秒\] 剩下的都已取消: True", lines[4])
    assert last and float(last[1]) < 0.6  # not 1.0 / 2.0: the slow ones did not run to the end

"""What the 超时 page claims, checked against the real runs."""

from __future__ import annotations

import re

from .parse import seconds_matching, stamped


def test_wait_for_times_out_at_the_limit(run):
    r = run("snippets/timeouts/wait_for_timeout.py")
    assert r.lines[0] == "操作超时!"
    assert "Success" not in r.output
    seconds = seconds_matching(r"^耗时 (\d+\.\d+) 秒", r.lines[1])
    assert 1.45 <= seconds < 1.8  # the 1.5 s limit, not might_timeout's 2.5 s
    assert r.linger < 0.8  # might_timeout was cancelled: nothing keeps the process for its last second


def test_asyncio_timeout_error_is_the_builtin(run):
    assert run("snippets/timeouts/timeout_alias.py").lines == [
        "asyncio.TimeoutError is TimeoutError: True",
        "捕获到: builtins.TimeoutError",
    ]


def test_timeout_covers_the_whole_block(run):
    events = stamped(run("snippets/timeouts/timeout_cm.py").lines)
    assert [text for _, text in events] == ["第 1 步完成", "第 2 步完成", "超时，cm.expired() = True"]
    assert 1.45 <= events[-1][0] < 1.75  # 1.5 s for the block, although each step is only 0.6 s


def test_timeout_at_shares_one_deadline(run):
    events = stamped(run("snippets/timeouts/timeout_at.py").lines)
    assert [text for _, text in events] == ["连接建立", "整个操作超过了 1.0 秒的截止时刻"]
    assert 0.55 <= events[0][0] < 0.8
    assert 0.95 <= events[1][0] < 1.2  # the deadline, i.e. download got only the remaining 0.4 s


def test_reschedule_implements_an_idle_timeout(run):
    events = stamped(run("snippets/timeouts/reschedule.py").lines)
    texts = [text for _, text in events]
    assert texts == [f"收到块 {i}，截止时刻推迟到 0.5 秒后" for i in range(1, 5)] + ["0.5 秒没有新数据：空闲超时"]
    assert 1.15 <= events[3][0] < 1.45  # reading went on well past the first 0.5 s deadline
    idle = events[4][0] - events[3][0]
    assert 0.45 <= idle < 0.7  # fired 0.5 s after the last chunk


def test_timeout_is_a_cancellation_underneath(run):
    events = stamped(run("snippets/timeouts/timeout_is_cancel.py").lines)
    at = {text: t for t, text in events}
    assert [text for _, text in events] == [
        "might_timeout: 收到的是 CancelledError",
        "might_timeout: finally 开始清理（耗时 0.3 秒）",
        "might_timeout: 清理完成",
        "main: 收到的是 TimeoutError",
    ]
    assert 1.45 <= at["might_timeout: 收到的是 CancelledError"] < 1.75  # cancelled at the 1.5 s limit
    # TimeoutError only after the 0.3 s cleanup in finally
    assert at["main: 收到的是 TimeoutError"] - at["might_timeout: 收到的是 CancelledError"] >= 0.25
    assert at["main: 收到的是 TimeoutError"] >= at["might_timeout: 清理完成"]


def test_a_blocking_call_defeats_the_timeout(run):
    lines = run("snippets/timeouts/timeout_blocking.py").lines
    first = re.fullmatch(r"没有 TimeoutError，耗时 (\d+\.\d+) 秒", lines[0])
    second = re.fullmatch(r"TimeoutError，但已经是 (\d+\.\d+) 秒之后", lines[1])
    assert first and 0.95 <= float(first[1]) < 1.3  # no TimeoutError at all, the 0.3 s limit was overrun
    assert second and 0.95 <= float(second[1]) < 1.4  # at the first real await, not at 0.3 s
    assert len(lines) == 2

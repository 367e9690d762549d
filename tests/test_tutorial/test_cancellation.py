"""What the 任务的生命周期与取消 page claims, checked against the real runs."""

from __future__ import annotations

import re

from .parse import stamped


def test_task_states_and_cancel_return_values(run):
    lines = run("snippets/cancellation/task_states.py").lines
    assert lines == [
        "刚创建: pending",
        "never_started.cancel() 返回 True（它还一行都没运行）",
        "  finished: 开始运行",
        "  cancelled: 开始运行",
        "cancelled.cancel() 返回 True（它正停在 await 处）",
        "调用 cancel() 之后马上看: pending（取消只是一个请求）",
        "finished: done，result() = '完成'",
        "cancelled: cancelled",
        "never_started: cancelled",
        "对已完成的任务调用 cancel() 返回 False，状态不变: done，result() = '完成'",
    ]
    assert "  never_started: 开始运行" not in lines  # a task cancelled before it starts never runs its body


def test_cancelled_error_is_raised_at_the_await_and_finally_runs(run):
    r = run("snippets/cancellation/cancel_at_await.py")
    events = stamped(r.lines)
    assert [text for _, text in events] == [
        "download: 开始，打开连接",
        "main: 调用 task.cancel()",
        "download: 在 await 处收到 CancelledError",
        "download: finally 里关闭连接",
        "main: await task 抛出 CancelledError，task.cancelled() = True",
    ]
    assert "这一行不会运行" not in r.output
    # cancelled at 0.5 s, not after the 10 s sleep
    assert all(t < 0.8 for t, _ in events)
    assert events[2][0] >= 0.45
    assert r.linger < 5  # nothing waits out the rest of the 10 s sleep either


def test_cancelling_a_task_cancels_the_future_it_awaits_and_vice_versa(run):
    assert run("snippets/cancellation/cancel_future.py").lines == [
        "task.cancel() 之后马上看: future.cancelled() = True",
        "task.cancelled() = True",
        "取消 Future 之后: task.cancelled() = True",
    ]


def test_swallowing_cancelled_error_defeats_the_timeout(run):
    events = stamped(run("snippets/cancellation/swallow_cancel.py").lines)
    texts = [text for _, text in events]
    assert texts == [
        "第 1 步完成",
        "第 2 步收到 CancelledError，吞掉，继续下一步",
        "第 3 步完成",
        "没有超时？得到 '全部完成'（超时设的是 0.8 秒）",
    ]
    assert 0.75 <= events[1][0] < 1.0  # the timeout did fire at 0.8 s...
    assert events[-1][0] >= 1.25  # ...but the work ran on to 1.3 s and no TimeoutError came out


def test_reraising_lets_the_timeout_fire_on_time(run):
    events = stamped(run("snippets/cancellation/reraise_cancel.py").lines)
    assert [text for _, text in events] == [
        "第 1 步完成",
        "第 2 步收到 CancelledError，清理后继续抛出",
        "超时：asyncio.timeout 把 CancelledError 转换成了 TimeoutError",
    ]
    assert 0.75 <= events[-1][0] < 1.0
    assert "第 3 步完成" not in [text for _, text in events]


def test_swallowing_cancel_delays_the_taskgroup_error(run):
    events = stamped(run("snippets/cancellation/swallow_in_taskgroup.py").lines)
    at = {text: t for t, text in events}
    assert [text for _, text in events] == [
        "broken: 抛出 ValueError",
        "stubborn: 第 1 步收到 CancelledError，吞掉，继续",
        "stubborn: 跑完了全部 3 步",
        "main: 收到 ExceptionGroup（错误 0.3 秒时就发生了）",
    ]
    assert 0.25 <= at["broken: 抛出 ValueError"] < 0.5
    assert at["main: 收到 ExceptionGroup（错误 0.3 秒时就发生了）"] >= 1.25  # the group waited for stubborn


def test_shield_keeps_the_inner_operation_running(run):
    lines = run("snippets/cancellation/shield.py").lines
    parse = re.compile(r"^(无 shield|有 shield) \[(\d+\.\d+) 秒\] (.*)$")
    rows = [(m[1], float(m[2]), m[3]) for line in lines if (m := parse.match(line))]
    assert len(rows) == len(lines)
    plain = [(t, text) for label, t, text in rows if label == "无 shield"]
    shielded = [(t, text) for label, t, text in rows if label == "有 shield"]

    assert [text for _, text in plain] == [
        "save: 开始写入",
        "main: 等待超时，inner.cancelled() = True",
        "main: 再 await inner，它已经被取消了",
    ]
    assert "save: 写入完成" not in [text for _, text in plain]

    assert [text for _, text in shielded] == [
        "save: 开始写入",
        "main: 等待超时，inner.cancelled() = False",
        "save: 写入完成",
        "main: 再 await inner，得到 '已保存'",
    ]
    assert 0.45 <= shielded[1][0] < 0.7  # the waiter gave up at the 0.5 s timeout
    assert 0.95 <= shielded[2][0] < 1.3  # the inner write still finished at 1.0 s


def test_cancelling_counts_and_timeout_does_not_hide_an_outside_cancel(run):
    assert run("snippets/cancellation/cancelling.py").lines == [
        "cancel() 两次之后: cancelling() = 2",
        "uncancel() 返回剩下的次数: 1",
        "worker: 收到 TimeoutError",
        "worker: 收到 CancelledError，不是 TimeoutError；此时 cancelling() = 1",
        "main: task.cancelled() = True",
    ]

"""What the 自定义 Future page claims, checked against the real runs."""

from __future__ import annotations

from .parse import seconds_matching

SNIP = "snippets/custom_future"


def test_seed_example_with_the_task_kept_waits_about_2_seconds(run):
    r = run(f"{SNIP}/custom_future.py")
    assert r.lines[:2] == ["等待future...", "收到结果: Future result"]
    assert 1.95 <= seconds_matching(r"^等待了 (\d+\.\d+) 秒$", r.output) < 2.6
    assert r.lines[-1] == "后台任务已完成：True"
    # timeline: the background task ran for about 2 s, and the waiter ended after it set the result
    (setter,) = [e for e in r.spans if e.label.startswith("set_after_delay(")]
    (waiter,) = [e for e in r.spans if e.label == "custom_future_example()"]
    assert 1.95 <= setter.end - setter.start < 2.6
    assert waiter.end >= setter.end


def test_call_later_sets_the_result_without_a_task(run):
    r = run(f"{SNIP}/future_call_later.py")
    assert 0.48 <= seconds_matching(r"^定时器到了，等待了 (\d+\.\d+) 秒$", r.output) < 0.9
    assert len(r.lines) == 1


def test_setting_a_cancelled_future_is_reported_by_the_loop_not_raised(run):
    r = run(f"{SNIP}/late_set_result.py")
    assert r.returncode == 0  # the program still ends normally
    assert r.lines[0] == "超时，future 已被取消：True"
    if r.version >= (3, 13):  # the page's changes: 3.13 stopped logging a callback's arguments outside debug mode
        assert "Exception in callback Future.set_result()" in r.stderr and "迟到的结果" not in r.stderr
    else:
        assert "Exception in callback Future.set_result('迟到的结果')" in r.stderr
    assert r.stderr.rstrip().endswith("asyncio.exceptions.InvalidStateError: invalid state")
    # logged when the timer fires (0.3 s), before main ends (0.6 s)
    assert r.output.index("Exception in callback") < r.output.index("main 结束")
    assert r.lines[-1] == "main 结束"


def test_guard_and_cancelled_timer_leave_stderr_empty(run):
    r = run(f"{SNIP}/late_set_result_fixed.py")
    assert r.stderr == ""
    assert r.lines == [
        "等待被取消：定时器已撤销，不会再触发",  # finally ran when the timeout cancelled the wait
        "超时",
        "拿到了结果：定时器已经触发过，撤销它什么也不做",  # cancelling a timer that already fired is harmless
        "准时的结果",
        "main 结束",
    ]


def test_wrapped_callback_api_behaves_like_a_coroutine(run):
    r = run(f"{SNIP}/wrap_callback_api.py")
    assert r.lines[0] == "HELLO"
    assert r.lines[1] == "await 抛出 KeyError: 'missing'"
    assert 0.58 <= seconds_matching(r"^两次依次调用，耗时 (\d+\.\d+) 秒$", r.output) < 0.9
    assert "['A', 'B', 'C']" in r.lines
    assert 0.28 <= seconds_matching(r"^三次并发调用，耗时 (\d+\.\d+) 秒$", r.output) < 0.5
    assert r.stderr == ""

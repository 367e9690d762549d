"""What the 事件循环的回调调度 page claims, checked against the real runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from ..config import ROOT
from .parse import seconds_matching

SNIP = "snippets/callbacks"


def test_call_soon_has_not_run_the_callback_when_it_returns(run):
    r = run(f"{SNIP}/call_soon_not_immediate.py")
    assert r.returncode == 1
    assert r.lines[-1] == "asyncio.exceptions.InvalidStateError: Result is not set."
    assert 'print(f"结果: {future.result()}")' in r.output  # raised by the line right after call_soon
    assert "结果: 回调完成" not in r.output
    # the callback did run later, in a following iteration of the loop
    assert r.lines[0] == "回调执行"


def test_call_soon_callbacks_run_fifo_after_the_coroutine_yields(run):
    assert run(f"{SNIP}/call_soon_order.py").lines == [
        "调用 call_soon 之前",
        "call_soon 已返回，回调还没有运行",
        f"同步工作完成：{sum(range(1_000_000))}",  # the coroutine kept running first
        "回调 1 运行",  # then FIFO
        "回调 2 运行",
        "回调 3 运行",
        "main 恢复运行",  # main was queued behind them
    ]


def test_seed_example_corrected(run):
    assert run(f"{SNIP}/loop_callback.py").lines == [
        "call_soon 已返回，future.done() = False",
        "回调执行",
        "结果: 回调完成",
    ]


def test_call_later_and_call_at_run_by_due_time(run):
    r = run(f"{SNIP}/call_later_at.py")
    assert r.lines[0] == "三个回调已登记"
    got = [(name, float(t)) for name, t in re.findall(r"^(.+?)\s+在第 (\d+\.\d+) 秒运行$", r.output, re.M)]
    # registered as 0.6, 0.2, at(0.4); ran in order of due time
    assert [name for name, _ in got] == ["call_later(0.2)", "call_at(start + 0.4)", "call_later(0.6)"]
    for (_, t), due in zip(got, [0.2, 0.4, 0.6], strict=True):
        # a timer may fire up to one clock resolution early (1 ns on Linux), and t is rounded to 0.01 s
        assert due - 0.005 <= t < due + 0.1


def test_a_blocking_callback_delays_the_timer(run):
    r = run(f"{SNIP}/blocking_callback.py")
    slow_end = seconds_matching(r"^slow_callback 结束于第 (\d+\.\d+) 秒$", r.output)
    timer_at = seconds_matching(r"^call_later\(0\.1\) 的回调在第 (\d+\.\d+) 秒才运行$", r.output)
    assert 0.49 <= slow_end < 0.7
    assert timer_at >= slow_end  # due at 0.1 s, ran only after the blocking callback returned
    assert timer_at >= 0.49


def test_call_soon_from_another_thread_does_not_wake_the_loop(run):
    r = run(f"{SNIP}/call_soon_from_thread.py")
    assert r.lines[0] == "worker 线程：第 0.3 秒已把回调放进队列"
    # queued at 0.3 s, seen only when the unrelated 1 s timer woke the loop
    assert 0.98 <= seconds_matching(r"^拿到结果，等待了 (\d+\.\d+) 秒$", r.output) < 1.4


def test_without_the_unrelated_timer_it_hangs(tmp_path):
    """The page says: without that timer the program would wait forever."""
    source = (ROOT / SNIP / "call_soon_from_thread.py").read_text("utf-8")
    line = "    loop.call_later(1.0, lambda: None)  # 一个与此无关的定时器，1 秒后会唤醒事件循环\n"
    assert line in source
    script = tmp_path / "no_timer.py"
    script.write_text(source.replace(line, ""), "utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONIOENCODING": "utf-8"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        out, _ = proc.communicate(timeout=3)
        raise AssertionError(f"finished although nothing wakes the loop:\n{out}")
    except subprocess.TimeoutExpired:
        proc.kill()
        out, _ = proc.communicate()
    assert "worker 线程：第 0.3 秒已把回调放进队列" in out  # the callback was queued ...
    assert "拿到结果" not in out  # ... but never run


def test_call_soon_threadsafe_wakes_the_loop(run):
    r = run(f"{SNIP}/call_soon_threadsafe.py")
    # debug mode turns the unsafe call into an error
    assert r.lines[0] == (
        "在其他线程调用 call_soon：RuntimeError: "
        "Non-thread-safe operation invoked on an event loop other than the current one"
    )
    assert 0.28 <= seconds_matching(r"^来自线程 worker 的结果，等待了 (\d+\.\d+) 秒$", r.output) < 0.6
    assert r.stderr == ""

"""What the 顺序与并发 page claims, checked against the real runs."""

from __future__ import annotations

import re
from collections.abc import Sequence

from buildkit.model import Span

SNIP = "snippets/concurrency"


def elapsed(output: str) -> float:
    """The time the snippet measured itself (perf_counter), from its line 耗时：X 秒."""
    (m,) = re.findall(r"^耗时：(\d+\.\d+) 秒$", output, re.M)
    return float(m)


def finished(output: str) -> list[tuple[str, float]]:
    """(message, seconds since start) of each `say_after` line, in the order printed."""
    return [(msg, float(t)) for t, msg in re.findall(r"^  第 (\d+\.\d+) 秒：(\w+) 完成$", output, re.M)]


def close(value: float, target: float, slack: float = 0.4) -> bool:
    return target - 0.05 <= value < target + slack


def assert_wall_clock_lines(lines: list[str]) -> None:
    # the seed's start/end times, printed with time.strftime('%X')
    assert re.fullmatch(r"开始时间：\d\d:\d\d:\d\d", lines[0])
    assert re.fullmatch(r"结束时间：\d\d:\d\d:\d\d", lines[-2])


def span(events: Sequence[Span], label: str) -> tuple[float, float]:
    (e,) = [e for e in events if e.label == label]
    return e.start, e.end


def test_sequential_awaits_take_the_sum_about_3_seconds(run):
    r = run(f"{SNIP}/sequential_await.py")
    assert_wall_clock_lines(r.lines)
    assert 2.95 <= elapsed(r.output) < 3.6
    (hello, t1), (world, t2) = finished(r.output)
    assert (hello, world) == ("Hello", "World")
    assert close(t1, 1.0) and close(t2, 3.0)
    assert "Hello World" in r.lines
    # timeline: World starts only after Hello has ended
    h = span(r.spans, "say_after(1, 'Hello')")
    w = span(r.spans, "say_after(2, 'World')")
    assert w[0] >= h[1]


def test_create_task_runs_both_at_once_about_2_seconds(run):
    r = run(f"{SNIP}/concurrent_tasks.py")
    assert_wall_clock_lines(r.lines)
    assert 1.95 <= elapsed(r.output) < 2.6
    (hello, t1), (world, t2) = finished(r.output)
    assert (hello, world) == ("Hello", "World")
    assert close(t1, 1.0) and close(t2, 2.0)  # World took 2 s in total, not 1 + 2
    assert "Hello World" in r.lines
    h = span(r.spans, "say_after(1, 'Hello')")
    w = span(r.spans, "say_after(2, 'World')")
    assert w[0] < h[1]  # overlap: World started before Hello ended


def test_gather_returns_in_argument_order_about_2_seconds(run):
    r = run(f"{SNIP}/gather_order.py")
    assert_wall_clock_lines(r.lines)
    assert 1.95 <= elapsed(r.output) < 2.6
    done = finished(r.output)
    # completion order: Async (1.5 s) before World (2 s) ...
    assert [m for m, _ in done] == ["Hello", "Async", "World"]
    assert [close(t, target) for (_, t), target in zip(done, [1.0, 1.5, 2.0], strict=True)] == [True] * 3
    # ... but the results are in argument order
    assert "['Hello', 'World', 'Async']" in r.lines
    assert len(r.spans) == 4  # main_gather + three say_after


def test_fire_and_forget_task_is_cancelled_when_run_returns(run):
    r = run(f"{SNIP}/fire_and_forget.py")
    assert r.lines == ["main 结束"]  # 日志已发送 never printed, and no error either
    assert r.stderr == ""
    start, end = span(r.spans, "send_log('用户登录')")
    main_end = span(r.spans, "main()")[1]
    assert end - start < 0.3  # cut short at about 0.1 s
    assert abs(end - main_end) < 0.15  # ends together with main, not 0.4 s later


def test_loop_keeps_only_weak_references_to_tasks(run):
    r = run(f"{SNIP}/task_gc.py")
    out = r.output
    assert out.index("all_tasks() 中的任务数：3") < out.index("gc 之后 waiter 还在：False")
    assert "gc 之后 sleeper 还在：True" in r.lines
    assert "gc 之后 waiter 还在：False" in r.lines
    assert r.lines.count("all_tasks() 中的任务数：2") == 1  # the collected task left all_tasks() too
    # a pending task was destroyed mid-execution, asyncio says so on stderr, during gc.collect()
    assert "Task was destroyed but it is pending!" in r.stderr
    assert "coro=<waiter()" in r.stderr
    assert out.index("Task was destroyed") < out.index("gc 之后 sleeper 还在")
    assert "waiter 永远不会打印这一行" not in out
    assert "sleeper 正常结束" in r.lines


def test_background_set_is_what_keeps_a_pending_task_alive(run):
    r = run(f"{SNIP}/background_tasks.py")
    out = r.output
    assert r.lines[0] == "gc 之前的后台任务数：1"
    # the unreferenced task was collected mid-execution, during gc.collect(), before the replies arrived
    assert r.stderr.count("Task was destroyed but it is pending!") == 1
    assert "coro=<request()" in r.stderr
    assert out.index("Task was destroyed") < out.index("回复 1 到达")
    assert "回复 1 到达，但等它的任务已经被回收了" in r.lines
    assert "请求 1 收到" not in out
    # the one in the set survived the same gc and finished; the set emptied itself
    assert "请求 2 收到：回复 2" in r.lines
    assert out.index("请求 2 收到") < out.index("全部完成后的后台任务数：0")
    assert r.lines[-1] == "全部完成后的后台任务数：0"


def test_taskgroup_runs_concurrently_about_2_seconds(run):
    r = run(f"{SNIP}/taskgroup_concurrent.py")
    assert 1.95 <= elapsed(r.output) < 2.6
    assert [m for m, _ in finished(r.output)] == ["Hello", "World"]
    assert "Hello World" in r.lines


def test_gather_raises_first_exception_and_others_keep_running(run):
    r = run(f"{SNIP}/gather_exception.py")
    raised = re.search(r"^第 (\d+\.\d+) 秒：gather 抛出 ValueError\('出错了'\)$", r.output, re.M)
    assert raised and close(float(raised.group(1)), 0.5, 0.3)  # at once, not after 1.5 s
    assert "此时各任务是否完成：[False, True, False]" in r.lines
    assert "此时各任务是否被取消：[False, False, False]" in r.lines
    # the other two completed afterwards, on their own schedule
    done = finished(r.output)
    assert [m for m, _ in done] == ["Hello", "World"]
    assert close(done[0][1], 1.0) and close(done[1][1], 1.5)
    assert r.output.index("gather 抛出") < r.output.index("Hello 完成")
    assert "它们的结果：'Hello'、'World'" in r.lines
    assert re.search(r"：各任务已完成：\[True, True, True\]$", r.output, re.M)


def test_gather_return_exceptions_puts_them_in_the_list(run):
    r = run(f"{SNIP}/gather_return_exceptions.py")
    returned = re.search(r"^第 (\d+\.\d+) 秒：gather 返回$", r.output, re.M)
    assert returned and close(float(returned.group(1)), 1.5)  # waited for all of them
    assert r.lines[1] == "['Hello', ValueError('出错了'), 'World', CancelledError('')]"
    # checked with BaseException: the cancelled child counts as a failure, too
    assert r.lines[2:6] == ["成功：Hello", "失败：ValueError('出错了')", "成功：World", "失败：CancelledError('')"]
    assert r.lines[6] == "isinstance(CancelledError(), Exception) = False"

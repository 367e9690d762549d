"""What the 工作原理 page claims: generators, hand-driven coroutines, what await yields, the mini loop."""

from __future__ import annotations

import re

from ..config import ROOT
from .parse import stamped


def total_seconds(lines: list[str]) -> float:
    (line,) = [line for line in lines if line.startswith("总耗时 ")]
    return float(line.split()[1])


def test_generator_send_and_stopiteration_value(run):
    assert run("snippets/how_it_works/gen_send.py").lines == [
        "next(gen) 启动生成器，停在第一个 yield: None",
        "send(10) -> 10.0",
        "send(20) -> 15.0",
        "StopIteration.value = '共 2 个数，平均 15.0'",
    ]


def test_coroutine_driven_by_hand_through_nested_awaits(run):
    # what Ask yields reaches the outermost send() through two awaits; sent values come back as a and b
    assert run("snippets/how_it_works/coro_by_hand.py").lines == [
        "send(None) -> '请给我 a'",
        "send(10)   -> '请给我 b'",
        "StopIteration.value = 42",
    ]


def test_asyncio_task_rejects_a_yield_that_is_not_a_future(run):
    r = run("snippets/how_it_works/bad_yield.py")
    assert r.returncode == 1
    assert r.lines[-1] == "RuntimeError: Task got bad yield: '请给我 a'"


def test_asyncio_sleep_yields_a_future_that_the_timer_completes(run):
    lines = run("snippets/how_it_works/what_await_yields.py").lines
    assert lines == [
        "交出来的是: Future  <Future pending>",
        "isfuture: True，_asyncio_future_blocking = True",
        "0.2 秒后: <Future finished result='醒了'>",
        "sleep() 的返回值: '醒了'",
    ]


def test_mini_loop_runs_say_after_concurrently_in_about_2_seconds(run):
    r = run("snippets/how_it_works/mini_loop.py")
    source = (ROOT / "snippets/how_it_works/mini_loop.py").read_text("utf-8")
    assert not re.search(r"^\s*(import|from)\s+asyncio", source, re.M)  # really from scratch
    events = stamped(r.lines)
    assert [text for _, text in events] == ["三个任务已创建", "Hello", "socket 可读，收到 '数据'", "World"]
    at = {text: t for t, text in events}
    assert at["三个任务已创建"] < 0.3  # at once, long before the first timer
    assert 0.95 <= at["Hello"] < 1.3  # the 1 s timer
    assert 1.45 <= at["socket 可读，收到 '数据'"] < 1.8  # woken by the selector, not by a timer of its own
    assert 1.95 <= at["World"] < 2.4  # 2 s after the start, not 1 + 2 = 3 s
    assert "Hello World 数据" in r.lines
    assert 1.95 <= total_seconds(r.lines) < 2.5
    # the timeline recorded the user's coroutines running on the mini loop
    labels = {e.label for e in r.spans}
    assert {"say_after(1, 'Hello')", "say_after(2, 'World')", "main()"} <= labels


def test_real_asyncio_shows_the_same_timing_as_the_mini_loop(run):
    mini = run("snippets/how_it_works/mini_loop.py")
    real = run("snippets/how_it_works/real_asyncio.py")
    assert [text for _, text in stamped(real.lines)] == [text for _, text in stamped(mini.lines)]
    for (t_real, _), (t_mini, _) in zip(stamped(real.lines), stamped(mini.lines), strict=True):
        assert abs(t_real - t_mini) < 0.3
    assert 1.95 <= total_seconds(real.lines) < 2.5


def test_asyncio_loop_has_a_ready_deque_a_timer_heap_and_a_selector(run):
    lines = run("snippets/how_it_works/peek_asyncio.py").lines
    assert lines[1] == "就绪队列 loop._ready: deque"
    assert lines[2].startswith("定时器 loop._scheduled: list")
    assert re.fullmatch(r"I/O 多路复用 loop._selector: (Epoll|Kqueue|Poll|Devpoll|Select)Selector", lines[3])
    assert lines[4] == "create_task 之后: 就绪队列 2 个回调（两个任务的第一步），定时器 0 个"
    assert lines[5:7] == [
        "  定时器: 1.0 秒后调用 _set_result_unless_cancelled",
        "  定时器: 2.0 秒后调用 _set_result_unless_cancelled",
    ]
    assert lines[7] == "Hello World"
    assert lines[8] == "Task 和 Future 的实现在 C 模块里: _asyncio, _asyncio"

"""What the 优雅退出 page claims, checked against the real runs."""

from __future__ import annotations

from .parse import stamped


def test_ctrl_c_cancels_main_then_raises_keyboard_interrupt(run):
    r = run("snippets/shutdown/ctrl_c.py")
    events = stamped(r.lines)
    assert [text for _, text in events] == [
        "main: 开始工作（要 10 秒）",
        "main: 收到的是 CancelledError",
        "main: finally 运行",
    ]
    assert 0.45 <= events[1][0] - events[0][0] < 2.0  # at the self-sent SIGINT (0.5 s), not after the 10 s sleep
    assert r.returncode in (-2, 130)  # ended by SIGINT (the shell shows 130)
    out = r.output
    assert r.lines[-1] == "KeyboardInterrupt"
    assert 'File "snippets/shutdown/ctrl_c.py", line' in out and "asyncio.run(main())" in out
    if r.version < (3, 11):  # the page's changes: 3.10 raises it where the loop was, no CancelledError before it
        assert "CancelledError" not in out.split("Traceback", 1)[1]
        return
    # the traceback: the main task's CancelledError first, then the KeyboardInterrupt raised by asyncio.run
    assert out.index("asyncio.exceptions.CancelledError") < out.index("During handling of the above exception")
    assert "raise KeyboardInterrupt()" in out  # raised inside asyncio.run (runners.py), after main ended
    assert r.linger < 2.0  # nothing kept waiting for the rest of the 10 s


def test_finally_can_await_and_run_cancels_leftover_tasks(run):
    r = run("snippets/shutdown/cleanup.py")
    events = stamped(r.lines)
    if r.version < (3, 11):  # the page's changes: every task is cancelled at once, heartbeat first
        assert [text for _, text in events] == [
            "main: 开始异步清理（耗时 0.3 秒）",
            "heartbeat: 被 asyncio.run 取消",
            "main: 清理完成，heartbeat 仍在运行: False",
            "asyncio.run 抛出 KeyboardInterrupt：程序正常收尾",
        ]
        events = [events[0], events[2]]
    else:
        assert [text for _, text in events] == [
            "main: 开始异步清理（耗时 0.3 秒）",
            "main: 清理完成，heartbeat 仍在运行: True",
            "heartbeat: 被 asyncio.run 取消",
            "asyncio.run 抛出 KeyboardInterrupt：程序正常收尾",
        ]
    assert 0.45 <= events[0][0] < 2.0
    assert 0.25 <= events[1][0] - events[0][0] < 0.8  # the awaited 0.3 s cleanup really ran
    assert r.returncode == 0 and "Traceback" not in r.output


def test_sigterm_handler_drains_with_a_deadline(run):
    r = run("snippets/shutdown/sigterm_drain.py")
    events = stamped(r.lines)
    at = {text: t for t, text in events}
    assert [text for _, text in events] == [
        "收到 SIGTERM：不再接新任务，最多再等 1 秒",
        "任务 A 完成",
        "任务 B 完成",
        "任务 C 超过期限，被取消",
        "期限已到，剩下的任务都已取消",
        "退出，状态码 0",
    ]
    signal_at = at["收到 SIGTERM：不再接新任务，最多再等 1 秒"]
    assert 0.25 <= signal_at < 1.5
    assert 0.45 <= at["任务 A 完成"] < 1.5
    assert 0.75 <= at["任务 B 完成"] < 1.8
    assert at["任务 A 完成"] < at["任务 B 完成"] - 0.2
    assert 0.95 <= at["任务 C 超过期限，被取消"] - signal_at < 1.4  # one second after the signal
    assert r.returncode == 0


def test_second_ctrl_c_interrupts_the_cleanup(run):
    r = run("snippets/shutdown/second_ctrl_c.py")
    events = stamped(r.lines)
    texts = [text for _, text in events]
    if r.version < (3, 11):  # the page's changes: main's cleanup ends only when the coroutine is collected
        assert texts == [
            "main: 第一次 Ctrl+C，开始清理（要 5 秒）",
            "第二次 Ctrl+C：asyncio.run 立即抛出 KeyboardInterrupt",
            "main: 清理被打断",
        ]
        events = [events[0], events[1]]
    else:
        assert texts == [
            "main: 第一次 Ctrl+C，开始清理（要 5 秒）",
            "main: 清理被打断",
            "第二次 Ctrl+C：asyncio.run 立即抛出 KeyboardInterrupt",
        ]
    assert "清理完成" not in r.output
    assert 0.25 <= events[0][0] < 1.5
    assert 0.4 <= events[1][0] - events[0][0] < 2.0  # at the second SIGINT, long before the 5 s cleanup ends
    assert r.linger < 2.0
    assert r.returncode == 0

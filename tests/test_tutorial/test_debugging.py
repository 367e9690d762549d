"""What the 调试与常见陷阱 page claims, checked against the real runs.

stderr carries addresses (0x7f…) and timings that vary from run to run: nothing here depends on them.
"""

from __future__ import annotations

import re

from ..config import ROOT

WRONG_THREAD = "RuntimeError: Non-thread-safe operation invoked on an event loop other than the current one"


def test_three_ways_to_turn_on_debug_mode(run):
    lines = run("snippets/debugging/debug_modes.py").lines
    got = {line.split("->")[0].strip(): line.split("=")[-1].strip() for line in lines}
    assert got == {
        "python app.py": "False",
        "python -X dev app.py": "True",
        "PYTHONASYNCIODEBUG=1 python app.py": "True",
        "asyncio.run(main(), debug=True)": "True",
        "PYTHONASYNCIODEBUG=1 + debug=False": "False",  # an explicit debug=False wins
    }


def test_forgotten_await_prints_a_coroutine_object_not_the_value(run):
    r = run("snippets/debugging/forgot_await.py")
    stdout = [line for line in r.lines if line not in r.stderr.splitlines()]
    assert re.fullmatch(r"价格: <coroutine object get_price at 0x[0-9a-f]+>", stdout[0])
    assert stdout[1] == "price 的类型: coroutine"
    assert "42.0" not in r.output  # the body never ran
    assert "RuntimeWarning: coroutine 'get_price' was never awaited" in r.stderr


def _warning_location(stderr: str, name: str) -> str:
    m = re.search(rf"^(\S+):\d+: RuntimeWarning: coroutine '{name}' was never awaited$", stderr, re.M)
    assert m, stderr
    return m[1]


def test_without_debug_mode_the_warning_points_into_asyncio(run):
    r = run("snippets/debugging/never_awaited_where.py")
    assert r.lines[0] == "准备了 1 个查询"
    # where the object was collected (the event loop), not where it was made
    assert _warning_location(r.stderr, "fetch_price") == "<python>/asyncio/events.py"
    assert "Coroutine created at" not in r.stderr
    assert "never_awaited_where.py" not in r.stderr
    # and the forgot_await page text says the same of its warning
    assert _warning_location(run("snippets/debugging/forgot_await.py").stderr, "get_price").startswith(
        "<python>/asyncio/"
    )


def test_debug_mode_adds_where_the_coroutine_was_created(run):
    r = run("snippets/debugging/never_awaited_debug.py")
    assert r.lines[0] == "准备了 1 个查询"
    assert "RuntimeWarning: coroutine 'fetch_price' was never awaited" in r.stderr
    created = r.stderr.split("Coroutine created at (most recent call last)\n", 1)[1]
    # the page: "it was created at line 12 of make_jobs(), called by main()"
    path = "snippets/debugging/never_awaited_debug.py"
    main_at = created.index(f'File "{path}", line 16, in main')
    made_at = created.index(f'File "{path}", line 12, in make_jobs')
    assert main_at < made_at
    source = (ROOT / path).read_text("utf-8").splitlines()
    assert "fetch_price(s)" in source[11] and "make_jobs(" in source[15]


def test_the_two_never_awaited_snippets_differ_only_in_debug_true() -> None:
    plain = (ROOT / "snippets/debugging/never_awaited_where.py").read_text("utf-8").splitlines()
    debug = (ROOT / "snippets/debugging/never_awaited_debug.py").read_text("utf-8").splitlines()
    diff = [(a, b) for a, b in zip(plain, debug, strict=True) if a != b]
    assert diff == [("asyncio.run(main())", "asyncio.run(main(), debug=True)  # 打开调试模式")]


def test_a_blocking_call_is_reported_as_a_slow_step(run):
    r = run("snippets/debugging/slow_callback.py")
    assert r.returncode == 0
    m = re.search(r"^Executing <Task .*coro=<handle_request\(\) .*> took (\d+\.\d+) seconds$", r.stderr, re.M)
    assert m, r.stderr
    assert 0.19 <= float(m[1]) < 2.0  # time.sleep(0.2) blocked the loop for (at least) 0.2 s
    stdout = [line for line in r.lines if not line.startswith("Executing")]
    assert stdout == ["读取配置: {'env': 'prod'}", "main 结束"]


def test_an_unretrieved_task_exception_is_only_logged(run):
    r = run("snippets/debugging/task_exception.py")
    assert r.returncode == 0  # the program "succeeds"
    assert "main 结束" in r.lines
    assert r.stderr.startswith("Task exception was never retrieved\n")
    assert "ConnectionError: 无法连接邮件服务器（收件人 a@example.com）" in r.stderr
    # debug mode: where the task was created (main(), line 10)
    assert "source_traceback: Object created at (most recent call last):" in r.stderr
    assert 'File "snippets/debugging/task_exception.py", line 10, in main' in r.stderr
    assert "main 结束" not in r.stderr


def test_debug_mode_rejects_call_soon_from_another_thread(run):
    assert run("snippets/debugging/thread_safety.py").lines == [WRONG_THREAD, "main 结束"]


def test_asyncio_run_inside_a_running_loop_fails(run):
    r = run("snippets/debugging/run_in_running_loop.py")
    assert r.returncode == 1
    assert "RuntimeError: asyncio.run() cannot be called from a running event loop" in r.lines
    assert r.lines[-1].endswith("RuntimeWarning: coroutine 'main' was never awaited")
    assert "完成" not in r.output


def test_a_helper_thread_runs_the_coroutine_in_its_own_loop(run):
    assert run("snippets/debugging/run_in_thread.py").lines == ["完成（运行在线程 helper_0）"]


def test_a_set_keeps_background_tasks_alive_until_done(run):
    assert run("snippets/debugging/keep_reference.py").lines == [
        "后台任务数: 1",
        "邮件已发送给 a@example.com",
        "后台任务数: 0",  # the done callback removed it
    ]

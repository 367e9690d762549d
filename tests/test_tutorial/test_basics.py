"""What the 基本概念 and Future pages claim, checked against the real runs."""

from __future__ import annotations

import sys


def test_calling_a_coroutine_function_returns_a_coroutine_object(run):
    assert run("snippets/basics/coroutine_object.py").lines == [
        "调用 my_function() 得到: coroutine",
        "inspect.iscoroutine(...) = True",
        "await 之后得到返回值: 'Hello'",
    ]


def test_never_awaited_warns_on_stderr_and_body_never_runs(run):
    r = run("snippets/basics/never_awaited.py")
    assert "RuntimeWarning: coroutine 'my_function' was never awaited" in r.stderr
    assert "函数体运行了" not in r.output
    # the page says the warning comes before "main 结束": the object is collected at once
    assert r.output.index("never awaited") < r.output.index("main 结束")


def test_await_returns_the_result(run):
    assert run("snippets/basics/await_result.py").lines == ["Hello"]


def test_await_outside_async_def_is_a_syntax_error(run):
    r = run("snippets/basics/await_outside_async.py")
    assert r.returncode == 1
    assert r.lines[-1] == "SyntaxError: 'await' outside async function"
    assert 'File "snippets/basics/await_outside_async.py", line 5' in r.output  # path shortened


def test_future_states(run):
    lines = run("snippets/future/future_basics.py").lines
    assert lines[0].startswith("创建后: done=False") and "<Future pending>" in lines[0]
    assert lines[1].startswith("设置结果后: done=True") and "result='Future completed!'" in lines[1]
    assert lines[2] == "Future completed!"


def test_future_exception_and_invalid_state(run):
    assert run("snippets/future/future_exception.py").lines == [
        "未完成时调用 result(): InvalidStateError: Result is not set.",
        "await 抛出: ConnectionError: 连接被重置",
        "再次设置结果: InvalidStateError: invalid state",
    ]


def _version(r) -> tuple[int, int]:
    """The (major, minor) of the Python that made this run (``r.version`` once runs are per interpreter)."""
    return getattr(r, "version", sys.version_info[:2])


DIFFERENT_LOOP = "RuntimeError: ... got Future <Future pending> attached to a different loop"


def test_a_future_of_another_loop_cannot_be_awaited(run):
    # the page: the same on every version, get_loop() tells the owner, await raises RuntimeError
    assert run("snippets/future/future_other_loop.py").lines == [
        "good 属于正在运行的循环? True",
        "stray 属于正在运行的循环? False",
        "await good: ok",
        f"await stray: {DIFFERENT_LOOP}",
    ]


def test_a_module_level_future_belongs_to_another_loop(run):
    r = run("snippets/future/future_wrong_loop.py")
    body = [
        "future 属于 asyncio.run() 新建的循环? False",
        f"await future: {DIFFERENT_LOOP}",
    ]
    if _version(r) >= (3, 14):  # the page: RuntimeError at asyncio.Future() itself, before asyncio.run()
        assert r.returncode == 0 and r.stderr == ""
        assert r.lines == ["asyncio.Future(): RuntimeError: There is no current event loop in thread 'MainThread'."]
    elif _version(r) >= (3, 12):  # the page: 3.12, 3.13 warn first, then create a loop
        assert r.lines == [
            "snippets/future/future_wrong_loop.py:6: DeprecationWarning: There is no current event loop",
            "  future: asyncio.Future[None] | None = asyncio.Future()",
            *body,
        ]
        assert r.returncode == 0
    else:  # the page: 3.10.10+ and 3.11.2+ create a loop silently
        assert r.returncode == 0 and r.stderr == ""
        assert r.lines == body


def test_await_yields_to_the_loop_only_when_something_is_pending(run):
    lines = run("snippets/basics/await_no_switch.py").lines
    ran = lines.index("    >> 另一个任务运行了")
    # awaiting a coroutine that never suspends, and a done Future: the other task got no turn
    assert lines[0] == "await 协程得到 42，另一个任务运行过吗？False"
    assert lines[1] == "await 已完成的 Future 对象得到 'ok'，另一个任务运行过吗？False"
    # only the real suspension let it run
    assert ran == 2
    assert lines[3] == "await asyncio.sleep(0) 之后，另一个任务运行过吗？True"

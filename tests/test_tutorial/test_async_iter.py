"""What the 异步迭代与异步上下文管理器 page claims, checked against the real runs."""

from __future__ import annotations

from .parse import seconds


def test_class_with_aiter_and_anext(run):
    r = run("snippets/async_iter/aiter_class.py")
    assert r.lines == ["3", "2", "1", "发射"]
    assert r.duration >= 0.3  # three awaited sleeps of 0.1 s, one per item


def test_async_generator(run):
    assert run("snippets/async_iter/async_generator.py").lines == [
        "countdown(3) 得到: async_generator",
        "3",
        "2",
        "1",
        "发射",
    ]


def test_async_comprehensions_and_await_in_a_comprehension_is_sequential(run):
    lines = run("snippets/async_iter/comprehension.py").lines
    assert lines[0] == "[5, 4, 3, 2, 1]"
    assert lines[1] == "{1, 3, 5}"
    assert lines[2].startswith("[0, 1, 4, 9, 16] ")
    assert lines[3].startswith("[0, 1, 4, 9, 16] ")
    assert 0.5 <= seconds(lines[2]) < 0.8  # one after another: 5 x 0.1 s
    assert 0.1 <= seconds(lines[3]) < 0.3  # gather: at once


def test_aenter_aexit_run_and_the_exception_propagates(run):
    assert run("snippets/async_iter/aenter_class.py").lines == [
        "连接 A: 已连接",
        "SELECT 1 -> ok",
        "连接 A: 已关闭（exc_type=None）",
        "连接 B: 已连接",
        "连接 B: 已关闭（exc_type=PermissionError）",  # __aexit__ sees the exception ...
        "异常照常传到外面: 不允许 DROP",  # ... and does not swallow it
    ]


def test_asynccontextmanager_cleans_up_in_finally(run):
    assert run("snippets/async_iter/context_decorator.py").lines == [
        "连接 A: 已连接",
        "使用 连接 A",
        "连接 A: 已关闭",
        "连接 B: 已连接",
        "连接 B: 已关闭",
        "异常照常传到外面: 查询超时",
    ]


def test_one_session_reuses_its_connection(run):
    assert run("snippets/async_iter/session_reuse.py").lines == [
        "共用一个 session：5 个请求，新建 TCP 连接 1 次",
        "每次新建 session：5 个请求，新建 TCP 连接 5 次",
    ]


def test_unclosed_session_is_reported_on_stderr(run):
    r = run("snippets/async_iter/unclosed_session.py")
    assert r.returncode == 0
    out = [line for line in r.lines if line in ("状态码 200", "main 结束，session 没有关闭")]
    assert out == ["状态码 200", "main 结束，session 没有关闭"]
    assert "Unclosed client session" in r.stderr
    assert "Unclosed connector" in r.stderr
    assert "Unclosed" not in r.output.split("main 结束")[0]  # reported when collected, after main


def test_aclosing_runs_the_cleanup_on_time(run):
    assert run("snippets/async_iter/aclosing_gen.py").lines == [
        "不用 aclosing: 打开游标",
        "break 之后，继续做别的事",
        "不用 aclosing: 关闭游标",  # later, by a task the event loop scheduled
        "用 aclosing: 打开游标",
        "用 aclosing: 关闭游标",  # right when leaving async with
        "离开 async with 之后，继续做别的事",
    ]

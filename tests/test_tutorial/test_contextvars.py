"""What the 上下文变量与日志 page claims, checked against the real runs."""

from __future__ import annotations

import re


def test_request_id_flows_into_child_tasks(run):
    assert run("snippets/contextvars/request_id.py").lines == [
        "[req-1] 查询 users",
        "[req-2] 查询 items",  # interleaved across requests, each line with its own id
        "[req-1] 查询 orders",
        "main 里: request_id = '-'",  # the tasks' set() did not reach main
    ]


def test_a_shallow_copy_of_the_context(run):
    assert run("snippets/contextvars/copy_semantics.py").lines == [
        "子任务看到: user = 'alice', tags = ['main']",
        "main 之后: user = 'alice', tags = ['main', '子任务加的']",
    ]


def test_to_thread_carries_the_context_run_in_executor_does_not(run):
    lines = run("snippets/contextvars/to_thread.py").lines
    assert [re.split(r":\s+", line) for line in lines] == [
        ["asyncio.to_thread", "req-7"],
        ["loop.run_in_executor", "-"],
        ["run_in_executor + ctx.run", "req-7"],
    ]


def test_create_task_with_a_context(run):
    assert run("snippets/contextvars/task_context.py").lines == [
        "默认：复制当前上下文",
        "  worker 看到: 'main'",
        "  main 仍然是: 'main'",
        "context=contextvars.Context()：一个全新的空上下文（3.11+）",
        "  worker 看到: '-'",
        "  任务结束后，从 ctx 读出: 'worker 设置的'",
        "  main 仍然是: 'main'",
        "两个任务共用同一个 ctx：前一个的修改，后一个看得见",
        "  worker 看到: 'main'",
        "  worker 看到: 'worker 设置的'",
    ]


def test_log_filter_adds_task_name_and_request_id(run):
    r = run("snippets/contextvars/log_filter.py")
    assert r.stderr == ""  # logged to stdout
    rows = [line.split(maxsplit=2) for line in r.lines]
    assert rows == [
        ["Task-1", "-", "app.orders: 服务启动"],
        ["handler-1", "req-1", "app.orders: 收到订单 101"],
        ["handler-2", "req-2", "app.orders: 收到订单 102"],
        ["-", "req-1", "app.orders: 写入订单 101（在线程里）"],  # no task in the worker thread, the id is there
        ["handler-1", "req-1", "app.orders: 完成"],
        ["-", "req-2", "app.orders: 写入订单 102（在线程里）"],
        ["handler-2", "req-2", "app.orders: 完成"],
    ]


def test_task_exception_goes_to_the_asyncio_logger(run):
    r = run("snippets/contextvars/asyncio_logger.py")
    assert r.returncode == 0
    assert r.stderr == ""  # through our stdout handler, not logging's last resort on stderr
    assert r.lines[0] == "ERROR asyncio: Task exception was never retrieved"
    assert r.lines[1].startswith("future: <Task finished name='Task-2' coro=<send_email() done")
    assert "ConnectionError: 无法连接邮件服务器（收件人 a@example.com）" in r.lines
    assert r.lines[-1] == "INFO app: main 结束"

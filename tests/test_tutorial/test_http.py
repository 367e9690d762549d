"""What the 网络请求：aiohttp page claims, checked against real runs on the local httpbin."""

from __future__ import annotations

import inspect
import itertools
import re

import aiohttp

from .parse import seconds


def test_gather_runs_the_three_requests_at_once(run):
    r = run("snippets/http/gather_requests.py")
    lines = r.lines
    # completion order: both /delay/1 before /delay/2
    assert lines[:3] == ["  完成: /delay/1", "  完成: /delay/1", "  完成: /delay/2"]
    # result order = argument order, proven by the path the server echoed
    results = [re.fullmatch(r"请求 (\d) 完成，长度: (\d+)，服务器回显路径: (\S+)", line) for line in lines[3:6]]
    matched = [m for m in results if m]
    assert len(matched) == 3, lines[3:6]
    assert [(m[1], m[3]) for m in matched] == [("1", "/delay/1"), ("2", "/delay/2"), ("3", "/delay/1")]
    lengths = {int(m[2]) for m in matched}
    assert len(lengths) == 1 and lengths.pop() > 100  # same-shaped JSON echo, really read
    # ≈ the longest request (2 s), not the sum (4 s)
    assert lines[6].startswith("总耗时")
    assert 1.9 <= seconds(lines[6]) < 2.7
    # the timeline recorded the three fetches overlapping
    fetches = [e for e in r.spans if e.label.startswith("fetch(")]
    assert len(fetches) == 3
    assert max(e.start for e in fetches) < min(e.end for e in fetches)


def test_sequential_requests_add_up(run):
    r = run("snippets/http/sequential_requests.py")
    lines = r.lines
    assert [line.split(" 完成")[0] for line in lines[:3]] == ["请求 1 /delay/1", "请求 2 /delay/2", "请求 3 /delay/1"]
    marks = [seconds(line) for line in lines[:3]]  # 1, 3, 4 s after the start
    for got, want in zip(marks, (1, 3, 4), strict=True):
        assert want - 0.1 <= got < want + 0.7, marks
    assert lines[3].startswith("总耗时")
    assert 3.9 <= seconds(lines[3]) < 4.7
    fetches = [e for e in r.spans if e.label.startswith("fetch(")]
    assert len(fetches) == 3
    for a, b in itertools.pairwise(fetches):  # one after the other, no overlap
        assert a.end <= b.start


def test_one_session_reuses_connections(run):
    assert run("snippets/http/one_session.py").lines == [
        "一个 session，5 个请求: {'新建': 1, '复用': 4}",
        "每个请求一个 session: {'新建': 5, '复用': 0}",
    ]


def test_default_connector_pool_limit_is_100():
    # the page: 默认的 TCPConnector 最多同时保持 100 个连接
    assert inspect.signature(aiohttp.TCPConnector).parameters["limit"].default == 100


def test_error_statuses_are_not_exceptions_until_raise_for_status(run):
    assert run("snippets/http/raise_for_status.py").lines == [
        "/status/200: status=200 ok=True",
        "/status/404: status=404 ok=False",
        "  raise_for_status() 抛出 ClientResponseError: 404 Not Found",
        "/status/500: status=500 ok=False",
        "  raise_for_status() 抛出 ClientResponseError: 500 Internal Server Error",
        "raise_for_status=True: session.get() 直接抛出 500 Internal Server Error",
    ]


def test_client_timeout_fails_fast_with_builtin_timeout_error(run):
    r = run("snippets/http/client_timeout.py")
    lines = r.lines
    assert lines[0] == "session 默认的总超时: 300 秒"
    assert lines[1].endswith("秒后放弃: builtins.TimeoutError")
    assert 0.95 <= seconds(lines[1]) < 1.5  # the configured 1 s, not the server's 3 s
    assert lines[2] == "asyncio.TimeoutError is TimeoutError: True"
    # and it exits right after printing, instead of waiting out the server's remaining 2 s
    assert r.linger < 1.5


def test_json_and_chunked_reading(run):
    assert run("snippets/http/read_json.py").lines == [
        "服务器收到的查询参数: {'city': '上海', 'page': '2'}",
        "分块读取: 共 102400 字节，最大的一块 16384 字节（上限 16384）",
    ]

"""What the 流（Streams）page claims, checked against the real runs."""

from __future__ import annotations

import ast
import re

from .parse import seconds_matching


def test_one_task_per_connection_serves_clients_concurrently(run):
    lines = run("snippets/streams/echo_server.py").lines
    assert [ast.literal_eval(line) for line in lines[:3]] == [
        [f"CLIENT-{i} HELLO", f"CLIENT-{i} BYE"] for i in range(1, 4)
    ]
    total = seconds_matching(r"共耗时 (\d+\.\d) 秒", lines[3])
    assert 0.55 <= total < 1.5  # two 0.3 s requests per client, clients in parallel; one after another: 1.8 s
    assert len(lines) == 4


def test_readuntil_readexactly_and_incomplete_read(run):
    assert run("snippets/streams/readuntil.py").lines == [
        "第 1 条消息: b'hello'",
        "第 2 条消息不完整: 期望 10 字节，只收到 b'abc'",
    ]


def test_read_timeout_gives_up_and_closes(run):
    r = run("snippets/streams/read_timeout.py")
    m = re.fullmatch(r"(\d+\.\d) 秒内没有收到回复：超时", r.lines[0])
    assert m and 0.45 <= float(m[1]) < 1.5
    assert r.lines[1:] == ["连接已关闭，服务器已停止"]
    assert r.linger < 2.0


def test_cancelling_serve_forever_stops_the_server(run):
    lines = run("snippets/streams/serve_forever.py").lines
    events = [(float(m[1]), m[2]) for line in lines if (m := re.match(r"\[(\d+\.\d) 秒\] (.*)", line))]
    assert [text for _, text in events] == [
        "客户端收到 'welcome'",
        "客户端收到 'welcome'",
        "serve_forever 被取消，is_serving() = False",
        "再连接：ConnectionRefusedError",
    ]
    assert 0.35 <= events[2][0] < 2.0  # after the two 0.2 s pauses
    assert len(lines) == len(events)


def test_page_states_the_version_facts() -> None:
    from ..config import ROOT

    page = (ROOT / "docs/apps/streams.md").read_text(encoding="utf-8")
    assert "3.13 给 `Server` 增加了两个方法" in page and "`close_clients()`" in page and "`abort_clients()`" in page
    assert "3.12 起 `Server.wait_closed()`" in page

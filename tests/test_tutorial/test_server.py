"""What the 服务端：aiohttp.web 与 WebSocket page claims, checked against the real runs."""

from __future__ import annotations

from .parse import seconds, stamped


def test_concurrent_requests_overlap_in_the_handler(run):
    lines = run("snippets/server/hello_server.py").lines
    assert lines[0] == "服务器已启动（127.0.0.1，随机端口）"
    names = ["甲", "乙", "丙", "丁", "戊"]
    assert lines[1] == repr([{"hello": n} for n in names])  # in gather()'s argument order
    assert 0.48 <= seconds(lines[2]) < 0.9  # 5 × 0.5 s handlers in about 0.5 s, not 2.5 s
    assert len(lines) == 3


def test_one_blocking_handler_freezes_every_request(run):
    lines = run("snippets/server/blocking_handler.py").lines
    assert [line.split(":")[0] for line in lines] == ["/non-blocking", "/blocking"]
    non_blocking, blocking = seconds(lines[0]), seconds(lines[1])
    assert 0.48 <= non_blocking < 0.9
    assert 1.95 <= blocking < 2.6  # 4 × 0.5 s one after another
    assert blocking > 2 * non_blocking


def test_websocket_echo_broadcast_and_receive_timeout(run):
    assert run("snippets/server/ws_broadcast.py").lines == [
        "alice 收到 '回声: 大家好'",
        "bob 收到 '广播: 大家好'",
        "bob 0.3 秒内没有收到新消息：TimeoutError",
        "两个客户端都已断开，服务器还记着 0 个连接",
    ]


def test_heartbeat_drops_the_client_that_does_not_read(run):
    events = stamped(run("snippets/server/ws_heartbeat.py").lines)
    assert [text for _, text in events] == [
        "一直在读的客户端：1 秒内没有消息，连接仍然打开: True",
        "服务器：一直在读的客户端 的连接结束，close_code = 1000，原因: None",
        "不读的客户端：已连接",
        "服务器：不读的客户端 的连接结束，close_code = 1006，原因: No PONG received after 0.2 seconds",
        "不读的客户端：再去读，连接已经断了: ClientConnectionResetError",
    ]
    at = [t for t, _ in events]
    assert 0.95 <= at[0] < 1.4  # the reading client outlived two pings
    assert 0.5 <= at[3] - at[2] < 0.9  # ping at 0.4 s + 0.2 s without a pong (stamps have 0.1 s steps)
    assert at[4] - at[2] >= 0.95  # the client only noticed when it read again, after its 1 s

"""What the httpx 与 AnyIO、Trio page claims, checked against the real runs.

Times are the snippets' own, measured inside the run, and compared with the sleeps and timeouts the
snippets ask for (generous upper bounds: a busy 2-core machine wakes late, never early).
"""

from __future__ import annotations

import inspect
import re
import subprocess
import sys

import aiohttp
import httpx

from ..config import declared_specs
from .parse import seconds, stamped

GATHER = ["n=0: 200 HTTP/1.1", "n=1: 200 HTTP/1.1", "n=2: 200 HTTP/1.1"]


def test_httpx_and_aiohttp_do_the_same_thing_concurrently(run):
    outputs = [run(f"snippets/httpx/{name}_gather.py").lines for name in ("httpx", "aiohttp")]
    for lines in outputs:
        assert lines[:3] == GATHER  # every request succeeded, results in argument order
        assert len(lines) == 4 and lines[3].startswith("3 个请求共耗时 ")
        # the three 1 s waits overlapped: far less than 3 s one after another (httpx's first request also loads
        # its network backend and connects: measured 1.0-1.9 s on a loaded 2-core machine)
        assert 0.95 <= seconds(lines[3]) < 2.6


def test_the_table_of_differences_matches_the_libraries():
    # 重定向：httpx 默认不跟随，aiohttp 默认跟随
    assert inspect.signature(httpx.AsyncClient).parameters["follow_redirects"].default is False
    assert inspect.signature(aiohttp.ClientSession._request).parameters["allow_redirects"].default is True
    # httpx 的 .json() 和 .text 不用 await，aiohttp 的要
    assert not inspect.iscoroutinefunction(httpx.Response.json)
    assert inspect.iscoroutinefunction(aiohttp.ClientResponse.json)
    assert inspect.iscoroutinefunction(aiohttp.ClientResponse.text)
    # 「httpx.Timeout(10.0, connect=2.0)：第一个参数是其余几步的值」
    t = httpx.Timeout(10.0, connect=2.0)
    assert (t.connect, t.read, t.write, t.pool) == (2.0, 10.0, 10.0, 10.0)
    assert issubclass(httpx.ReadTimeout, httpx.TimeoutException)
    assert issubclass(httpx.PoolTimeout, httpx.TimeoutException)


def test_default_timeouts_httpx_gives_up_at_5_s_aiohttp_waits(run):
    lines = run("snippets/httpx/timeout_defaults.py").lines
    assert lines[:2] == [
        "httpx   默认: connect=5.0 read=5.0 write=5.0 pool=5.0",
        "aiohttp 默认: total=300 sock_connect=30 sock_read=None",
    ]
    assert len(lines) == 4
    httpx_line = re.fullmatch(r"httpx:   (\d+\.\d) 秒后 ReadTimeout", lines[2])
    aiohttp_line = re.fullmatch(r"aiohttp: (\d+\.\d) 秒后 200", lines[3])
    assert httpx_line and aiohttp_line, lines[2:]
    assert 4.95 <= float(httpx_line[1]) < 5.8  # the 5 s read timeout, before the server's 6 s ...
    assert 5.95 <= float(aiohttp_line[1]) < 7.5  # ... while aiohttp waited for the server


def test_httpx_read_timeout_is_per_read_not_total(run):
    lines = run("snippets/httpx/timeout_per_read.py").lines
    assert len(lines) == 3
    assert re.fullmatch(r"aiohttp ClientTimeout\(total=1\.0\): 超时，\d+\.\d 秒", lines[0]), lines[0]
    assert re.fullmatch(r"httpx   外面套 wait_for\(…, 1\.0\): +超时，\d+\.\d 秒", lines[1]), lines[1]
    assert re.fullmatch(r"httpx   timeout=1\.0: +'abcdef'，\d+\.\d 秒", lines[2]), lines[2]
    trickle = seconds(lines[2])
    assert 2.35 <= trickle < 3.5  # the whole trickle (6 × 0.4 s), far past the 1 s "timeout"
    for line in lines[:2]:
        assert 0.95 <= seconds(line) < min(2.0, trickle)  # a total limit: gave up at 1 s


def _requests(lines: list[str]) -> list[tuple[int, float, str]]:
    rows = [re.fullmatch(r"  请求 (\d): \[(\d+\.\d) 秒\] (.+)", line) for line in lines]
    assert all(rows), lines
    return [(int(m[1]), float(m[2]), m[3]) for m in rows if m]


def test_pool_limits_queue_and_pool_timeout(run):
    lines = run("snippets/httpx/pool_limits.py").lines
    assert lines[:2] == [
        "httpx 默认: Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)",
        "aiohttp 默认: limit=100 limit_per_host=0",
    ]
    assert lines[2] == "max_connections=2，3 个 /delay/1，默认 pool=5.0：第 3 个排队等连接"
    assert lines[6] == "max_connections=2，3 个 /delay/1，pool=0.5：等不到连接就放弃"
    queued, gave_up = _requests(lines[3:6]), _requests(lines[7:10])
    assert len(lines) == 10
    # the third waited for one of the first two connections, then took its own second
    assert [(n, outcome) for n, _, outcome in queued] == [(0, "200"), (1, "200"), (2, "200")]
    first, second, third = (t for _, t, _ in queued)
    assert 0.95 <= first < 2.0 and 0.95 <= second < 2.0
    assert 1.95 <= third < 3.5 and third - min(first, second) >= 0.9
    # pool=0.5: the third gives up at 0.5 s, the first two are not affected
    outcomes = [(n, outcome) for n, _, outcome in gave_up]
    assert outcomes == [(0, "200"), (1, "200"), (2, "PoolTimeout（没等到空闲的连接）")]
    assert all(0.95 <= t < 2.0 for _, t, _ in gave_up[:2])
    assert 0.45 <= gave_up[2][1] < min(t for _, t, _ in gave_up[:2])  # before any connection was free


def test_http2_true_without_h2_fails_when_the_client_is_created():
    code = (
        "import sys; sys.modules['h2'] = None\n"  # as if h2 were not installed
        "import httpx\n"
        "try:\n    httpx.AsyncClient(http2=True)\n"
        "except ImportError as e:\n    print(e)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "'h2' package is not installed" in proc.stdout and "httpx[http2]" in proc.stdout


def test_http2_over_plain_http_stays_http_1_1(run):
    assert run("snippets/httpx/http2_plain.py").lines == [
        "AsyncClient():",
        "  服务器收到: 'GET / HTTP/1.1'，Upgrade 请求头: 无",
        "  response.http_version = 'HTTP/1.1'",
        "AsyncClient(http2=True):",
        "  服务器收到: 'GET / HTTP/1.1'，Upgrade 请求头: 无",
        "  response.http_version = 'HTTP/1.1'",
        "AsyncClient(http1=False, http2=True):",
        "  服务器收到: 'PRI * HTTP/2.0'，Upgrade 请求头: 无",
        "  RemoteProtocolError: Server disconnected",
    ]


def _group_and_timeout(lines: list[str]) -> None:
    events = stamped(lines)
    assert [text for _, text in events] == ["快的: 完成", "慢的: 被取消", "main: TimeoutError"]
    (fast, _), (cancelled, _), (timeout, _) = events
    assert 0.95 <= fast < 1.45
    assert 1.45 <= cancelled < 2.2 and 1.45 <= timeout < 2.2  # at the 1.5 s limit, not the slow task's 3 s
    assert len(lines) == 3


def test_asyncio_taskgroup_and_timeout(run):
    _group_and_timeout(run("snippets/anyio/asyncio_group.py").lines)


def test_anyio_task_group_and_fail_after_say_the_same(run):
    _group_and_timeout(run("snippets/anyio/anyio_group.py").lines)


def test_the_asyncio_version_fails_on_3_10_and_the_anyio_one_runs_everywhere(run_matrix):
    specs = declared_specs()
    asyncio_runs = run_matrix(specs[("snippets/anyio/asyncio_group.py",)]).results
    anyio_runs = run_matrix(specs[("snippets/anyio/anyio_group.py",)]).results
    for r in asyncio_runs:
        if r.version < (3, 11):
            assert r.returncode == 1
            assert "AttributeError: module 'asyncio' has no attribute 'timeout'" in r.output
        else:
            assert r.returncode == 0, r.output
    for r in anyio_runs:
        assert r.returncode == 0, (r.python, r.output)
        _group_and_timeout(r.lines)


def test_start_soon_returns_an_awaitable_task_handle():
    # the page: AnyIO 4.14 起 start_soon() 返回 TaskHandle，await 它得到返回值；组里也有 create_task()
    import anyio
    import anyio.abc

    async def double(x: int) -> int:
        await anyio.sleep(0.01)
        return 2 * x

    async def main() -> tuple[str, int]:
        async with anyio.create_task_group() as tg:
            handle = tg.start_soon(double, 21)
            value = await handle
        return type(handle).__name__, value

    assert anyio.run(main) == ("TaskHandle", 42)
    assert callable(getattr(anyio.abc.TaskGroup, "create_task", None))


def test_cancel_scopes(run):
    lines = run("snippets/anyio/cancel_scope.py").lines
    events = stamped(lines)
    assert [text for _, text in events] == [
        "move_on_after(0.5): cancelled_caught = True",
        "最快的是 ['镜像 B']，其余两个已被取消",
        "CancelScope.cancel(): cancelled_caught = True",
    ]
    assert "不会打印" not in "\n".join(lines) and len(lines) == 3
    (moved_on, _), (raced, _), (scoped, _) = events
    assert 0.45 <= moved_on < 1.2  # no exception, on after 0.5 s instead of the 3 s sleep
    assert 0.28 <= raced - moved_on < 0.95  # the 0.3 s mirror won; 1 s and 2 s were not waited for
    assert scoped - raced < 0.3  # the cancelled scope's sleep(1) ended at once


def test_anyio_raises_exception_group_from_the_backport_on_3_10(run):
    r = run("snippets/anyio/exception_group.py")
    where = "exceptiongroup" if r.version < (3, 11) else "builtins"
    assert r.lines == [f"{where}.ExceptionGroup: (ValueError('解析失败'),)"]


def test_the_same_code_on_asyncio_and_trio(run):
    lines = run("snippets/anyio/both_backends.py").lines
    row = re.compile(r"(\w+) *: 正在运行的 asyncio 事件循环: (有|没有)；请求 (\[.*\]) 共 (\d+\.\d) 秒")
    rows = [row.fullmatch(line) for line in lines]
    assert len(rows) == 2 and all(rows), lines
    assert [(m[1], m[2], m[3]) for m in rows if m] == [("asyncio", "有", "[0, 1, 2]"), ("trio", "没有", "[0, 1, 2]")]
    for m in rows:
        assert m and 0.95 <= float(m[4]) < 2.6  # concurrent on both backends: far less than 3 s


def test_aiohttp_does_not_run_on_trio(run):
    r = run("snippets/anyio/aiohttp_on_trio.py")
    assert r.returncode == 1
    assert r.lines[-1] == "RuntimeError: no running event loop"
    assert "aiohttp.ClientSession()" in r.output


def test_asyncio_cancellation_is_delivered_once_and_can_be_swallowed(run):
    events = stamped(run("snippets/anyio/edge_cancel.py").lines)
    assert [text for _, text in events] == [
        "收到 CancelledError，吞掉它",
        "下一个 await 正常结束",
        "task.cancelled() = False，结果 '照常返回'",
    ]
    (caught, _), (slept, _), (returned, _) = events
    assert 0.18 <= caught < 0.5
    assert slept - caught >= 0.28  # the second await really slept its 0.3 s: no second CancelledError
    assert returned - slept < 0.2


LEVEL = re.compile(r"^(asyncio|trio   ) \[(\d+\.\d) 秒\] (.*)$")


def test_anyio_and_trio_cancellation_is_level_triggered_on_both_backends(run):
    r = run("snippets/anyio/level_cancel.py")
    rows = [LEVEL.match(line) for line in r.lines]
    assert len(rows) == 8 and all(rows), r.lines
    assert "不会打印" not in r.output
    for backend in ("asyncio", "trio   "):
        events = [(float(m[2]), m[3]) for m in rows if m and m[1] == backend]
        assert [text for _, text in events] == [
            "收到取消，吞掉它",
            "屏蔽范围里的 await 正常结束",
            "范围外的下一个 await 又被取消",
            "任务组结束，cancel_scope.cancelled_caught = True",
        ], backend
        (caught, _), (shielded, _), (again, _), (ended, _) = events
        assert 0.18 <= caught < 0.5
        assert shielded - caught >= 0.28  # the shield kept the cancellation out for the whole 0.3 s
        assert again - shielded < 0.2  # the very next await outside the shield was cancelled at once, not 0.3 s later
        assert ended - again < 0.2

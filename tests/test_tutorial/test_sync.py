"""What the 同步原语与限流 page claims, checked against the real runs."""

from __future__ import annotations

from collections.abc import Sequence

from buildkit.model import Span

from .parse import seconds, stamp


def _fetch_spans(events: Sequence[Span]) -> list[Span]:
    spans = [e for e in events if e.label.startswith("fetch(")]
    assert sorted(e.label for e in spans) == sorted(f"fetch({i})" for i in range(10))
    return spans


def test_without_a_limit_all_ten_requests_are_in_flight_at_once(run):
    r = run("snippets/sync/no_limit.py")
    assert r.lines[0] == "请求数: 10"
    assert r.lines[1] == "服务器观察到的最大并发: 10"  # measured by the server
    assert 0.45 <= seconds(r.lines[2]) < 1.2  # about one request's 0.5 s
    spans = _fetch_spans(r.spans)
    t0 = min(e.start for e in spans)
    assert all(e.end - t0 < 1.2 for e in spans)  # every bar ends after about 0.5 s


def test_semaphore_3_caps_concurrency_at_3_and_takes_four_waves(run):
    r = run("snippets/sync/semaphore.py")
    assert r.lines[0] == "请求数: 10"
    assert r.lines[1] == "服务器观察到的最大并发: 3"  # measured by the server
    assert 1.9 <= seconds(r.lines[2]) < 2.9  # 3 + 3 + 3 + 1: four waves of 0.5 s

    # the timeline: every fetch starts at once (queued on the semaphore) ...
    spans = _fetch_spans(r.spans)
    t0 = min(e.start for e in spans)
    assert all(e.start - t0 < 0.3 for e in spans)
    # ... and they end in a staircase: 3 at ~0.5 s, 3 at ~1.0 s, 3 at ~1.5 s, 1 at ~2.0 s
    ends = sorted(e.end - t0 for e in spans)
    for k, end in enumerate(ends):
        wave = k // 3 + 1
        assert 0.5 * wave - 0.05 <= end < 0.5 * wave + 0.1 + 0.15 * wave, (k, ends)


def test_atomic_between_awaits_but_racy_across_an_await(run):
    assert run("snippets/sync/race.py").lines == [
        "add_one_atomic: 期望 1000，实际 1000",  # no await inside: no lock needed
        "add_one_racy: 期望 1000，实际 100",  # one surviving update per round of 10, 100 rounds
    ]


def test_lock_fixes_the_race(run):
    assert run("snippets/sync/lock.py").lines == ["加锁之后: 期望 1000，实际 1000"]


def test_event_wakes_every_waiter_in_order_when_set(run):
    lines = run("snippets/sync/event.py").lines
    texts = [line.split("] ", 1)[1] for line in lines]
    assert texts == [
        "工作者 1: 等待配置加载完成",
        "工作者 2: 等待配置加载完成",
        "工作者 3: 等待配置加载完成",
        "配置加载完成，发出信号",
        "工作者 1: 收到信号，开始工作",  # woken in the order they started waiting
        "工作者 2: 收到信号，开始工作",
        "工作者 3: 收到信号，开始工作",
        "全部结束；ready.is_set() = True",
    ]
    stamps = [stamp(line) for line in lines]
    assert stamps[:3] == [0.0, 0.0, 0.0]
    assert all(0.5 <= s <= 0.7 for s in stamps[3:])  # all at the signal; the second wait() is immediate

"""What the 重试、退避与限流 page claims, checked against the real runs."""

from __future__ import annotations

import itertools
import re

from .parse import stamped


def test_backoff_grows_with_seeded_jitter(run):
    r = run("snippets/retry/backoff.py")
    events = stamped(r.lines)
    attempts = [(t, text) for t, text in events if text.startswith("第 ")]
    waits = [re.fullmatch(r"\s*等待 (\d+\.\d+) 秒（上限 (\d+\.\d) 秒）", text) for _, text in events if "等待" in text]
    assert [text for _, text in attempts] == ["第 1 次: 503", "第 2 次: 503", "第 3 次: 503", "第 4 次: 200"]
    assert r.lines[-1] == "成功：服务器收到的是第 4 次请求"
    assert all(waits)
    ceilings = [float(m[2]) for m in waits]  # type: ignore[index]
    delays = [float(m[1]) for m in waits]  # type: ignore[index]
    assert ceilings == [0.2, 0.4, 0.8]  # the ceiling doubles
    assert all(0 <= d <= c for d, c in zip(delays, ceilings, strict=True))  # jitter stays within it
    assert delays == [0.17, 0.30, 0.34]  # random.Random(0): the same waits on every run
    for (t0, _), (t1, _), delay in zip(attempts, attempts[1:], delays, strict=False):
        assert delay - 0.02 <= t1 - t0 < delay + 0.3  # the gap between attempts is the printed wait


def test_retry_after_overrides_the_own_backoff(run):
    events = stamped(run("snippets/retry/retry_after.py").lines)
    assert [text for _, text in events] == [
        "第 1 次: 503，Retry-After = 1",
        "  自己的退避是 0.1 秒，按服务器的要求等 1.0 秒",
        "第 2 次: 200，Retry-After = None",
    ]
    gap = events[2][0] - events[0][0]
    assert 0.98 <= gap < 1.4  # the server's 1 s, not the own 0.1 s


def test_attempt_timeout_and_overall_deadline(run):
    events = stamped(run("snippets/retry/deadline.py").lines)
    assert [text for _, text in events] == [
        "第 1 次尝试超时（0.5 秒）",
        "第 2 次尝试超时（0.5 秒）",
        "总期限 1.4 秒到了，放弃",
    ]
    (t1, _), (t2, _), (t3, _) = events
    assert 0.48 <= t1 < 0.75  # each attempt is cut at 0.5 s although /delay/1 takes 1 s
    assert 0.58 <= t2 - t1 < 0.85  # 0.1 s backoff + the next 0.5 s attempt
    assert 1.38 <= t3 < 1.65  # the outer deadline, during the third attempt
    assert t3 - t2 < 0.45  # the third attempt did not get its own full 0.5 s


def test_only_idempotent_requests_are_retried(run):
    assert run("snippets/retry/idempotent.py").lines == [
        "  GET 第 1 次: 503",
        "  GET 第 2 次: 200",
        "GET 的最终结果: 200",
        "  POST 第 1 次: 503",
        "  POST 不是幂等的：服务器可能已经执行了一半，不重试",
        "POST 的最终结果: 503",
    ]


def test_token_bucket_allows_a_burst_then_the_rate(run):
    events = stamped(run("snippets/retry/token_bucket.py").lines)
    assert [text for _, text in events] == [f"发出请求 {n}" for n in range(1, 9)]
    times = [t for t, _ in events]
    assert times[1] - times[0] < 0.1  # a full bucket: requests 1 and 2 at once
    # The bucket's promise, whatever the machine's load: in any stretch of t seconds at most
    # 2 + 5t requests. The snippet prints the moment the bucket let each one go (its own clock: a
    # print delayed by the machine after the token was taken broke this once); rounded to 0.01 s,
    # hence the 0.02.
    for (i, a), (j, b) in itertools.combinations(enumerate(times), 2):
        assert b - a >= (j - i - 1) / 5 - 0.02, (i + 1, j + 1, times)
    assert times[-1] >= 1.15  # so the 8th at 1.2 s at the earliest
    assert times[-1] < 2.5  # and about then: waiting on a busy machine may add a little, never a round


def test_circuit_breaker_opens_half_opens_and_closes(run):
    events = stamped(run("snippets/retry/breaker.py").lines)
    assert [text for _, text in events] == [
        "调用 1（关闭）: 请求失败 503，之后: 关闭",
        "调用 2（关闭）: 请求失败 503，之后: 关闭",
        "调用 3（关闭）: 请求失败 503，之后: 打开",
        "调用 4（打开）: 直接失败，没有发请求，之后: 打开",
        "调用 5（打开）: 直接失败，没有发请求，之后: 打开",
        "调用 6（半开）: 请求失败 503，之后: 打开",
        "调用 7（打开）: 直接失败，没有发请求，之后: 打开",
        "调用 8（半开）: 成功（服务器收到的第 5 个请求），之后: 关闭",
    ]
    at = [t for t, _ in events]
    assert at[4] - at[2] < 0.1  # rejected at once, no request, no waiting
    assert 0.58 <= at[5] - at[4] < 0.9  # the trial only after the cooldown
    assert 0.58 <= at[7] - at[6] < 0.9

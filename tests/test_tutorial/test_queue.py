"""What the 生产者-消费者：asyncio.Queue page claims, checked against the real runs."""

from __future__ import annotations

import re

from .parse import seconds


def test_three_workers_share_nine_jobs_then_get_cancelled(run):
    r = run("snippets/queue/workers.py")
    done = r.lines[:9]
    # every job exactly once, taken in queue order, three per worker (w0: 0,3,6; w1: 1,4,7; w2: 2,5,8)
    assert sorted(done, key=lambda line: int(line.rsplit(" ", 1)[1])) == [f"w{j % 3} 完成任务 {j}" for j in range(9)]
    assert r.lines[9].startswith("queue.join() 返回：9 个任务、3 个工作者")
    assert 0.55 <= seconds(r.lines[9]) < 1.0  # 9 jobs x 0.2 s / 3 workers
    assert r.lines[10] == "工作者的结局: ['CancelledError', 'CancelledError', 'CancelledError']"
    assert len(r.lines) == 11

    # the timeline: handle() runs in three batches of three; workers live until cancelled
    handles = sorted((e for e in r.spans if e.label.startswith("handle(")), key=lambda e: e.start)
    assert len(handles) == 9
    t0 = handles[0].start
    for k, e in enumerate(handles):
        batch = k // 3
        assert 0.2 * batch - 0.02 <= e.start - t0 < 0.2 * batch + 0.1 + 0.05 * batch, (k, handles)
    workers = [e for e in r.spans if e.label.startswith("worker(")]
    assert sorted(e.label for e in workers) == ["worker('w0')", "worker('w1')", "worker('w2')"]
    last_handle_end = max(e.end for e in handles)
    assert all(e.end >= last_handle_end for e in workers)


def test_sentinels_let_each_worker_return_on_its_own(run):
    assert run("snippets/queue/sentinel.py").lines == [
        "worker-0 收到哨兵，退出（处理了 2 个任务）",
        "worker-1 收到哨兵，退出（处理了 2 个任务）",
        "worker-2 收到哨兵，退出（处理了 2 个任务）",
        "共处理 6 个任务，队列剩余 0 项",
    ]


def test_bounded_queue_makes_the_producer_wait_for_the_consumer(run):
    lines = run("snippets/queue/backpressure.py").lines
    events = []
    for line in lines:
        m = re.fullmatch(r"\[(\d+\.\d) s\] (生产者放入|消费者处理完) (\d)(?:，队列长度 (\d))?", line)
        assert m, line
        events.append((float(m[1]), m[2], int(m[3]), int(m[4]) if m[4] else None))

    puts = [e for e in events if e[1] == "生产者放入"]
    gets = [e for e in events if e[1] == "消费者处理完"]
    assert [e[2] for e in puts] == list(range(6))
    assert [e[2] for e in gets] == list(range(6))
    # the first three go in at once; the consumer has already taken 0, so the queue holds 1 and 2
    assert [(t, n) for t, _, _, n in puts[:3]] == [(0.0, 1), (0.0, 2), (0.0, 2)]
    assert all(n is not None and n <= 2 for *_, n in puts)  # never more than maxsize
    # the consumer sets the pace: item k is done at ~0.2 (k + 1) s
    for t, _, k, _ in gets:
        assert 0.2 * (k + 1) - 0.05 <= t <= 0.2 * (k + 1) + 0.1 + 0.03 * k, gets
    # every later put comes right after the consumer finishes an item
    for put in puts[3:]:
        before = events[events.index(put) - 1]
        assert before[1:3] == ("消费者处理完", put[2] - 3), events


def test_crawler_fetches_each_page_once(run):
    r = run("snippets/queue/crawler.py")
    assert r.lines[:10] == [f"/links/10/{i}" for i in range(10)]
    assert r.lines[10] == "抓取 10 页，发现链接 90 个（其中新链接 9 个）"
    if r.version < (3, 11):  # the page's changes: asyncio.TimeoutError is not yet TimeoutError, the worker dies
        assert r.lines[11].startswith("失败 0 页：[]，耗时 ")
    else:  # the slow page hit aiohttp's total timeout: a TimeoutError, caught although it is no aiohttp.ClientError
        assert r.lines[11].startswith("失败 1 页：['/delay/2: TimeoutError']，耗时 ")
    assert 0.45 <= seconds(r.lines[11]) < 1.5  # the 0.5 s timeout, not the page's 2 s
    assert len(r.lines) == 12

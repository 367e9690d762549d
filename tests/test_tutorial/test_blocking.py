"""What the 阻塞代码 page claims, checked against the real runs.

Timings are compared as ratios or against the sleeps the snippets themselves ask for, with
generous tolerances; never against an absolute CPU speed.
"""

from __future__ import annotations

import ast
import itertools
import math
import re
from collections.abc import Sequence

import pytest

from buildkit.model import Result, Span
from buildkit.runner import CONTENDED

from .parse import seconds, stamp


def _beats(line: str) -> tuple[int, int]:
    m = re.fullmatch(r"其间心跳 (\d+) 次（每 0\.1 秒一次的话应为约 (\d+) 次）", line)
    assert m, line
    return int(m[1]), int(m[2])


def _downloads(events: Sequence[Span]) -> list[Span]:
    spans = sorted((e for e in events if e.label.startswith("download(")), key=lambda e: e.label)
    assert [e.label for e in spans] == ["download(1)", "download(2)", "download(3)"]
    return spans


def test_time_sleep_in_a_coroutine_serialises_everything_and_starves_the_heartbeat(run):
    r = run("snippets/blocking/heartbeat_blocked.py")
    assert r.lines[0] == "[0.0 s] 心跳"
    done = [line for line in r.lines if "下载" in line and "完成" in line]
    assert [line.split("] ", 1)[1] for line in done] == ["下载 1 完成", "下载 2 完成", "下载 3 完成"]
    # one after another: at ~0.5, ~1.0, ~1.5 s
    for k, line in enumerate(done, start=1):
        assert 0.5 * k <= stamp(line) <= 0.5 * k + 0.2, done
    assert r.lines[-2].startswith("3 个下载总耗时 ")
    assert 1.45 <= seconds(r.lines[-2]) < 2.2  # the sum, not the max
    beats, expected = _beats(r.lines[-1])
    assert beats == 0 and expected >= 14  # ~15 expected, none happened
    assert r.lines.count("[0.0 s] 心跳") == 1 and sum("心跳" in line for line in r.lines[:-1]) == 1

    # the timeline: the three download bars do not overlap
    d1, d2, d3 = _downloads(r.spans)
    assert d1.end <= d2.start + 0.01 and d2.end <= d3.start + 0.01
    assert all(e.end - e.start >= 0.49 for e in (d1, d2, d3))


def test_to_thread_overlaps_the_calls_and_keeps_the_loop_responsive(run):
    r = run("snippets/blocking/heartbeat_to_thread.py")
    assert r.lines[-2].startswith("3 个下载总耗时 ")
    assert 0.45 <= seconds(r.lines[-2]) < 0.9  # the max, not the sum
    beats, expected = _beats(r.lines[-1])
    assert beats >= 3 and abs(beats - expected) <= 2  # still ticking every 0.1 s
    ticks = [stamp(line) for line in r.lines if line.endswith("心跳")]
    assert len(ticks) >= 5 and ticks[0] == 0.0
    assert all(0.05 <= b - a <= 0.25 for a, b in itertools.pairwise(ticks)), ticks  # no long gap
    done = [line for line in r.lines if line.endswith("完成")]
    assert sorted(line.split("] ", 1)[1] for line in done) == ["下载 1 完成", "下载 2 完成", "下载 3 完成"]
    assert all(0.5 <= stamp(line) <= 0.8 for line in done)

    # the timeline: the three download bars overlap
    spans = _downloads(r.spans)
    assert max(e.start for e in spans) < min(e.end for e in spans)


def test_cpu_loop_blocks_the_loop_for_as_long_as_it_computes(run):
    r = run("snippets/blocking/cpu_blocked.py")
    lines = r.lines
    assert lines[0].startswith("CPU 计算耗时 ")
    cpu = seconds(lines[0])
    gaps = ast.literal_eval(lines[1].split(": ", 1)[1])
    longest = seconds(lines[2])
    assert lines[2].endswith("应为 0.10 秒")
    assert cpu >= 0.15  # long enough to be visible next to 0.1 s ticks
    assert longest == max(gaps)
    # no heartbeat while computing: the gap is at least the computation, however busy the machine
    assert cpu - 0.01 <= longest
    others = sorted(gaps)[:-1]
    assert len(others) >= 4
    assert all(g >= 0.09 for g in others), gaps  # a sleep never ends early
    skip_if_contended(r)  # an older Python's run is made beside other runs: a busy CPU stretches any gap
    # the computation plus the heartbeat's phase when it began (about 0.05 s)
    assert longest < cpu + 0.2
    assert all(g <= 0.2 for g in others), gaps  # every other interval is the normal 0.1 s


def skip_if_contended(r: Result) -> None:
    """Measured again up to 3 times; still no phase with idle CPUs to compare on. Called after a test
    has asserted everything that does not depend on load (labels, line format, counts, lower bounds)."""
    if r.contention > CONTENDED:
        pytest.skip(f"其他进程在某个计时阶段占用了 {r.contention:.1f} 个 CPU，耗时之比无从比较")


def test_io_bound_threads_and_asyncio_overlap_processes_only_per_cpu(run):
    r = run("snippets/blocking/io_compare.py")
    lines = r.lines
    m = re.fullmatch(r"(\d+) 个 I/O 任务，每个等待 0\.2 秒；本机 (\d+) 个 CPU", lines[0])
    assert m, lines[0]
    jobs, cpus = int(m[1]), int(m[2])
    labels = [line.split(":")[0] for line in lines[1:]]
    assert labels == [
        "顺序执行",
        f"线程池（{jobs} 个线程）",
        f"进程池（{cpus} 个进程）",
        f"asyncio（{jobs} 个协程，1 个线程）",
        "asyncio（10000 个协程，1 个线程）",
    ]
    seq, threads, processes, aio, aio_10k = (seconds(line) for line in lines[1:])
    batches = math.ceil(jobs / cpus)  # a pool of `cpus` processes waits for that many at a time
    # no load makes a wait shorter than it asked for
    assert seq >= 0.2 * jobs - 0.02 and min(threads, aio, aio_10k) >= 0.19 and processes >= 0.2 * batches - 0.01
    skip_if_contended(r)
    assert seq < 0.2 * jobs + 0.6  # one after another
    assert threads < 0.5  # all of them wait at once
    assert aio < 0.5
    assert aio_10k < 1.0  # ten thousand waits still overlap: "only a little over 0.2 s"
    assert processes < 0.2 * batches + 0.8


def test_cpu_bound_only_processes_help(run):
    r = run("snippets/blocking/cpu_compare.py")
    lines = r.lines
    m = re.fullmatch(r"4 个 CPU 密集任务；本机 (\d+) 个 CPU", lines[0])
    assert m, lines[0]
    cpus = int(m[1])
    rows = [re.fullmatch(r"(.+): (\d+\.\d\d) 秒，平均 (\d+\.\d) 个 CPU 在计算", line) for line in lines[1:5]]
    assert all(rows), lines[1:5]
    labels = [row[1] for row in rows if row]
    assert labels == ["顺序执行", "asyncio（4 个协程）", "线程池（4 个线程）", f"进程池（{cpus} 个进程）"]
    (seq, seq_cpus), (aio, aio_cpus), (threads, thread_cpus), (processes, process_cpus) = (
        (float(row[2]), float(row[3])) for row in rows if row
    )
    # How many CPUs computed at once is the claim that does not depend on the machine's speed: each
    # task reports the CPU time its own thread used. One at a time without processes (the GIL) ...
    assert seq_cpus <= 1.1 and aio_cpus <= 1.1 and thread_cpus <= 1.1
    m = re.fullmatch(r"相对顺序执行的加速比：线程池 (\d+\.\d) 倍，进程池 (\d+\.\d) 倍", lines[5])
    assert m, lines[5]
    skip_if_contended(r)
    assert seq < 3.0  # the run stays short
    # The ratios of wall-clock times are measured in interleaved rounds, so a shared VM's speed drift
    # (measured: ±30 % within seconds, no process to show for it) falls on every way alike; the bounds
    # still exclude computing in parallel on 2 cores (0.5).
    assert 0.6 <= aio / seq <= 1.6  # coroutines compute one after another
    assert 0.6 <= threads / seq <= 1.8  # the GIL: threads do not speed it up
    speedup = seq / processes
    if cpus >= 2:
        # ... and several at once in processes: on an uncontended machine the workers keep the CPUs busy.
        assert process_cpus >= min(cpus, 4) * 0.7
        # Faster, but how much faster depends on the hardware: two vCPUs that are hyperthreads of one core
        # each run slower while both compute (measured on this 2-core VM: 1.15-2.2 with both CPUs busy).
        # 4 workers on 2 cores would not give 4x.
        assert 1.0 < speedup <= min(cpus, 4) * 1.5
        assert processes < min(aio, threads)
    assert float(m[1]) < 1 / 0.6 and abs(float(m[2]) - speedup) <= 0.15  # threads: the bound above

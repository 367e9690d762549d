"""The key idea on the summary page, measured: yielding overlaps the waits, blocking adds them up."""

from __future__ import annotations

from .parse import seconds_matching


def test_yielding_overlaps_waits_and_blocking_serialises_them(run):
    lines = run("snippets/summary/yield_control.py").lines
    assert len(lines) == 2
    yielding, blocking = (seconds_matching(r"共耗时 ([\d.]+) 秒", line) for line in lines)
    assert lines[0].startswith("让出控制权") and lines[1].startswith("阻塞线程")
    assert 0.9 <= yielding < 1.5
    assert 2.9 <= blocking < 3.6

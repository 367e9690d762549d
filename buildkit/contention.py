"""How much CPU *other* processes used while a snippet ran, phase by phase (psutil).

A snippet that compares timings (``exclusive=True``) prints one line per measured phase. A run is
only meaningful when no phase shared the machine's CPUs with someone else: a busy first phase and a
quiet second one flip a ratio although the average load looks harmless. So the load is judged per
phase — the time between two outputs of the snippet — and a run's contention is its worst phase.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import psutil

MIN_PHASE = 0.2  # seconds: shorter stretches are merged into the next (jiffy-resolution noise)


def machine_busy() -> float:
    """CPU-seconds all CPUs spent busy since boot (steal counts as busy, iowait as idle)."""
    t = psutil.cpu_times()
    return sum(t) - t.idle - getattr(t, "iowait", 0.0)


def tree_cpu(pid: int) -> float:
    """CPU-seconds used by ``pid`` and every descendant, live or already reaped by a live one."""
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0.0
    for p in procs:
        try:
            c = p.cpu_times()
        except psutil.Error:
            continue
        total += c.user + c.system + c.children_user + c.children_system
    return total


@dataclass
class _Mark:
    at: float
    busy: float
    own: float


class ContentionMeter:
    """Marks taken at each output; ``worst()`` is the highest other-process load of any phase."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._last = self._mark()
        self._worst = 0.0

    def _mark(self) -> _Mark:
        return _Mark(time.monotonic(), machine_busy(), tree_cpu(self.pid))

    def output(self) -> None:
        """The snippet printed: close the phase if it is long enough to judge."""
        now = self._mark()
        wall = now.at - self._last.at
        if wall < MIN_PHASE:
            return
        others = (now.busy - self._last.busy) - (now.own - self._last.own)
        self._worst = max(self._worst, others / wall)
        self._last = now

    def worst(self) -> float:
        return round(max(0.0, self._worst), 2)


def busy_fraction(sample: float) -> float:
    """The share of all CPUs busy during the next ``sample`` seconds."""
    return psutil.cpu_percent(interval=sample) / 100


QUIET = 0.3  # share of all CPUs busy: below it, the machine is quiet enough for an exclusive run


def wait_until_quiet(busy_below: float = QUIET, sample: float = 0.1, limit: float = 10.0) -> float:
    """Before an ``exclusive`` run: wait (at most ``limit`` s) until the machine's CPUs are mostly idle.

    Processes that just finished (servers shutting down, a previous step's children) or other
    tenants of a shared machine would otherwise be measured along with the snippet. Returns the
    last busy fraction seen.
    """
    deadline = time.monotonic() + limit
    busy = 1.0
    while time.monotonic() < deadline:
        busy = busy_fraction(sample)
        if busy < busy_below:
            break
    return busy

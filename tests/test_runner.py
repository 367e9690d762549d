"""Runner details that the mini-site builds do not show."""

from __future__ import annotations

import os
import subprocess
import sys

from guide.runner import wait_until_quiet

HOG = "while True: pass"


def test_exclusive_runs_wait_while_every_cpu_is_busy() -> None:
    hogs = [subprocess.Popen([sys.executable, "-c", HOG]) for _ in range(os.cpu_count() or 1)]
    try:
        assert wait_until_quiet(limit=1.0) >= 0.3  # gave up after the limit: still busy
    finally:
        for h in hogs:
            h.kill()
            h.wait()

"""No run outlives the process that started it, however that process ends.

Every run carries an id (``GUIDE_RUN_ID`` in the environment of each of its processes, and in the
name of its pids cgroup) that starts with its build's own id. When a run ends, the runner kills
what it left (:func:`kill_carrying`, the cgroup). When the build itself is killed (SIGKILL, a
crash), nothing in it runs any more: bubblewrap's ``--die-with-parent`` then ends the runs, except
one it was still setting up: its child binds its life to bubblewrap's only once the sandbox is
ready, so it goes on, snippet and all. The warden, a small process started with the first run
(:func:`start`), reads a pipe from the build; when the pipe closes (the build is gone, whichever
way), it kills every process of the build's runs. After a normal exit it finds none.

It also removes the build's run folders (``snippet-<run id>`` in the temp folder, unmounting the
tmpfs of each first).

Run as ``python -m buildkit.warden OWNER TEMPDIR [CGROUP_ROOT ...]`` (what :func:`start` does).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from functools import cache
from pathlib import Path

import psutil

RUN_ID = "GUIDE_RUN_ID"  # in every process a run starts (inherited): how its processes are found
CGROUP_PREFIX = "guide-run-"  # and its run id: the name of a run's cgroups
FOLDER_PREFIX = "snippet-"  # and its run id: the name of a run's folder in the temp folder


def kill_carrying(prefix: str, since: float = 0.0) -> int:
    """Kill the processes whose run id starts with ``prefix`` (one run's whole id, or a build's id
    and its dash), started after ``since`` (a time as ``time.time()``). Returns how many."""
    assert prefix, "an empty prefix would match every run of every build"
    killed = 0
    for p in psutil.process_iter(["create_time"]):
        try:
            if p.info["create_time"] < since - 1 or p.pid == os.getpid():
                continue
            if p.environ().get(RUN_ID, "").startswith(prefix):
                p.kill()
                killed += 1
        except psutil.Error:
            continue
    return killed


def kill_cgroup(group: Path) -> int:
    """Kill the processes in one pids cgroup (a run's: ``CGROUP_PREFIX`` and its id). Returns how many."""
    killed = 0
    with contextlib.suppress(OSError):
        for pid in (group / "cgroup.procs").read_text().split():
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(pid), signal.SIGKILL)
                killed += 1
    return killed


def unmount(folder: Path) -> None:
    """Detach the tmpfs of a run's folder (lazily: a process still in it cannot keep it)."""
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=10)


@cache  # one per build id: it lives as long as this process
def start(owner: str, tempdir: Path, cgroup_roots: tuple[Path, ...]) -> subprocess.Popen[bytes]:
    """The warden of the runs whose id starts with ``owner``: it acts when this process ends."""
    return subprocess.Popen(
        [sys.executable, "-m", "buildkit.warden", owner, str(tempdir), *map(str, cgroup_roots)],
        cwd=Path(__file__).parent.parent,
        stdin=subprocess.PIPE,  # its write end stays here (not inherited): closed only when this process ends
        start_new_session=True,  # Ctrl-C to the build's process group must not stop it first
    )


def main(owner: str, tempdir: Path, cgroup_roots: list[Path]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # a closed terminal ends the build, not the warden
    sys.stdin.buffer.read()  # until the build ends, whichever way
    prefix = owner + "-"
    groups = [group for root in cgroup_roots for group in root.glob(f"{CGROUP_PREFIX}{prefix}*")]
    for _ in range(5):  # a sandbox being set up may still fork once after the first round
        if not kill_carrying(prefix) + sum(kill_cgroup(group) for group in groups):
            break
        time.sleep(0.2)
    for group in groups:
        with contextlib.suppress(OSError):  # emptied now (or a straggler: swept by a later build)
            group.rmdir()
    for folder in tempdir.glob(f"{FOLDER_PREFIX}{prefix}*"):
        if os.path.ismount(folder):
            unmount(folder)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), [Path(a) for a in sys.argv[3:]])

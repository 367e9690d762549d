"""The embedded PostgreSQL never outlives the build that started it.

Its folder (``guide-pg-*`` in the system temp dir) holds an ``owner`` file with the build's pid
and the server's data in ``data/``. Two ways to clean it up when the build cannot:

* :func:`watch`: a small process started beside the server, reading a pipe from the build. When
  the pipe closes and the folder is still there (the build died: SIGKILL, a crash, a signal it did
  not handle), it stops the server and deletes the folder. A build that exits normally removes the
  folder itself first, then closes the pipe (:func:`release`).
* :func:`sweep`: at start, the folders of builds whose process is gone are cleaned up the same way.

Run as ``python -m buildkit.reaper <folder>`` (what :func:`watch` starts).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil

PREFIX = "guide-pg-"
OWNER = "owner"


def _postmaster(folder: Path) -> psutil.Process | None:
    for pidfile in (folder / "data" / "postmaster.pid", folder / "postmaster.pid"):
        with contextlib.suppress(OSError, ValueError, IndexError, psutil.Error):
            proc = psutil.Process(int(pidfile.read_text().splitlines()[0]))
            if "postgres" in proc.name():
                return proc
    return None


def reap(folder: Path) -> None:
    """Stop the server of ``folder`` (fast shutdown, then kill) and delete the folder."""
    server = _postmaster(folder)
    if server is not None:
        with contextlib.suppress(psutil.Error):
            server.send_signal(signal.SIGINT)  # fast shutdown: ends sessions, frees shared memory
            try:
                server.wait(10)
            except psutil.TimeoutExpired:
                for child in server.children(recursive=True):
                    child.kill()
                server.kill()
    shutil.rmtree(folder, ignore_errors=True)


def _owner_alive(folder: Path) -> bool:
    try:
        pid = int((folder / OWNER).read_text())
    except (OSError, ValueError):
        # no owner file: a folder being made right now, or one left by an older build
        return time.time() - folder.stat().st_mtime < 60
    return psutil.pid_exists(pid)


def sweep(tempdir: Path) -> list[Path]:
    """Clean up the server folders of builds that are gone; returns them."""
    gone = []
    for folder in tempdir.glob(f"{PREFIX}*"):
        with contextlib.suppress(OSError):
            if folder.is_dir() and not _owner_alive(folder):
                reap(folder)
                gone.append(folder)
    return gone


def watch(folder: Path) -> subprocess.Popen[bytes]:
    """Mark ``folder`` as this process's and start its watchdog."""
    (folder / OWNER).write_text(str(os.getpid()))
    return subprocess.Popen(
        [sys.executable, "-m", "buildkit.reaper", str(folder)],
        cwd=Path(__file__).parent.parent,
        stdin=subprocess.PIPE,
        start_new_session=True,  # Ctrl-C to the build's process group must not stop it first
    )


def release(helper: subprocess.Popen[Any], grace: float = 15.0) -> None:
    """Let a helper that lives until its stdin closes go (the watchdog, once the build cleaned up
    itself; the HTTP server; a relay): killed if it has not exited after ``grace`` seconds."""
    if helper.stdin:
        helper.stdin.close()
    try:
        helper.wait(grace)
    except subprocess.TimeoutExpired:
        helper.kill()
        helper.wait()


def main(folder: Path) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)  # a closed terminal ends the build, not the watch
    sys.stdin.buffer.read()  # until the build closes the pipe or dies
    if folder.exists():
        reap(folder)


if __name__ == "__main__":
    main(Path(sys.argv[1]))

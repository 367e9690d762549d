"""How one snippet run is contained: what the operating system offers, found once per process.

A snippet is code from a pull request. Each run gets, where the OS allows:

* **bubblewrap** (``bwrap``, Debian's ``bubblewrap``):
  - a PID namespace: every process the run starts dies with it, whatever it does (``setsid``,
    double forks, daemons), also when the build itself is killed; a fresh ``/proc``: the build's
    processes and their environments are invisible;
  - the whole file system read-only but the run's own folder and ``/dev/shm``; the build's
    ``$HOME`` hidden; no capabilities, no new privileges, a session of its own;
  - a network namespace of its own with loopback only: its own servers on 127.0.0.1 work, and
    the build's services it uses are brought in on their usual address (:mod:`buildkit.forward`,
    to their Unix sockets); nothing else is reachable, whatever the code does (raw sockets, UDP,
    ``python -I`` children). Only a run using a service over TCP that has no Unix socket to bring
    in keeps the machine's network, behind the Python-level guard (``inject/sitecustomize.py``);
* **resource limits** (``prlimit``, util-linux): address space, CPU seconds, file size, open files;
* **a pids cgroup**, where one is writable: how many processes the run may have at once; when
  the run ends, whatever is still in it is killed.

What is missing is said once (a warning in the build log) and the run goes on without it; the
runner still kills the run's process group and any process carrying the run's id. Whatever the
build's own end, its warden (:mod:`buildkit.warden`) ends what its runs left.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from . import warden
from .forward import PROGRAM
from .warden import CGROUP_PREFIX, kill_cgroup

log = logging.getLogger("mkdocs.buildkit")

PIDS_ROOTS = (Path("/sys/fs/cgroup/pids"), Path("/sys/fs/cgroup"))  # cgroup v1, cgroup v2


@dataclass(frozen=True)
class Limits:
    """What one run may use; each process of the run has its own memory, CPU and file limits."""

    memory: int = 3 << 30  # bytes of address space per process
    cpu_seconds: int = 120  # per process; the wall-clock timeout usually ends a run first
    file_size: int = 64 << 20  # bytes, the largest file a run may write
    open_files: int = 1024
    processes: int = 128  # at once, in the whole run (pids cgroup)


@dataclass(frozen=True)
class Sandbox:
    bwrap: str | None  # path of a working bwrap, or None
    prlimit: str | None
    pids_root: Path | None  # a cgroup folder where a run's pids cgroup can be made
    limits: Limits = Limits()
    owner: str = field(default_factory=lambda: f"{os.getpid()}-{uuid.uuid4().hex[:12]}")  # this build's id

    def new_run_id(self) -> str:
        """An id for one run, starting with this build's: the runner kills what carries it when the
        run ends, the warden (:mod:`buildkit.warden`, started here once) when the build does."""
        warden.start(self.owner, self.pids_root)
        return f"{self.owner}-{uuid.uuid4().hex}"

    def missing(self) -> list[str]:
        gaps = []
        if not self.bwrap:
            gaps.append(
                "bubblewrap (bwrap): runs are not in their own PID namespace and can write outside their folder"
            )
        if not self.prlimit:
            gaps.append("prlimit: no memory/CPU/file-size limits per run")
        if not self.pids_root:
            gaps.append("no writable pids cgroup: no limit on the number of processes per run")
        return gaps

    def command(
        self,
        argv: Sequence[str],
        cwd: Path,
        readable: Sequence[Path] = (),
        cgroup: Path | None = None,
        *,
        network: bool = False,
        forwards: Mapping[str, str] | None = None,
    ) -> list[str]:
        """``argv`` wrapped to run contained in ``cwd`` (its only writable folder). ``readable``:
        folders under the build's ``$HOME`` that the run needs (the repository, the interpreters).
        ``network``: the run talks to a service over TCP that cannot be brought in, so it keeps the
        machine's network (the runner's Python-level guard still allows loopback only).
        ``forwards``: ``{"127.0.0.1:PORT": unix socket}``, the build's services the run reaches on
        its own loopback."""
        cmd = list(argv)
        readable = list(readable)
        lim = self.limits
        if self.prlimit:
            cmd = [
                self.prlimit,
                f"--as={lim.memory}",
                f"--cpu={lim.cpu_seconds}",
                f"--fsize={lim.file_size}",
                f"--nofile={lim.open_files}",
                "--",
                *cmd,
            ]
        if self.bwrap:
            if forwards and not network:
                forwarder = Path(sys.executable).resolve()  # its standard library only (-I -S)
                readable += [Path(PROGRAM).parent, forwarder.parents[1]]
                cmd = [str(forwarder), "-I", "-S", PROGRAM, *(f"{a}={p}" for a, p in forwards.items()), "--", *cmd]
            wrap = [self.bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/dev/shm"]
            home = Path.home()
            masked = home != Path("/") and home.is_dir()
            if masked:
                wrap += ["--tmpfs", str(home)]  # the build's dotfiles and credentials
                for path in sorted({p for p in readable if _under(p, home)}):
                    wrap += ["--ro-bind", str(path), str(path)]
            wrap += ["--bind", str(cwd), str(cwd), "--chdir", str(cwd)]
            if masked:  # last: the mounts above may need folders made in it
                wrap += ["--remount-ro", str(home)]
            if not network:
                wrap.append("--unshare-net")
            wrap += ["--unshare-pid", "--unshare-ipc", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
            wrap.append("--")
            cmd = wrap + cmd
        if cgroup is not None:
            cmd = ["/bin/sh", "-c", 'echo $$ > "$0/cgroup.procs" && exec "$@"', str(cgroup), *cmd]
        return cmd

    def returncode(self, code: int) -> int:
        """The snippet's exit status as ``subprocess`` reports it: bubblewrap exits with 128 + N when
        its child died of signal N, which Python shows as -N."""
        if self.bwrap and 128 < code < 128 + 65:
            return 128 - code
        return code

    def make_cgroup(self, run_id: str) -> Path | None:
        """A pids cgroup for one run (None where there is none to be had)."""
        if self.pids_root is None:
            return None
        group = self.pids_root / f"{CGROUP_PREFIX}{run_id}"
        try:
            group.mkdir()
            (group / "pids.max").write_text(str(self.limits.processes))
        except OSError:
            with contextlib.suppress(OSError):
                group.rmdir()
            return None
        return group

    @staticmethod
    def remove_cgroup(group: Path | None) -> None:
        """Kill what is still in a run's cgroup, then remove it. The cgroup holds every process the run
        started, whatever became of their process group or PID namespace: bubblewrap killed while it
        is still setting up leaves its child running (the child binds its life to bubblewrap's only
        later), with the snippet in it."""
        if group is None:
            return
        for _ in range(250):  # the killed ones may take a moment to leave
            kill_cgroup(group)
            try:
                group.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError:
                time.sleep(0.02)


def sweep_cgroups(root: Path, older_than: float = 60.0, prefix: str = CGROUP_PREFIX) -> int:
    """Remove the empty pids cgroups of runs that ended without removing theirs (their build was
    killed). A young one may belong to a run starting right now in another build: left alone."""
    removed = 0
    for group in root.glob(f"{prefix}*"):
        with contextlib.suppress(OSError):  # not empty (a run still going) or already gone
            if time.time() - group.stat().st_mtime > older_than:
                group.rmdir()
                removed += 1
    return removed


def _under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _works(argv: list[str]) -> bool:
    try:
        return subprocess.run(argv, capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _pids_root() -> Path | None:
    for base in PIDS_ROOTS:
        probe = base / f"guide-probe-{os.getpid()}-{threading.get_ident()}"
        try:
            probe.mkdir()
        except OSError:
            continue
        ok = (probe / "pids.max").exists()
        with contextlib.suppress(OSError):
            probe.rmdir()
        if ok:
            return base
    return None


@cache
def detect() -> Sandbox:
    """What this machine offers, probed once; what it lacks is logged once."""
    bwrap = shutil.which("bwrap")
    if bwrap:
        with tempfile.TemporaryDirectory(prefix="guide-probe-") as folder:
            if not _works(Sandbox(bwrap, None, None).command(["true"], Path(folder))):
                bwrap = None  # installed, but this kernel or container forbids its namespaces
    prlimit = shutil.which("prlimit")
    if prlimit and not _works([prlimit, "--nofile=1024", "--", "true"]):
        prlimit = None
    box = Sandbox(bwrap=bwrap, prlimit=prlimit, pids_root=_pids_root())
    if box.pids_root is not None:
        sweep_cgroups(box.pids_root)
    for gap in box.missing():
        log.warning("snippet containment: %s", gap)
    return box

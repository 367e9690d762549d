"""How one snippet run is contained: what the operating system offers, found once per process, and
the one owner of a run's life (:meth:`Sandbox.enter`).

A snippet is code from a pull request. Each run gets, where the OS allows:

* **bubblewrap** (``bwrap``, Debian's ``bubblewrap``):
  - a PID namespace: every process the run starts dies with it, whatever it does (``setsid``,
    double forks, daemons), also when the build itself is killed; a fresh ``/proc``: the build's
    processes and their environments are invisible;
  - the whole file system read-only but the run's own folder and ``/dev/shm``; the folders where
    other programs keep their sockets and private files (the build's ``$HOME``, ``/home``,
    ``/root``, the temp folders, ``/run``) replaced by empty read-only folders, into which only
    what the run needs is brought back: the repository and interpreters (read-only) and the sockets
    of the services it declared; no capabilities, no new privileges, a session of its own;
  - a network namespace of its own with loopback only: its own servers on 127.0.0.1 work, and
    the build's services it uses are brought in on their usual address (:mod:`buildkit.forward`,
    to their Unix sockets); nothing else is reachable, whatever the code does (raw sockets, UDP,
    ``python -I`` children). Only a run using a service over TCP that has no Unix socket to bring
    in keeps the machine's network, behind the Python-level guard (``inject/sitecustomize.py``);
* **an unprivileged user** (``setpriv``, when the build is root): the run is ``nobody``, so a
  socket or file it can still name (a root-only socket, ``/etc/shadow``) stays closed to it;
* **a folder of its own with a size** (a ``tmpfs``, when the build is root): its ``HOME`` and
  ``TMPDIR``, capped in bytes and files;
* **resource limits** (``prlimit``, util-linux): address space, CPU seconds, file size, open files
  per process;
* **cgroups**, where writable: how many processes the run may have at once (pids) and how much
  memory all of them together, ``/dev/shm`` and its folder included (memory); when the run ends,
  whatever is still in them is killed.

What the build reads back from the run's folder (its stderr copy, timeline, the files it opened) is
opened without following links, only when it is a regular file the run made, and bounded
(:meth:`Cell.read`).

Containment is a stated mode (:class:`buildkit.site.Site`, ``containment``): *required* under
``CI=true``, for deploys and with ``GUIDE_CONTAINMENT=required``, where a missing layer fails the
build (:meth:`Sandbox.require`); *best effort* elsewhere, where what is missing is said once and runs
go on without it. Whatever the build's own end, its warden (:mod:`buildkit.warden`) ends what its
runs left.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import psutil

from . import warden
from .forward import PROGRAM
from .warden import CGROUP_PREFIX, FOLDER_PREFIX, RUN_ID, kill_carrying, kill_cgroup, unmount

log = logging.getLogger("mkdocs.buildkit")

PIDS_ROOTS = (Path("/sys/fs/cgroup/pids"), Path("/sys/fs/cgroup"))  # cgroup v1, cgroup v2
MEMORY_ROOTS = (  # cgroup v1, v2: the root and the file that limits a group's memory
    (Path("/sys/fs/cgroup/memory"), "memory.limit_in_bytes"),
    (Path("/sys/fs/cgroup"), "memory.max"),
)
RUN_USER = 65534  # nobody: what a run is when the build is root
# Where other programs keep sockets and private files: empty inside a run (read-only), with only
# what the run needs brought back.
MASKED = ("/home", "/root", "/tmp", "/var/tmp", "/run")


class ContainmentError(RuntimeError):
    """Containment is required here, and a layer of it is missing (one line, no traceback)."""


@dataclass(frozen=True)
class Limits:
    """What one run may use: per process (address space, CPU, file size, open files) and in total."""

    memory: int = 3 << 30  # bytes of address space per process
    cpu_seconds: int = 120  # per process; the wall-clock timeout usually ends a run first
    file_size: int = 64 << 20  # bytes, the largest file a run may write
    open_files: int = 1024
    processes: int = 128  # at once, in the whole run (pids cgroup)
    run_memory: int = 4 << 30  # all the run's processes, its /dev/shm and its folder (memory cgroup)
    folder_size: int = 512 << 20  # bytes in the run's own folder (tmpfs)
    folder_files: int = 20_000  # files and folders in it


@dataclass(frozen=True)
class Sandbox:
    bwrap: str | None  # path of a working bwrap, or None
    prlimit: str | None
    pids_root: Path | None  # a cgroup folder where a run's pids cgroup can be made
    memory_root: Path | None = None  # a cgroup folder where a run's memory cgroup can be made
    setpriv: str | None = None  # the build is root: runs drop to RUN_USER through it
    mounts: bool = False  # a run's folder can be a tmpfs of its own size (the build is root)
    limits: Limits = Limits()
    owner: str = field(default_factory=lambda: f"{os.getpid()}-{uuid.uuid4().hex[:12]}")  # this build's id

    @property
    def uid(self) -> int:
        """Who a run is."""
        return RUN_USER if self.setpriv else os.geteuid()

    def missing(self) -> list[str]:
        gaps = []
        if not self.bwrap:
            gaps.append(
                "bubblewrap (bwrap): runs are not in their own PID namespace and can write outside their folder"
            )
        if not self.prlimit:
            gaps.append("prlimit: no memory/CPU/file-size limits per process")
        if not self.pids_root:
            gaps.append("no writable pids cgroup: no limit on the number of processes per run")
        if not self.memory_root:
            gaps.append("no writable memory cgroup: no limit on a run's total memory")
        if os.geteuid() == 0 and not self.setpriv:
            gaps.append("setpriv (util-linux): runs would be root")
        if os.geteuid() == 0 and not self.mounts:
            gaps.append("no tmpfs for a run's folder: its disk use is not capped")
        elif os.geteuid() != 0:
            gaps.append("not root: a run's folder cannot get a size of its own (tmpfs)")
        return gaps

    def require(self) -> None:
        """Fail, in one line, if any layer is missing (containment is required here)."""
        if gaps := self.missing():
            raise ContainmentError(
                "snippet containment is required here (CI=true, a deploy, or GUIDE_CONTAINMENT=required), "
                "but " + "; ".join(gaps) + ". On Debian/Ubuntu as root: apt-get install bubblewrap util-linux"
            )

    def command(
        self,
        argv: Sequence[str],
        cwd: Path,
        readable: Sequence[Path] = (),
        cgroups: Sequence[Path] = (),
        *,
        network: bool = False,
        forwards: Mapping[str, str] | None = None,
        sockets: Sequence[Path] = (),
    ) -> list[str]:
        """``argv`` wrapped to run contained in ``cwd`` (its only writable folder). ``readable``:
        folders the run needs (the repository, the interpreters), brought back where they sit in a
        masked folder. ``network``: the run talks to a service over TCP that cannot be brought in,
        so it keeps the machine's network (the runner's Python-level guard still allows loopback
        only). ``forwards``: ``{"127.0.0.1:PORT": unix socket}``, the build's services the run
        reaches on its own loopback. ``sockets``: folders or sockets of services the run connects
        to itself (a PostgreSQL socket folder), brought back read-only. ``cgroups``: the run's
        (:meth:`enter`), joined before anything of the run starts."""
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
        needed = [*sockets, *(Path(p) for p in (forwards or {}).values())]
        if self.bwrap and forwards and not network:
            forwarder = Path(sys.executable).resolve()  # its standard library only (-I -S)
            readable += [Path(PROGRAM).parent, forwarder.parents[1]]
            cmd = [str(forwarder), "-I", "-S", PROGRAM, *(f"{a}={p}" for a, p in forwards.items()), "--", *cmd]
        if self.setpriv:  # first of all inside the sandbox: even the forwarder is nobody
            cmd = [
                self.setpriv,
                f"--reuid={RUN_USER}",
                f"--regid={RUN_USER}",
                "--clear-groups",
                "--no-new-privs",
                "--bounding-set=-all",
                "--inh-caps=-all",
                "--",
                *cmd,
            ]
        if self.bwrap:
            wrap = [self.bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
            wrap += ["--perms", "1777", "--tmpfs", "/dev/shm"]  # private, and writable for nobody (semaphores)
            masks = _masks()
            for mask in masks:
                wrap += ["--tmpfs", str(mask)]
            brought = sorted({r for p in readable if any(_under(r := p.resolve(), m) for m in masks)})
            brought += sorted(set(needed) - set(brought))  # a socket connects on a read-only mount
            # the folders leading to them, which bubblewrap would make private (0700): open to the run
            for folder in sorted(
                {a for p in brought for m in masks if _under(p, m) for a in p.parents if m in a.parents}
            ):
                wrap += ["--perms", "0755", "--dir", str(folder)]
            for path in brought:
                wrap += ["--ro-bind", str(path), str(path)]
            wrap += ["--bind", str(cwd), str(cwd), "--chdir", str(cwd)]
            for mask in masks:  # last: the mounts above needed folders made in them
                wrap += ["--remount-ro", str(mask)]
            if not network:
                wrap.append("--unshare-net")
            wrap += ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--die-with-parent", "--new-session"]
            wrap += ["--cap-drop", "ALL"]
            if self.setpriv:  # what setpriv needs to become nobody; it drops them all
                wrap += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP"]
            wrap.append("--")
            cmd = wrap + cmd
        if cgroups:
            join = (
                'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1/cgroup.procs" || exit 125; shift; n=$((n-1)); done'
            )
            cmd = ["/bin/sh", "-c", join + '; exec "$@"', "sh", str(len(cgroups)), *map(str, cgroups), *cmd]
        return cmd

    def returncode(self, code: int) -> int:
        """The snippet's exit status as ``subprocess`` reports it: bubblewrap exits with 128 + N when
        its child died of signal N, which Python shows as -N."""
        if self.bwrap and 128 < code < 128 + 65:
            return 128 - code
        return code

    def make_cgroups(self, run_id: str) -> list[Path]:
        """The run's cgroups (pids, memory; one folder on cgroup v2), each with its limit."""
        made: list[Path] = []
        limits = []
        if self.pids_root is not None:
            limits.append((self.pids_root, "pids.max", str(self.limits.processes)))
        if self.memory_root is not None:
            name = "memory.max" if self.memory_root == self.pids_root else "memory.limit_in_bytes"
            limits.append((self.memory_root, name, str(self.limits.run_memory)))
        for root, name, value in limits:
            group = root / f"{CGROUP_PREFIX}{run_id}"
            try:
                if group not in made:
                    group.mkdir()
                    made.append(group)
                (group / name).write_text(value)
            except OSError:
                if group in made:
                    made.remove(group)
                    with contextlib.suppress(OSError):
                        group.rmdir()
        return made

    @contextlib.contextmanager
    def enter(self) -> Iterator[Cell]:
        """One run's life, from its folder and cgroups to the last kill: whatever way the run ends
        (its own exit, a timeout, an exception, cancellation), everything it started is killed, its
        cgroups removed and its folder deleted when this block is left. The build's warden is
        watching from the first run on, for a build that dies before it can do this."""
        roots = [r for r in (self.pids_root, self.memory_root) if r is not None]
        warden.start(self.owner, Path(tempfile.gettempdir()), tuple(dict.fromkeys(roots)))
        run_id = f"{self.owner}-{uuid.uuid4().hex}"
        folder = Path(tempfile.gettempdir()) / f"{FOLDER_PREFIX}{run_id}"
        folder.mkdir(mode=0o700)  # opened to others' traversal (0711) once the run owns it
        cell = Cell(self, run_id, folder, time.time())
        try:
            cell.mounted = self.mounts and _mount_tmpfs(folder, self.limits, self.uid)
            if not cell.mounted and self.setpriv:
                os.chown(folder, RUN_USER, RUN_USER)
                folder.chmod(0o711)
            cell.cgroups = self.make_cgroups(run_id)
            yield cell
        finally:
            cell.end(None)
            if cell.mounted:
                unmount(folder)
            shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Cell:
    """One run in its sandbox (:meth:`Sandbox.enter`): its id, folder and cgroups."""

    sandbox: Sandbox
    run_id: str
    folder: Path
    since: float  # time.time() when the run began
    cgroups: list[Path] = field(default_factory=list)
    mounted: bool = False

    def command(self, argv: Sequence[str], readable: Sequence[Path] = (), **options: object) -> list[str]:
        return self.sandbox.command(argv, self.folder, readable, self.cgroups, **options)  # type: ignore[arg-type]

    def environment(self, build_env: Mapping[str, str]) -> dict[str, str]:
        return {**build_env, RUN_ID: self.run_id}

    def end(self, pid: int | None) -> None:
        """Whatever the run left goes: its process group, what is in its cgroups; without cgroups,
        any process carrying its id (one that left the group, or bubblewrap's child when bubblewrap
        was killed while still setting up: it is not bound to bubblewrap's life yet)."""
        if pid is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, 9)
        for group in self.cgroups:
            remove_cgroup(group)
        if not self.cgroups:
            kill_carrying(self.run_id, self.since)

    def read(self, name: str, limit: int) -> bytes:
        """A file the run wrote in its folder, read back safely: not through a link, only a regular
        file of the run's own user with one name, at most ``limit`` bytes; anything else reads as
        empty. The run could have replaced it with a link to a secret, a FIFO or a hard link."""
        try:
            folder = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except OSError:
            return b""
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder)
        except OSError:
            return b""
        finally:
            os.close(folder)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1 or info.st_uid != self.sandbox.uid:
                return b""
            parts = []
            left = limit
            while left > 0 and (data := os.read(fd, min(left, 1 << 16))):
                parts.append(data)
                left -= len(data)
            return b"".join(parts)
        except OSError:
            return b""
        finally:
            os.close(fd)


def remove_cgroup(group: Path) -> None:
    """Kill what is still in a run's cgroup, then remove it. The cgroup holds every process the run
    started, whatever became of their process group or PID namespace: bubblewrap killed while it
    is still setting up leaves its child running (the child binds its life to bubblewrap's only
    later), with the snippet in it."""
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
    """Remove the empty cgroups of runs that ended without removing theirs (their build was
    killed). A young one may belong to a run starting right now in another build: left alone."""
    removed = 0
    for group in root.glob(f"{prefix}*"):
        with contextlib.suppress(OSError):  # not empty (a run still going) or already gone
            if time.time() - group.stat().st_mtime > older_than:
                group.rmdir()
                removed += 1
    return removed


def sweep_folders(tempdir: Path, older_than: float = 60.0, prefix: str = FOLDER_PREFIX) -> int:
    """Unmount and remove the run folders of builds that are gone and whose warden could not clean up
    (it was killed too). A folder's name starts with its build's id, ``<pid>-<hex>``: one whose
    build still runs, or that is young, is left alone."""
    removed = 0
    for folder in tempdir.glob(f"{prefix}*"):
        pid = folder.name.removeprefix(prefix).split("-", 1)[0]
        try:
            if not pid.isdigit() or psutil.pid_exists(int(pid)) or time.time() - folder.stat().st_mtime < older_than:
                continue
        except OSError:
            continue
        if os.path.ismount(folder):
            unmount(folder)
        shutil.rmtree(folder, ignore_errors=True)
        removed += 1
    return removed


def _masks() -> list[Path]:
    """The folders a run sees empty: outermost only, existing real folders, never ``/``."""
    found = sorted(
        {Path(p).resolve() for p in (*MASKED, str(Path.home()), tempfile.gettempdir()) if Path(p).is_dir()},
        key=lambda p: len(p.parts),
    )
    outer: list[Path] = []
    for path in found:
        if path != Path("/") and not any(_under(path, o) for o in outer):
            outer.append(path)
    return outer


def _under(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _mount_tmpfs(folder: Path, limits: Limits, uid: int) -> bool:
    options = f"size={limits.folder_size},nr_inodes={limits.folder_files},mode=0711,uid={uid},gid={uid},nosuid,nodev"
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "guide-run", str(folder)], capture_output=True, timeout=10
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _works(argv: list[str], attempts: int = 1) -> bool:
    for _ in range(attempts):
        try:
            if subprocess.run(argv, capture_output=True, timeout=20).returncode == 0:
                return True
        except (OSError, subprocess.TimeoutExpired):
            pass
    return False


# bwrap binds the whole file system read-only, every mount under it included, and fails when one of
# them goes away meanwhile: another run's folder (a tmpfs) unmounted at that very moment. It fails
# before anything of the run starts, so starting again is safe (the probe here, a run in the runner);
# a kernel that forbids its namespaces fails every time.
SETUP_ATTEMPTS = 3


def _cgroup_root(candidates: Sequence[tuple[Path, str]]) -> Path | None:
    for base, limit in candidates:
        probe = base / f"guide-probe-{os.getpid()}-{threading.get_ident()}"
        try:
            probe.mkdir()
        except OSError:
            continue
        ok = (probe / limit).exists()
        with contextlib.suppress(OSError):
            probe.rmdir()
        if ok:
            return base
    return None


@cache
def detect() -> Sandbox:
    """What this machine offers, probed once; what it lacks is logged once."""
    root = os.geteuid() == 0
    setpriv = shutil.which("setpriv") if root else None
    if setpriv and not _works([setpriv, f"--reuid={RUN_USER}", f"--regid={RUN_USER}", "--clear-groups", "true"]):
        setpriv = None
    bwrap = shutil.which("bwrap")
    with tempfile.TemporaryDirectory(prefix="guide-probe-") as folder:
        if setpriv:
            os.chown(folder, RUN_USER, RUN_USER)
            os.chmod(folder, 0o711)  # bubblewrap, root without capabilities, must enter it
        probe = Sandbox(bwrap, None, None, setpriv=setpriv).command(["true"], Path(folder)) if bwrap else []
        if bwrap and not _works(probe, SETUP_ATTEMPTS):
            bwrap = None  # installed, but this kernel or container forbids its namespaces
        mounts = root and _mount_tmpfs(Path(folder), Limits(), RUN_USER)
        if mounts:
            unmount(Path(folder))
    prlimit = shutil.which("prlimit")
    if prlimit and not _works([prlimit, "--nofile=1024", "--", "true"]):
        prlimit = None
    box = Sandbox(
        bwrap=bwrap,
        prlimit=prlimit,
        pids_root=_cgroup_root([(p, "pids.max") for p in PIDS_ROOTS]),
        memory_root=_cgroup_root(MEMORY_ROOTS),
        setpriv=setpriv,
        mounts=mounts,
    )
    for cgroup_root in {box.pids_root, box.memory_root} - {None}:
        assert cgroup_root is not None
        sweep_cgroups(cgroup_root)
    sweep_folders(Path(tempfile.gettempdir()))
    for gap in box.missing():
        log.warning("snippet containment: %s", gap)
    return box

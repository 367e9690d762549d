"""A snippet is a guest (issue 13): hostile mini-sites built with the real hook, and real builds
interrupted. Each test checks the outcome itself: files by hash, processes by pid, what a run saw.

Where this machine offers no sandbox (no working bubblewrap) the containment tests skip, saying
so; with CI=true they must run.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from buildkit.blocks import outputs
from buildkit.sandbox import detect

from .config import one_python
from .minisite import build, make_site, page_for, relay

pytestmark = pytest.mark.build

S = "snippets/t/guest.py"


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "site" not in p.relative_to(folder).parts[:1]
    }


WRITER = """\
import os
from pathlib import Path

repo = Path({repo!r})
targets = [
    repo / "docs" / "index.md",  # another page's Markdown
    repo / "snippets" / "t" / "guest.py",  # its own source: the page would show code that never ran
    repo / ".cache" / "planted.json",  # a cache entry for another snippet
    repo / "mkdocs.yml",
    Path({home!r}) / "planted.txt",  # the build's real home
    Path("/tmp") / "planted-{token}.txt",  # outside its own folder
]
for target in targets:
    try:
        with open(target, "a") as f:
            f.write("<script>alert(1)</script>")
        print("wrote", target.name)
    except OSError as e:
        print("refused", target.name, e.errno)
Path("mine.txt").write_text("a run may write its own folder")
print("own folder:", Path("mine.txt").read_text())
"""


def test_a_run_can_write_only_its_own_folder(tmp_path: Path, sandbox) -> None:
    token = os.urandom(4).hex()
    home = Path.home()
    code = WRITER.format(repo=str(tmp_path), home=str(home), token=token)
    site = make_site(tmp_path, {"index.md": page_for(S)}, {S: code})
    assert build(site).returncode == 0  # first build: the cache exists
    before = _digest(site)
    (site / ".cache" / "x").mkdir(exist_ok=True)  # so a planted file would be visible
    proc = build(site, GUIDE_REFRESH="1")
    assert proc.returncode == 0, proc.stderr[-3000:]
    shown = outputs((site / "site" / "index.html").read_text("utf-8"))[S].splitlines()
    assert [line.split()[0] for line in shown[:6]] == ["refused"] * 6, shown
    assert shown[6] == "own folder: a run may write its own folder"
    after = _digest(site)
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    rerun = {k for k in before if k.startswith(".cache/")}  # GUIDE_REFRESH stores the run again, same key
    assert changed - rerun == set(), changed
    assert not (home / "planted.txt").exists() and not Path(f"/tmp/planted-{token}.txt").exists()


SPY = """\
import os

secret = os.environ.get("GUIDE_TEST_SECRET")
found = 0
pids = [p for p in os.listdir("/proc") if p.isdigit()]
for pid in pids:
    try:
        with open(f"/proc/{{pid}}/environ", "rb") as f:
            found += {needle!r}.encode() in f.read()
    except OSError:
        pass
print("env:", secret)
print("processes seen:", len(pids), "with the secret:", found)
"""


def test_a_run_sees_no_secret_of_the_build(tmp_path: Path, sandbox) -> None:
    needle = "s3cr3t-" + os.urandom(6).hex()
    site = make_site(tmp_path, {"index.md": page_for(S)}, {S: SPY.format(needle=needle)})
    proc = build(site, GUIDE_TEST_SECRET=needle)
    assert proc.returncode == 0, proc.stderr[-3000:]
    env_line, procs_line = outputs((site / "site" / "index.html").read_text("utf-8"))[S].splitlines()
    assert env_line == "env: None"  # not in its environment
    seen = int(procs_line.split()[2])
    assert seen <= 3 and procs_line.endswith("with the secret: 0"), procs_line  # nor in any process it can see


LIMITS = """\
import subprocess

try:
    block = bytearray(8 << 30)
    print("allocated 8 GiB")
except MemoryError:
    print("8 GiB: MemoryError")
children = []
try:
    for _ in range(400):
        children.append(subprocess.Popen(["sleep", "30"]))
    print("started 400 processes")
except OSError as e:
    print("processes: stopped by", type(e).__name__)
for child in children:
    child.kill()
    child.wait()
"""


def test_a_run_has_memory_and_process_limits(tmp_path: Path, sandbox) -> None:
    site = make_site(tmp_path, {"index.md": page_for(S, timeout=120)}, {S: LIMITS})
    proc = build(site)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = outputs((site / "site" / "index.html").read_text("utf-8"))[S].splitlines()
    assert lines[0] == "8 GiB: MemoryError"
    if sandbox.pids_root is None:
        pytest.skip("no writable pids cgroup here: the process limit is not enforced")
    assert lines[1] == "processes: stopped by BlockingIOError", lines


# --- interrupts -------------------------------------------------------------------------------

SLOW_DB = """\
import asyncio
import os

import asyncpg


async def main() -> None:
    conn = await asyncpg.connect(os.environ["DATABASE_URL"])
    print("connected", flush=True)
    await asyncio.sleep(60)
    await conn.close()


asyncio.run(main())
"""


def _pg_folders(owner: int) -> list[Path]:
    found = []
    for folder in Path(tempfile.gettempdir()).glob("guide-pg-*"):
        try:
            if int((folder / "owner").read_text()) == owner:
                found.append(folder)
        except (OSError, ValueError):
            continue
    return found


def _postgres_of(folder: Path) -> list[int]:
    return [
        p.pid
        for p in psutil.process_iter(["name", "cmdline"])
        if "postgres" in (p.info["name"] or "") and str(folder) in " ".join(p.info["cmdline"] or [])
    ]


def _with(marker: str) -> list[int]:
    return [p.pid for p in psutil.process_iter(["cmdline"]) if marker in " ".join(p.info["cmdline"] or [])]


# A command typed in a terminal gets SIGINT at its default; a suite started in the background by a
# script without job control (``bash .ci/run &``) has it ignored, and every process it starts
# inherits that: Python then never raises KeyboardInterrupt. The build under test is started as
# the terminal would start it (exec keeps the default disposition).
FOREGROUND = [
    sys.executable,
    "-c",
    "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])",
]


def _start(site: Path, command: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDE_CACHE_DIR": str(site / ".cache"), **one_python()}
    if command == "build":
        args = ["build", "--strict", "-d", str(site / "site")]
    else:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            args = ["serve", "--no-livereload", "-a", f"127.0.0.1:{s.getsockname()[1]}"]
    return subprocess.Popen(
        [*FOREGROUND, sys.executable, "-m", "mkdocs", *args],
        cwd=site,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(site / "stderr.log").open("w"),  # a file: nobody has to read it while it runs
        start_new_session=True,  # it leads a process group of its own, as in a terminal
    )


def _wait_for(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"not within {seconds} s: {what}"
        time.sleep(0.1)


INTERRUPTS = {
    "build-SIGTERM": (signal.SIGTERM, os.kill),
    "build-SIGHUP": (signal.SIGHUP, os.kill),
    "build-SIGINT": (signal.SIGINT, os.kill),
    "build-Ctrl-C": (signal.SIGINT, os.killpg),  # what a terminal does: the whole foreground process group
    "build-SIGKILL": (signal.SIGKILL, os.kill),
    "serve-SIGTERM": (signal.SIGTERM, os.kill),
    "serve-Ctrl-C": (signal.SIGINT, os.killpg),
}


@pytest.mark.parametrize("how", list(INTERRUPTS))
def test_an_interrupted_build_or_serve_leaves_nothing(tmp_path: Path, how: str) -> None:
    sig, send = INTERRUPTS[how]
    site = make_site(tmp_path, {"index.md": page_for(S)}, {S: SLOW_DB})
    marker = str(site / S)  # on the command line of the snippet's process
    proc = _start(site, how.split("-")[0])
    try:
        _wait_for(lambda: _with(marker) != [], 120, "the snippet runs")
        folders = _pg_folders(proc.pid)
        assert len(folders) == 1, folders
        assert _postgres_of(folders[0]) != []
        send(proc.pid, sig)  # the build leads its own process group
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            pytest.fail(f"still running 30 s after {how}:\n{(site / 'stderr.log').read_text()[-3000:]}")
        if sig != signal.SIGKILL:  # unwound like Ctrl-C (not killed by the signal), its own cleanup done
            assert proc.returncode >= 0 and not folders[0].exists(), proc.returncode
        # SIGKILL skips every cleanup in the build: the runs die with it (their sandbox's parent is
        # gone; the warden ends one still being set up) and the watchdog stops PostgreSQL; the others
        # unwind like Ctrl-C.
        _wait_for(lambda: _with(marker) == [], 15, "the snippet is gone")
        _wait_for(lambda: not folders[0].exists(), 30, "PostgreSQL's folder is gone")
        assert _postgres_of(folders[0]) == []
        if sig != signal.SIGKILL:  # after SIGKILL, the next build sweeps it (its pid is gone)
            assert [p.name for p in site.iterdir() if p.name.startswith("site.")] == []
    finally:
        if proc.poll() is None:
            proc.kill()


def test_leftovers_of_a_killed_build_are_swept(tmp_path: Path) -> None:
    from buildkit import reaper

    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = tmp_path / f"{reaper.PREFIX}stale"
    (stale / "data").mkdir(parents=True)
    (stale / "owner").write_text(str(dead.pid))
    alive = tmp_path / f"{reaper.PREFIX}alive"
    alive.mkdir()
    (alive / "owner").write_text(str(os.getpid()))
    assert reaper.sweep(tmp_path) == [stale]
    assert not stale.exists() and alive.exists()


def test_a_run_gets_a_role_that_cannot_touch_other_databases(tmp_path: Path) -> None:
    """Also: the run reaches the database holding no capability at all (through the build's relay,
    not the server's private folder, which as root it could only search with CAP_DAC_READ_SEARCH)."""
    code = """\
import asyncio
import os

import asyncpg


async def main() -> None:
    status = dict(line.split(":\\t") for line in open("/proc/self/status").read().splitlines())
    print("capabilities:", int(status["CapEff"], 16))
    conn = await asyncpg.connect(os.environ["DATABASE_URL"])
    print("superuser:", await conn.fetchval("select rolsuper from pg_roles where rolname = current_user"))
    print("owns its database:", await conn.fetchval(
        "select pg_get_userbyid(datdba) = current_user from pg_database where datname = current_database()"))
    await conn.execute("create table t (x int)")
    for statement in ("drop database postgres", "create database other", "create role intruder"):
        try:
            await conn.execute(statement)
            print(statement, "-> done")
        except asyncpg.PostgresError as e:
            print(statement, "->", type(e).__name__)
    await conn.close()


asyncio.run(main())
"""
    site = make_site(tmp_path, {"index.md": page_for(S)}, {S: code})
    proc = build(site)
    assert proc.returncode == 0, proc.stderr[-3000:]
    ours = dict(line.split(":\t") for line in Path("/proc/self/status").read_text().splitlines())
    capabilities = 0 if detect().bwrap else int(ours["CapEff"], 16)
    assert outputs((site / "site" / "index.html").read_text("utf-8"))[S].splitlines() == [
        f"capabilities: {capabilities}",
        "superuser: False",
        "owns its database: True",
        "drop database postgres -> InsufficientPrivilegeError",
        "create database other -> InsufficientPrivilegeError",
        "create role intruder -> InsufficientPrivilegeError",
    ]


NETWORK = """\
import _socket
import os

print("net:", os.readlink("/proc/self/ns/net"))
s = _socket.socket(_socket.AF_INET, _socket.SOCK_DGRAM)  # below the Python-level guard
try:
    s.sendto(b"x", ("192.0.2.1", 53))
    print("udp: sent")
except OSError as e:
    print("udp:", type(e).__name__, e.errno)
"""


HTTP = """\
import os
import urllib.request

with urllib.request.urlopen(os.environ["HTTPBIN_URL"] + "/get") as response:
    print("http:", response.status)
"""


def test_a_run_has_no_network_but_its_own_loopback_and_the_services_it_uses(tmp_path: Path, sandbox) -> None:
    """Every run is in a network namespace of its own; one that uses the local HTTP server reaches it
    there, at HTTPBIN_URL unchanged, and nothing else."""
    other = "snippets/t/fetch.py"
    site = make_site(tmp_path, {"index.md": page_for(S, other)}, {S: NETWORK, other: NETWORK + HTTP})
    proc = build(site)
    assert proc.returncode == 0, proc.stderr[-3000:]
    shown = outputs((site / "site" / "index.html").read_text("utf-8"))
    ours = os.readlink("/proc/self/ns/net")
    for path in (S, other):
        lines = shown[path].splitlines()
        assert lines[0].startswith("net: net:[") and lines[0] != f"net: {ours}"  # a namespace of its own
        assert lines[1] == "udp: OSError 101"  # ENETUNREACH from the kernel, not from the guard
    assert shown[other].splitlines()[-1] == "http: 200"  # the build's server, brought into the namespace


DATABASE = """\
import asyncio

import asyncpg


async def main() -> None:
    conn = await asyncpg.connect(os.environ["DATABASE_URL"])
    print("db:", await conn.fetchval("SELECT 1"))
    await conn.close()


asyncio.run(main())
"""


def test_a_database_given_by_tcp_is_brought_into_the_runs_network(tmp_path: Path, sandbox) -> None:
    """The user's own PostgreSQL on 127.0.0.1 (here: the embedded one behind a TCP relay, logged in
    to as its admin, with its password): the runs reach it at DATABASE_URL's address inside their
    own network namespace, and nothing else."""
    from urllib.parse import urlsplit

    from buildkit.services import Services, unix_socket

    with Services(tmp_path) as services:
        admin = urlsplit(services.admin_dsn())
        server = unix_socket(admin.geturl())
        assert server is not None, admin.geturl()
        with relay(server) as port:
            site = make_site(tmp_path / "site", {"index.md": page_for(S)}, {S: NETWORK + DATABASE})
            url = f"postgresql://{admin.username}:{admin.password}@127.0.0.1:{port}/postgres"
            proc = build(site, DATABASE_URL=url)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = outputs((site / "site" / "index.html").read_text("utf-8"))[S].splitlines()
    assert lines[0] != f"net: {os.readlink('/proc/self/ns/net')}"  # a namespace of its own
    assert lines[1:] == ["udp: OSError 101", "db: 1"]


# --- an honest cache --------------------------------------------------------------------------


def test_a_stored_run_is_not_reused_when_a_file_it_opened_changed(tmp_path: Path) -> None:
    """Not only the snippet and the modules it imports itself: a module imported through another
    one, and a data file it reads, are recorded by the run and checked before reuse."""
    snippets = {
        S: "from pathlib import Path\n\nimport lib_a\n\n"
        'print(lib_a.VALUE, (Path(__file__).parent / "data.txt").read_text().strip())\n',
        "snippets/t/lib_a.py": "from lib_b import VALUE\n",
        "snippets/t/lib_b.py": "VALUE = 1\n",
        "snippets/t/data.txt": "first\n",
    }
    site = make_site(tmp_path, {"index.md": page_for(S)}, snippets)

    def shown() -> str:
        proc = build(site)
        assert proc.returncode == 0, proc.stderr[-3000:]
        return outputs((site / "site" / "index.html").read_text("utf-8"))[S]

    assert shown() == "1 first"
    (site / "snippets/t/lib_b.py").write_text("VALUE = 2\n")
    assert shown() == "2 first"
    (site / "snippets/t/data.txt").write_text("second\n")
    assert shown() == "2 second"
    (entry,) = (site / ".cache").rglob("*.json")  # one key: the entry was replaced each time, not added
    stored = entry.stat().st_mtime_ns
    assert shown() == "2 second"
    assert entry.stat().st_mtime_ns == stored  # nothing changed: served from the cache, not run again


def test_a_snippet_too_deep_for_the_code_readers_still_builds(tmp_path: Path) -> None:
    """5,000 terms in one expression: CPython runs it, but reading it (ast, vermin) recurses too deep."""
    code = "x = " + " + ".join(["1"] * 5000) + "\nprint(x)\n"
    site = make_site(tmp_path, {"index.md": page_for(S)}, {S: code})
    proc = build(site)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert outputs((site / "site" / "index.html").read_text("utf-8"))[S] == "5000"


def test_a_run_writes_its_own_folder_and_nothing_else_of_the_masked_ones(sandbox) -> None:
    """The temp folders, /run, /root, /home and the build's home are empty and read-only in a run; its
    own folder inside the masked temp folder is writable, as its user (not root where the build is)."""
    with sandbox.enter() as cell:
        script = (
            "id -u; echo mine > own.txt && cat own.txt; ls -A /tmp /run /root /home | grep -v : | grep -v snippet-;"
            " for d in /tmp /run /root; do touch $d/planted 2>/dev/null || echo refused; done"
        )
        proc = subprocess.run(cell.command(["sh", "-c", script]), cwd=cell.folder, capture_output=True, text=True)
        out = proc.stdout.split()
        assert out == [str(sandbox.uid), "mine", "refused", "refused", "refused"], proc
        if os.geteuid() == 0:
            assert sandbox.uid != 0
        assert not Path("/tmp/planted").exists() and not Path("/run/planted").exists()


def test_a_silent_database_server_fails_the_build_in_one_clear_line(tmp_path: Path) -> None:
    """A server that accepts connections and never answers: the build gives up after the connect
    timeout (5 s) once, with one line naming DATABASE_URL, not a traceback (one that answers the
    handshake and then stalls: tests/test_hostile_db.py)."""
    from buildkit.services import CONNECT_TIMEOUT

    from .test_guarantees import DB_SNIPPET

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"postgresql://postgres@127.0.0.1:{silent.getsockname()[1]}/postgres"
        site = make_site(
            tmp_path,
            {"index.md": page_for(S, "snippets/t/second.py")},
            {S: DB_SNIPPET, "snippets/t/second.py": DB_SNIPPET},
        )
        proc = build(site, timeout=120, DATABASE_URL=url)
    assert proc.returncode != 0
    errors = [line for line in proc.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, proc.stderr[-3000:]
    assert f"DATABASE_URL={url} 无法连接 ({CONNECT_TIMEOUT:g} 秒内没有应答)" in errors[0]
    assert "Traceback" not in proc.stderr


def test_cgroups_left_by_killed_builds_are_swept(sandbox) -> None:
    from buildkit.sandbox import remove_cgroup, sweep_cgroups

    if sandbox.pids_root is None:
        pytest.skip("no writable pids cgroup here")
    token = "test-" + os.urandom(4).hex()
    ours = f"guide-run-{token}"  # only this test's groups: other runs may be starting right now
    made = sandbox.make_cgroups(f"{token}-left") + sandbox.make_cgroups(f"{token}-busy")
    left, busy = (g for g in made if g.parent == sandbox.pids_root)
    sleeper = subprocess.Popen(["sh", "-c", 'echo $$ > "$0/cgroup.procs" && exec sleep 30', str(busy)])
    try:
        _wait_for(lambda: (busy / "cgroup.procs").read_text().strip() != "", 10, "the sleeper joined")
        assert sweep_cgroups(sandbox.pids_root, prefix=ours) == 0  # just made: a run may be starting in them
        assert left.exists() and busy.exists()
        assert sweep_cgroups(sandbox.pids_root, older_than=0, prefix=ours) == 1
        assert not left.exists() and busy.exists()  # the one with a live process stays
    finally:
        sleeper.kill()
        sleeper.wait()
        for group in made:
            remove_cgroup(group)
    assert not busy.exists()


def test_run_folders_of_builds_gone_with_their_warden_are_swept(sandbox, tmp_path: Path) -> None:
    """A build killed together with its warden leaves its runs' folders (tmpfs mounts where the
    build is root): the next build sweeps those of builds that are gone, not those of live ones."""
    from buildkit.sandbox import _mount_tmpfs, sweep_folders

    gone = subprocess.Popen(["true"])
    gone.wait()
    dead = tmp_path / f"snippet-{gone.pid}-{os.urandom(6).hex()}-x"
    live = tmp_path / f"snippet-{os.getpid()}-{os.urandom(6).hex()}-x"
    for folder in (dead, live):
        folder.mkdir()
        if sandbox.mounts:
            assert _mount_tmpfs(folder, sandbox.limits, sandbox.uid)
        os.utime(folder, (time.time() - 3600, time.time() - 3600))
    try:
        assert sweep_folders(tmp_path, older_than=3600 * 2) == 0  # young enough: a run may be starting
        assert sweep_folders(tmp_path) == 1
        assert not dead.exists() and live.exists()
        assert not os.path.ismount(dead)
    finally:
        if os.path.ismount(live):
            subprocess.run(["umount", "-l", str(live)], check=False)


def test_a_run_ends_with_everything_in_its_cgroup(sandbox) -> None:
    """bubblewrap killed while it is still setting up leaves its child running: that child is in no
    process group of the run, carries no id the runner looks for, and binds its life to
    bubblewrap's only later. Only the run's cgroup still holds it (here: a process just like it).
    Leaving the run's block ends it, removes its cgroups and its folder."""
    if sandbox.pids_root is None:
        pytest.skip("no writable pids cgroup here")
    with sandbox.enter() as cell:
        group = cell.cgroups[0]
        orphan = subprocess.Popen(
            ["sh", "-c", 'echo $$ > "$0/cgroup.procs" && exec env -i sleep 60', str(group)],
            start_new_session=True,
        )
        try:
            _wait_for(lambda: (group / "cgroup.procs").read_text().strip() != "", 10, "it joined the cgroup")
            (cell.folder / "left.txt").write_text("a file the run left")
        except BaseException:
            orphan.kill()
            raise
    try:
        assert orphan.wait(5) == -signal.SIGKILL
        assert not any(g.exists() for g in cell.cgroups)
        assert not cell.folder.exists()
    finally:
        orphan.kill()
        orphan.wait()


WARDED = """\
import contextlib, json, os, subprocess, sys, time
from buildkit.sandbox import Sandbox, detect
from buildkit.warden import RUN_ID

found = detect()
box = Sandbox(bwrap=None, prlimit=None, pids_root=found.pids_root, memory_root=found.memory_root, mounts=found.mounts)
sleep = ["sleep", "60"]
runs = contextlib.ExitStack()  # never closed: the build dies inside its runs
first = runs.enter_context(box.enter())
by_id = subprocess.Popen(sleep, env=first.environment(os.environ), start_new_session=True)
other = Sandbox(bwrap=None, prlimit=None, pids_root=None)  # another build's run: not this warden's
theirs = subprocess.Popen(sleep, env={**os.environ, RUN_ID: other.owner + "-x"}, start_new_session=True)
pids = {"by_id": by_id.pid, "theirs": theirs.pid}
cell = runs.enter_context(box.enter())
if cell.cgroups:  # in the run's cgroup only: no id in its environment
    script = 'echo $$ > "$0/cgroup.procs" && exec env -i sleep 60'
    pids["in_cgroup"] = subprocess.Popen(["sh", "-c", script, str(cell.cgroups[0])], start_new_session=True).pid
print(json.dumps(pids), flush=True)
print(json.dumps([str(p) for p in (first.folder, cell.folder, *cell.cgroups)]), flush=True)
time.sleep(60)
"""


def test_the_runs_of_a_killed_build_are_ended_by_its_warden(sandbox, tmp_path: Path) -> None:
    """bubblewrap killed with the build while still setting up a run leaves the run going (see
    ``test_a_run_ends_with_everything_in_its_cgroup``); a SIGKILLed build runs no cleanup, so its
    warden ends its runs: here, processes that only its run id or its run's cgroup tie to it."""
    from buildkit import PACKAGE

    build = subprocess.Popen(
        [sys.executable, "-c", WARDED], cwd=PACKAGE.parent, stdout=subprocess.PIPE, start_new_session=True
    )
    assert build.stdout is not None
    pids = json.loads(build.stdout.readline())
    left = [Path(p) for p in json.loads(build.stdout.readline())]  # the runs' folders and cgroups
    procs = {name: psutil.Process(pid) for name, pid in pids.items()}
    try:
        assert all(p.is_running() for p in procs.values())
        assert all(p.exists() for p in left)
        if sandbox.pids_root is not None:
            assert "in_cgroup" in procs
        build.kill()
        build.wait()
        _, alive = psutil.wait_procs([p for name, p in procs.items() if name != "theirs"], timeout=10)
        assert alive == [], alive
        assert procs["theirs"].is_running()  # another build's run is left alone
        _wait_for(lambda: not any(p.exists() for p in left), 10, "the runs' folders and cgroups are removed")
    finally:
        for p in procs.values():
            with contextlib.suppress(psutil.Error):
                p.kill()


HOLD_PGSERVER_LOCK = """\
import sys, time, warnings
warnings.simplefilter("ignore")
from pgserver.postgres_server import PostgresServer
PostgresServer._lock.acquire()
print("held", flush=True)
time.sleep(60)
"""


def test_stopping_the_database_waits_for_no_other_build(tmp_path: Path) -> None:
    """pgserver guards every server start on the machine with one lock: the build's clean-up
    (Ctrl-C, SIGTERM, a normal end) must not wait for it while another build's server starts (the
    build uses pgserver's programs only, never its class; the start: tests/test_hostile_db.py)."""
    import threading

    from buildkit.services import Services

    services = Services(tmp_path)
    services.admin_dsn()
    holder = subprocess.Popen([sys.executable, "-c", HOLD_PGSERVER_LOCK], stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
        closing = threading.Thread(target=services.close)
        closing.start()
        closing.join(15)
        waited = closing.is_alive()
    finally:
        holder.kill()
        holder.wait()
    closing.join()
    assert not waited, "Services.close waited for pgserver's machine-wide lock"


FLAKY_BWRAP = """#!/bin/sh
# bubblewrap failing its first set-up the way it does when another run's folder is unmounted while
# it binds the file system, then the real one
if [ ! -e "{marker}" ]; then
    : > "{marker}"
    echo "bwrap: Can't bind mount /oldroot/tmp/guide-run-x on /newroot/tmp/guide-run-x: No such file or directory" >&2
    exit 1
fi
exec {real} "$@"
"""


def test_a_bwrap_set_up_failing_once_does_not_lose_the_sandbox(sandbox, tmp_path: Path, monkeypatch) -> None:
    """The machine's probe runs while other builds' runs come and go: one failed set-up must not
    turn containment off (under CI=true that fails the build)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    fake = folder / "bwrap"
    fake.write_text(FLAKY_BWRAP.format(marker=tmp_path / "failed-once", real=sandbox.bwrap))
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    found = detect.__wrapped__()
    assert (tmp_path / "failed-once").exists(), "the probe did not run the bwrap under test"
    assert found.bwrap == str(fake), found.missing()

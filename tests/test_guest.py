"""A snippet is a hostile guest: the ways out that an adversarial review found, each tried for real.

Every test plays the attacker through the real machinery (a mini-site built with the real hook, or
one run in the real sandbox) and checks the outcome itself: what the run could reach, what the page
shows, what the machine still holds. Where this machine offers no sandbox the tests skip, saying so;
with CI=true they must run (``tests/test_containment.py``'s fixture).
"""

from __future__ import annotations

import dataclasses
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from buildkit.blocks import outputs
from buildkit.sandbox import ContainmentError, Limits, Sandbox, detect
from buildkit.site import Site

from .minisite import build, make_site, page_for

pytestmark = pytest.mark.build

S = "snippets/t/guest.py"

REACH = """\
import os
import socket

print("uid:", os.getuid())
for path in {sockets!r}:
    s = socket.socket(socket.AF_UNIX)
    try:
        s.connect(path)
        print("reached", os.path.basename(path))
    except OSError as e:
        print("refused", os.path.basename(path), type(e).__name__)
    finally:
        s.close()
for path in ("/etc/shadow", {secret!r}):
    try:
        open(path).read()
        print("read", os.path.basename(path))
    except OSError as e:
        print("refused", os.path.basename(path), type(e).__name__)
"""


def _listening(path: Path, mode: int) -> socket.socket:
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(path))
    path.chmod(mode)
    s.listen()
    return s


def test_no_socket_or_private_file_of_the_machine_is_reachable(tmp_path: Path, sandbox: Sandbox) -> None:
    """A run that declares no service reaches no Unix socket: not one that anyone may use in the temp
    folder (like the build's httpbin and database relay), not a root-only one where the run can see
    it (like Docker's), and no root-only file; where the build is root, the run is not."""
    site = make_site(tmp_path / "site", {"index.md": page_for(S)}, {S: ""})
    open_sock = tmp_path / "open.sock"  # under the temp folder: hidden from runs
    private = site / "private.sock"  # in the repository, which runs see: closed to them by its mode
    secret = site / "key.pem"
    secret.write_text("-----BEGIN KEY-----")
    secret.chmod(0o600)
    (site / S).write_text(REACH.format(sockets=[str(open_sock), str(private)], secret=str(secret)))
    servers = [_listening(open_sock, 0o777), _listening(private, 0o600)]
    try:
        proc = build(site)
    finally:
        for s in servers:
            s.close()
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = outputs((site / "site" / "index.html").read_text("utf-8"))[S].splitlines()
    assert lines[0] == f"uid: {sandbox.uid}"
    if os.geteuid() == 0:
        assert sandbox.uid != 0, "runs are root"
    assert lines[1] == "refused open.sock FileNotFoundError", lines
    assert lines[2] == "refused private.sock PermissionError", lines
    assert lines[3:] == ["refused shadow PermissionError", "refused key.pem PermissionError"], lines


LINKS = """\
import os
import sys

copy = os.environ["GUIDE_STDERR_COPY"]
folder = os.path.dirname(copy)
os.symlink({secret!r}, copy + ".new")
os.replace(copy + ".new", copy)  # the build's copy of stderr is now a link to the secret
os.symlink({secret!r}, os.path.join(folder, ".inputs"))
os.mkfifo(os.path.join(folder, ".timeline.jsonl"))  # a reader that blocks on it would hang the build
print("planted", flush=True)
print("to stderr", file=sys.stderr, flush=True)
os._exit(0)  # no clean-up at exit: what it planted stays for the build to read
"""


def test_the_build_follows_no_link_the_run_left_in_its_folder(tmp_path: Path, sandbox: Sandbox) -> None:
    """The build reads back files from the run's folder (its stderr copy, timeline, opened files):
    replaced by links to a secret, or by a FIFO, they read as empty, and nothing hangs."""
    token = "s3cr3t-" + os.urandom(6).hex()
    secret = tmp_path / "secret.txt"
    secret.write_text(token)
    site = make_site(
        tmp_path / "site",
        {"index.md": page_for(S, stderr=True, timeline=True, timeout=60)},
        {S: LINKS.format(secret=str(secret))},
    )
    started = time.monotonic()
    proc = build(site)
    assert time.monotonic() - started < 60
    assert proc.returncode == 0, proc.stderr[-3000:]
    html = (site / "site" / "index.html").read_text("utf-8")
    assert outputs(html)[S].splitlines()[0] == "planted"
    assert token not in html and token not in proc.stderr and token not in proc.stdout
    assert not any(token in p.read_text("utf-8", errors="replace") for p in (site / ".cache").rglob("*.json"))


PYTHON = Path(sys.executable).resolve()  # the interpreter itself, not the venv's link to it (hidden in /tmp)


def _small(sandbox: Sandbox) -> Sandbox:
    """The machine's sandbox with small totals, so that exceeding them is quick."""
    limits = Limits(run_memory=256 << 20, folder_size=32 << 20, folder_files=2000)
    return dataclasses.replace(sandbox, limits=limits)


HOG = """\
import os, subprocess, sys
where = sys.argv[1]
if where == "memory":  # 6 processes of 100 MiB each, each within its own limit, 600 MiB together
    code = "b = bytearray(100 << 20); import time; time.sleep(3); print('held')"
    procs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(6)]
    print("held by all:", sum(p.wait() == 0 for p in procs) == 6)
else:
    folder = "/dev/shm" if where == "shm" else "."
    written = 0
    try:
        for i in range(100):
            with open(os.path.join(folder, f"f{i}"), "wb") as f:
                f.write(b"x" * (8 << 20))
            written += 8
    except OSError as e:
        print(type(e).__name__, flush=True)
    print("MiB written:", written)
"""


@pytest.mark.parametrize("where", ["memory", "folder"])
def test_a_runs_memory_and_disk_are_capped_as_a_whole(sandbox: Sandbox, where: str) -> None:
    """Not per process only: all the run's processes together, and its own folder, have a total."""
    box = _small(sandbox)
    if where == "memory" and box.memory_root is None:
        pytest.skip("no writable memory cgroup here")
    if where == "folder" and not box.mounts:
        pytest.skip("the build is not root: a run's folder has no size of its own")
    with box.enter() as cell:
        proc = subprocess.run(
            cell.command([str(PYTHON), "-I", "-c", HOG, where], [PYTHON.parents[1]]),
            cwd=cell.folder,
            capture_output=True,
            text=True,
            timeout=60,
        )
    if where == "memory":
        assert "held by all: False" in proc.stdout, proc  # some were stopped: 600 MiB > 256 MiB
    else:
        assert proc.stdout.split("\n")[:2] == ["OSError", "MiB written: 32"], proc  # 32 MiB: no fifth file


def test_dev_shm_counts_towards_the_runs_memory(sandbox: Sandbox) -> None:
    box = _small(sandbox)
    if box.memory_root is None or not box.bwrap:
        pytest.skip("no writable memory cgroup or no bubblewrap here")
    with box.enter() as cell:
        proc = subprocess.run(
            cell.command([str(PYTHON), "-I", "-c", HOG, "shm"], [PYTHON.parents[1]]),
            cwd=cell.folder,
            capture_output=True,
            text=True,
            timeout=60,
        )
    written = [int(line.split()[-1]) for line in proc.stdout.splitlines() if line.startswith("MiB written")]
    assert proc.returncode != 0 or (written and written[0] < 300), proc  # stopped well before 800 MiB


def test_containment_required_fails_closed_in_one_line(tmp_path: Path) -> None:
    """Under CI=true (and GUIDE_CONTAINMENT=required) a machine without a layer fails the build,
    naming what is missing; elsewhere the same machine runs with a warning."""
    missing = Sandbox(bwrap=None, prlimit=None, pids_root=None)
    with pytest.raises(ContainmentError, match=r"bubblewrap \(bwrap\)") as caught:
        missing.require()
    assert "\n" not in str(caught.value)
    assert detect().missing() == [] or not os.environ.get("CI"), detect().missing()  # CI has every layer
    for env, required in (
        ({"CI": "true"}, True),
        ({"GUIDE_CONTAINMENT": "required"}, True),
        ({"CI": "true", "GUIDE_CONTAINMENT": "best-effort"}, False),
        ({}, False),
    ):
        assert Site.create(tmp_path, tmp_path / "docs", env).containment_required is required, env
    with pytest.raises(ValueError, match="GUIDE_CONTAINMENT"):
        Site.create(tmp_path, tmp_path / "docs", {"GUIDE_CONTAINMENT": "off"})


def test_a_build_without_a_layer_fails_when_containment_is_required(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"index.md": page_for(S)}, {S: 'print("ran")\n'})
    bin_dir = tmp_path / "bin"  # PATH without bubblewrap: what a machine without it looks like
    bin_dir.mkdir()
    for tool in ("sh", "true", "prlimit", "setpriv", "mount", "umount", "git"):
        if found := _which(tool):
            (bin_dir / tool).symlink_to(found)
    path = os.pathsep.join([str(Path(sys.executable).parent), str(bin_dir)])
    proc = build(site, PATH=path, GUIDE_CONTAINMENT="required")
    assert proc.returncode != 0
    errors = [line for line in proc.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and "bubblewrap" in errors[0], proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    proc = build(site, PATH=path, GUIDE_CONTAINMENT="best-effort")  # a warning, which --strict counts
    assert "WARNING -  snippet containment: bubblewrap (bwrap)" in proc.stderr, proc.stderr[-3000:]


def _which(tool: str) -> str | None:
    import shutil

    return shutil.which(tool)


def test_contended_exclusive_runs_are_measured_again_only_within_the_builds_budget(monkeypatch) -> None:
    """A run that makes its own contention (its database's back ends) looks contended every time:
    measured again per run at most EXCLUSIVE_ATTEMPTS times, and across the build only while the
    build's retries last (it once took 17.7 s for a 5 s run, with nothing capping a build)."""
    import asyncio

    from buildkit import runner
    from buildkit.model import Result, Spec
    from buildkit.pythons import Interpreter

    calls: list[str] = []

    async def contended(spec: Spec, *args: object, **kwargs: object) -> Result:
        calls.append(spec.path)
        return Result(spec=spec, returncode=0, output="", stderr="", duration=1.0, contention=1.5)

    monkeypatch.setattr(runner, "run_snippet", contended)
    monkeypatch.setattr(runner, "wait_until_quiet", lambda quiet: 0.0)
    interp = Interpreter(version=(3, 13, 0), base=Path(sys.executable), venvs=Path("/nonexistent"))
    jobs = [(Spec(path=f"snippets/t/x{i}.py", exclusive=True), interp) for i in range(4)]
    results = asyncio.run(runner.run_many(jobs, Path("."), parallel=1, sandbox=detect()))
    assert [r.contention for r in results] == [1.5] * 4
    per_run = {path: calls.count(path) for path in dict.fromkeys(calls)}
    assert sum(per_run.values()) == 4 + runner.RETRIES_PER_BUILD, per_run
    assert max(per_run.values()) <= runner.EXCLUSIVE_ATTEMPTS, per_run

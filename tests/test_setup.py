"""scripts/setup: a clear one-line answer for a Python that is too old or has no venv module, and a
stale .venv is replaced instead of trapping you. Each test runs the real script in a temp copy of
the repository's layout with an empty requirements.txt (pip runs, but installs nothing).

Set-up says what it is doing: a line before each step that has work to do (and, for the snippet
environments made concurrently, one as each is done), nothing when there is none."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from buildkit import pythons

from .config import ROOT

BASE_PYTHON = Path(getattr(sys, "_base_executable", sys.executable)).resolve()  # not .venv's python
PY310 = next(
    (
        str(p)
        for p in [Path.home() / ".pyenv/versions/3.10.13/bin/python", shutil.which("python3.10")]
        if p and Path(p).is_file()
    ),
    None,
)
needs_310 = pytest.mark.skipif(PY310 is None, reason="no Python 3.10 on this machine")


def _copy(tmp: Path) -> Path:
    (tmp / "scripts").mkdir(parents=True)
    shutil.copy2(ROOT / "scripts" / "setup", tmp / "scripts" / "setup")
    (tmp / "requirements.txt").write_text("", "utf-8")
    return tmp


def _setup(repo: Path, python: str | Path | None, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHON", "VIRTUAL_ENV"}} | extra
    if python is not None:
        env["PYTHON"] = str(python)
    return subprocess.run(
        ["bash", str(repo / "scripts" / "setup")], env=env, capture_output=True, text=True, timeout=300
    )


def _venv_version(repo: Path) -> str:
    out = subprocess.run(
        [repo / ".venv/bin/python", "-c", "import sys; print(sys.version_info[:2])"], capture_output=True
    )
    return out.stdout.decode().strip()


@needs_310
def test_too_old_python_fails_with_one_line_before_anything_else(tmp_path: Path) -> None:
    repo = _copy(tmp_path)
    proc = _setup(repo, PY310)
    assert proc.returncode != 0
    lines = (proc.stdout + proc.stderr).strip().splitlines()
    assert len(lines) == 1, lines
    assert "3.11" in lines[0] and "Python 3.10" in lines[0] and "PYTHON=" in lines[0]
    assert not (repo / ".venv").exists()  # nothing was created, pip never started


def test_not_a_python_fails_with_one_line(tmp_path: Path) -> None:
    proc = _setup(_copy(tmp_path), tmp_path / "no-such-python")
    assert proc.returncode != 0
    assert len((proc.stdout + proc.stderr).strip().splitlines()) == 1
    assert "not a working Python" in proc.stderr


def test_broken_venv_is_recreated(tmp_path: Path) -> None:
    """A .venv whose python is a dangling symlink (its interpreter was removed or upgraded away)."""
    repo = _copy(tmp_path)
    (repo / ".venv/bin").mkdir(parents=True)
    (repo / ".venv/bin/python").symlink_to(tmp_path / "gone" / "python3.11")
    proc = _setup(repo, BASE_PYTHON)
    assert proc.returncode == 0, proc.stderr
    assert "recreating .venv (its python does not run)" in proc.stderr
    # the first install says so before pip starts, and pip is not silenced
    lines = proc.stderr.splitlines()
    assert any("installing requirements.txt" in line and "first time" in line for line in lines), lines
    assert proc.stdout  # pip's own output ("Looking in indexes", …) is shown
    assert _venv_version(repo) == str(sys.version_info[:2])
    assert (repo / ".venv/.requirements.sha256").is_file()
    again = _setup(repo, BASE_PYTHON)  # now healthy and installed: nothing to do, nothing said
    assert again.returncode == 0 and again.stderr == "" and again.stdout == ""


@needs_310
def test_venv_on_too_old_python_is_recreated(tmp_path: Path) -> None:
    repo = _copy(tmp_path)
    (repo / ".venv/bin").mkdir(parents=True)
    (repo / ".venv/bin/python").symlink_to(PY310)  # type: ignore[arg-type]
    proc = _setup(repo, BASE_PYTHON)
    assert proc.returncode == 0, proc.stderr
    assert "recreating .venv (it has Python 3.10)" in proc.stderr
    assert _venv_version(repo) == str(sys.version_info[:2])


def test_missing_venv_module_names_the_debian_package(tmp_path: Path) -> None:
    """Debian/Ubuntu ship `venv` (ensurepip) separately: `python3 -m venv` fails without python3-venv."""
    repo = _copy(tmp_path)
    fake = tmp_path / "python3"
    fake.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then\n'
        '  mkdir -p "$3/bin"; echo "The virtual environment was not created successfully because ensurepip'
        ' is not available." >&2; exit 1\n'
        "fi\n"
        f'exec "{BASE_PYTHON}" "$@"\n'
    )
    fake.chmod(0o755)
    proc = _setup(repo, fake)
    assert proc.returncode != 0
    assert "python3-venv" in proc.stderr.splitlines()[-1]
    assert not (repo / ".venv").exists()  # the half-made .venv is not left behind to trap the next run


def test_npm_install_is_said_before_it_starts_and_only_when_the_lock_changed(tmp_path: Path) -> None:
    repo = _copy(tmp_path / "repo")
    (repo / "package-lock.json").write_text('{"lockfileVersion": 3}\n', "utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    npm = bin_dir / "npm"  # a stand-in: what `npm ci` leaves behind, and when it ran
    npm.write_text(f'#!/bin/sh\nmkdir -p node_modules && echo ran >> "{tmp_path}/npm.log"\n')
    npm.chmod(0o755)
    env_path = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"
    proc = _setup(repo, BASE_PYTHON, PATH=env_path)
    assert proc.returncode == 0, proc.stderr
    said = [line for line in proc.stderr.splitlines() if "node_modules" in line]
    assert said == ["scripts/setup: installing node_modules (npm ci: package-lock.json changed)"], proc.stderr
    again = _setup(repo, BASE_PYTHON, PATH=env_path)
    assert again.returncode == 0 and again.stderr == "" and again.stdout == ""
    assert (tmp_path / "npm.log").read_text() == "ran\n"


def _interp(minor: int, venvs: Path) -> pythons.Interpreter:
    return pythons.Interpreter((3, minor, 1), Path(f"/opt/python3.{minor}"), venvs)


def test_snippet_environments_say_each_one_made_as_it_is_done(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[str] = []

    def create(interp: pythons.Interpreter) -> str | None:  # a stand-in for venv + pip install
        made.append(interp.minor)
        return "pip: no wheel" if interp.minor == "3.11" else None

    monkeypatch.setattr(pythons, "is_ready", lambda i: i.minor == "3.13" or (i.minor in made and i.minor != "3.11"))
    monkeypatch.setattr(pythons, "create", create)
    said: list[str] = []
    ready = pythons.prepare([_interp(m, tmp_path) for m in (13, 12, 11)], log=said.append)
    assert [i.minor for i in ready] == ["3.13", "3.12"] and sorted(made) == ["3.11", "3.12"]
    assert said[0] == f"snippet environments: creating 3.12, 3.11 (pip install -r {pythons.REQUIREMENTS.name})"
    assert sorted(re.sub(r"\(\d+ s\)", "(N s)", line) for line in said[1:]) == [  # as each is done (concurrently)
        "snippet environments: Python 3.11.1 left out: pip: no wheel",
        "snippet environments: Python 3.12.1 ready (N s)",
    ]
    said.clear()
    pythons.prepare([_interp(13, tmp_path)], log=said.append)  # nothing to do: nothing said
    assert said == []


def test_fetching_interpreters_is_said_before_it_starts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = {"PATH": "", "GUIDE_PYTHON_CACHE": str(tmp_path / "fetched")}
    have = [_interp(m, tmp_path) for m in range(10, 16)]
    monkeypatch.setattr(pythons, "discover", lambda env: have)
    said: list[str] = []
    assert pythons.complete(env, log=said.append) == {}
    assert said == []  # every version here: nothing fetched, nothing said
    have = [i for i in have if i.minor != "3.15"]

    def fetch(minors: list[str], cache: Path, log: object) -> None:
        said.append(f"fetch {minors}")
        raise pythons.debian.FetchError("the apt sources name no Debian archive")

    monkeypatch.setattr(pythons.debian, "fetch", fetch)
    assert pythons.complete(env, log=said.append) == {
        "3.15": "Debian's packages: the apt sources name no Debian archive"
    }
    assert said == [
        f"Python 3.15: fetching from Debian's {pythons.debian.SUITE} packages (apt-get; about a minute)",
        "fetch ['3.15']",
    ]

"""scripts/setup: a clear one-line answer for a Python that is too old or has no venv module, and a
stale .venv is replaced instead of trapping you. Each test runs the real script in a temp copy of
the repository's layout with an empty requirements.txt (pip runs, but installs nothing)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
    (tmp / "scripts").mkdir()
    shutil.copy2(ROOT / "scripts" / "setup", tmp / "scripts" / "setup")
    (tmp / "requirements.txt").write_text("", "utf-8")
    return tmp


def _setup(repo: Path, python: str | Path | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHON", "VIRTUAL_ENV"}}
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

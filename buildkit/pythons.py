"""The CPythons the snippets run on: found on the machine, each with its own small environment.

Every CPython 3.10+ that ``PATH``, pyenv's versions folder, uv's managed interpreters or the
project's own interpreter cache (:mod:`buildkit.debian`) hold is a candidate; one per minor version
(the newest patch release) is kept, free-threaded builds aside. ``GUIDE_PYTHONS=3.12,3.13``
(versions or paths, comma- or space-separated) picks them instead.

:func:`complete` gets the supported versions this machine lacks (``OLDEST`` to ``NEWEST``): first
from uv where it can download, then from Debian's binary packages (:mod:`buildkit.debian`), into
:func:`fetched_folder` (outside the clone, so that every clone reuses them). ``GUIDE_FETCH_PYTHONS=0`` turns
that off.

Each interpreter gets a virtual environment under ``.cache/pythons/<X.Y>`` with exactly what the
snippets import, pinned in ``requirements-snippets.txt``. :func:`prepare` (run by ``scripts/setup``)
creates the missing ones and recreates those whose pins or interpreter changed; the build only uses
environments that are ready (:func:`ready`). The newest ready interpreter produces a page's main output.

``python -m buildkit.pythons`` prepares them and says which versions it has; on stderr, a line before
each slow step it takes (an interpreter fetched, environments made) and one as each environment is
done. With nothing to do, the versions are the only line.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from . import PACKAGE, debian

OLDEST = (3, 10)
NEWEST = (3, 15)  # the newest released CPython (3.15.0: October 2026)
SUPPORTED = [f"3.{m}" for m in range(OLDEST[1], NEWEST[1] + 1)]
REQUIREMENTS = PACKAGE.parent / "requirements-snippets.txt"
VENVS = PACKAGE.parent / ".cache" / "pythons"
STAMP = ".guide-stamp.json"
PIP_OPTIONS = ("--only-binary", ":all:", "-r", str(REQUIREMENTS))
_PROBE = (
    "import json, platform, sys, sysconfig; print(json.dumps([platform.python_implementation(), "
    "list(sys.version_info[:3]), sys.base_prefix, bool(sysconfig.get_config_var('Py_GIL_DISABLED'))]))"
)


@dataclass(frozen=True)
class Runtime:
    """What a snippet environment's interpreter says of itself, asked once per process."""

    version: str  # sys.version: the exact build (part of the cache key)
    paths: dict[str, str]  # sysconfig.get_paths(): where its standard library and packages are


@cache
def runtime(python: str) -> Runtime:
    code = "import json, sys, sysconfig; print(json.dumps([sys.version, sysconfig.get_paths()]))"
    out = subprocess.run([python, "-I", "-c", code], capture_output=True, text=True, timeout=30).stdout
    version, paths = json.loads(out)
    return Runtime(version, paths)


class PythonsError(RuntimeError):
    """No usable interpreter, or one named in GUIDE_PYTHONS is not there."""


@dataclass(frozen=True, order=True)
class Interpreter:
    """One CPython found on the machine, and its snippet environment."""

    version: tuple[int, int, int]
    base: Path = field(compare=False)  # the interpreter found on the machine
    venvs: Path = field(default=VENVS, compare=False)  # where the environments live

    @property
    def minor(self) -> str:
        return "{}.{}".format(*self.version)

    @property
    def full(self) -> str:
        return "{}.{}.{}".format(*self.version)

    @property
    def venv(self) -> Path:
        return self.venvs / self.minor

    @property
    def python(self) -> str:
        """The interpreter of this version's snippet environment: what runs the snippets."""
        return str(self.venv / "bin" / "python")


def _probe(exe: Path) -> Interpreter | None:
    try:
        out = subprocess.run([str(exe), "-I", "-c", _PROBE], capture_output=True, text=True, timeout=20)
        impl, version, _base_prefix, free_threaded = json.loads(out.stdout)
    except (OSError, subprocess.SubprocessError, ValueError, TypeError):
        return None
    if impl != "CPython" or free_threaded or tuple(version[:2]) < OLDEST:
        return None
    return Interpreter((int(version[0]), int(version[1]), int(version[2])), exe)


def _candidates(env: Mapping[str, str]) -> Iterator[Path]:
    for folder in env.get("PATH", "").split(os.pathsep):
        if folder and ".pyenv/shims" not in folder:  # shims fail for versions not selected
            for name in ("python3", *(f"python3.{m}" for m in range(OLDEST[1], 20))):
                yield Path(folder) / name
    pyenv = Path(env.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    uv = Path(env.get("UV_PYTHON_INSTALL_DIR") or Path.home() / ".local/share/uv/python")
    for root in (pyenv, uv):
        if root.is_dir():
            for exe in sorted(root.glob("*/bin/python3")):
                if not _older_by_name(exe.parent.parent.name):
                    yield exe
    yield from debian.installed(fetched_folder(env))


def fetched_folder(env: Mapping[str, str] = os.environ) -> Path:
    """Where fetched interpreters live: ``GUIDE_PYTHON_CACHE``, else the user's cache folder."""
    if env.get("GUIDE_PYTHON_CACHE"):
        return Path(env["GUIDE_PYTHON_CACHE"])
    return Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "asyncio-guide" / "pythons"


def _older_by_name(folder: str) -> bool:
    """pyenv's "3.9.18", uv's "cpython-3.9.18-linux-x86_64-gnu": too old to be worth starting."""
    m = re.search(r"(?:^|-)(\d+)\.(\d+)\.", folder)
    return m is not None and (int(m[1]), int(m[2])) < OLDEST


def discover(env: Mapping[str, str] = os.environ) -> list[Interpreter]:
    """Every CPython 3.10+ here, one per minor version (the newest patch), newest first."""
    seen: set[Path] = set()
    exes = []
    for exe in _candidates(env):
        if exe.is_file() and os.access(exe, os.X_OK) and (real := exe.resolve()) not in seen:
            seen.add(real)
            exes.append(exe)
    with ThreadPoolExecutor(8) as pool:
        found = [i for i in pool.map(_probe, exes) if i is not None]
    best: dict[tuple[int, int], Interpreter] = {}
    for i in found:
        if i.version[:2] not in best or i.version > best[i.version[:2]].version:
            best[i.version[:2]] = i
    return sorted(best.values(), reverse=True)


def wanted(env: Mapping[str, str] = os.environ) -> list[Interpreter]:
    """The interpreters to run snippets on: ``GUIDE_PYTHONS``, or every one discovered."""
    spec = env.get("GUIDE_PYTHONS", "").strip()
    found = discover(env)
    if not spec:
        if not found:
            raise PythonsError("no CPython 3.10+ found on PATH, in pyenv or uv (set GUIDE_PYTHONS=/path/to/python)")
        return found
    chosen: dict[tuple[int, int], Interpreter] = {}
    for item in re.split(r"[,\s]+", spec):
        if not item:
            continue
        if re.fullmatch(r"3\.\d+", item):
            match = [i for i in found if i.minor == item]
            if not match:
                have = ", ".join(i.minor for i in found) or "none"
                raise PythonsError(
                    f"GUIDE_PYTHONS asks for {item}, but this machine has no CPython {item} (found: {have})"
                )
            interp = match[0]
        else:
            probed = _probe(Path(item))
            if probed is None:
                raise PythonsError(f"GUIDE_PYTHONS: {item} is not a CPython {'.'.join(map(str, OLDEST))}+ interpreter")
            interp = probed
        chosen[interp.version[:2]] = interp
    return sorted(chosen.values(), reverse=True)


def _stamp(interp: Interpreter) -> str:
    """What an environment was made from: the interpreter and the pins."""
    h = hashlib.sha256(REQUIREMENTS.read_bytes())
    h.update(f"{interp.full} {interp.base.resolve()}".encode())
    return h.hexdigest()


def is_ready(interp: Interpreter) -> bool:
    try:
        stamp = json.loads((interp.venv / STAMP).read_text())
    except (OSError, ValueError):
        return False
    return stamp.get("stamp") == _stamp(interp) and Path(interp.python).exists()


def create(interp: Interpreter) -> str | None:
    """(Re)create one environment; None when it worked, else what went wrong."""
    venv = interp.venv
    shutil.rmtree(venv, ignore_errors=True)
    wheel = debian.pip_wheel(interp.base)  # a fetched interpreter: pip from its own suite's wheel
    pip = [str(interp.python), *([f"{wheel}/pip"] if wheel else ["-m", "pip"])]
    steps = [
        [str(interp.base), "-m", "venv", *(["--without-pip"] if wheel else []), str(venv)],
        [*pip, "install", "-q", "--disable-pip-version-check", *PIP_OPTIONS],
    ]
    for cmd in steps:
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode != 0:
            shutil.rmtree(venv, ignore_errors=True)
            return f"{' '.join(cmd[1:4])}: {(proc.stderr or proc.stdout).strip().splitlines()[-1:]}"
    (venv / STAMP).write_text(json.dumps({"stamp": _stamp(interp), "python": interp.full}))
    return None


def prepare(interps: Iterable[Interpreter], log: Callable[[str], object] = print) -> list[Interpreter]:
    """Create what is missing or stale (concurrently); the interpreters that are ready afterwards."""
    interps = list(interps)
    todo = [i for i in interps if not is_ready(i)]
    if todo:
        log(f"snippet environments: creating {', '.join(i.minor for i in todo)} (pip install -r {REQUIREMENTS.name})")
        start = time.monotonic()

        def made(interp: Interpreter) -> None:  # said as each one is done: they take 5-60 s each
            error = create(interp)
            took = f"{time.monotonic() - start:.0f} s"
            log(f"snippet environments: Python {interp.full} {f'left out: {error}' if error else f'ready ({took})'}")

        with ThreadPoolExecutor(len(todo)) as pool:
            list(pool.map(made, todo))
    return [i for i in interps if is_ready(i)]


def ready(env: Mapping[str, str] = os.environ) -> list[Interpreter]:
    """The wanted interpreters whose environments are ready, newest first (what a build runs on)."""
    interps = [i for i in wanted(env) if is_ready(i)]
    if not interps:
        raise PythonsError(
            "no snippet environment is ready: run `bash scripts/setup` (it creates one per Python under .cache/pythons)"
        )
    return interps


def complete(env: Mapping[str, str] = os.environ, log: Callable[[str], object] = print) -> dict[str, str]:
    """Get the supported versions this machine lacks: uv where it can download, then Debian's
    packages. Returns why each version still missing is missing (empty: all are here)."""
    for python in debian.installed(fetched_folder(env)):
        debian.compile_stdlib(python)  # fetched before set-up compiled their standard library
    if env.get("GUIDE_PYTHONS", "").strip() or env.get("GUIDE_FETCH_PYTHONS", "").strip() == "0":
        return {}
    missing = [m for m in SUPPORTED if m not in {i.minor for i in discover(env)}]
    if not missing:
        return {}
    why = dict.fromkeys(missing, "not installed")
    uv = shutil.which("uv", path=env.get("PATH")) or ""
    for minor in missing if uv else []:
        log(f"Python {minor}: not on this machine, downloading it with uv")
        try:
            proc = subprocess.run([uv, "python", "install", minor], capture_output=True, text=True, timeout=300)
            ok, said = proc.returncode == 0, (proc.stderr.strip().splitlines() or [""])[-1]
        except (OSError, subprocess.TimeoutExpired) as e:
            ok, said = False, str(e)
        log(f"Python {minor}: {'installed by uv' if ok else f'uv could not download it ({said})'}")
        if not ok:
            why[minor] = f"uv: {said}"
    missing = [m for m in SUPPORTED if m not in {i.minor for i in discover(env)}]
    if missing:
        log(f"Python {', '.join(missing)}: fetching from Debian's {debian.SUITE} packages (apt-get; about a minute)")
        try:
            debian.fetch(missing, fetched_folder(env), log)
        except debian.FetchError as e:
            for minor in missing:
                why[minor] = f"Debian's packages: {e}"
        else:
            for minor in missing:
                why[minor] = f"Debian's {debian.SUITE} has no python{minor}"
    have = {i.minor for i in discover(env)}
    return {m: why[m] for m in SUPPORTED if m not in have}


def main() -> int:
    missing = complete(log=lambda m: print(m, file=sys.stderr))
    try:
        interps = wanted()
    except PythonsError as e:
        print(f"buildkit.pythons: {e}", file=sys.stderr)
        return 1
    done = prepare(interps, log=lambda m: print(m, file=sys.stderr))
    if not done:
        print("buildkit.pythons: no snippet environment could be created", file=sys.stderr)
        return 1
    print(f"snippets run on Python {', '.join(i.full for i in done)} (main output: {done[0].full})", file=sys.stderr)
    for minor in SUPPORTED:
        if minor not in {i.minor for i in done}:
            print(f"  Python {minor} left out: {missing.get(minor, 'not wanted (GUIDE_PYTHONS)')}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

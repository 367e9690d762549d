"""CPythons this machine lacks, from Debian's development suite, relocated into a cache folder.

Debian's ``sid`` carries every current CPython as binary packages (``python3.15``, its ``-minimal``
and ``lib…-stdlib`` parts). They are linked against that suite's C library, newer than a stable
release's, so the packages are unpacked together with the libraries they load into one folder per
interpreter, and the interpreter is patched to use that folder's dynamic loader and libraries
(``patchelf``, itself taken from the suite and run through the same loader). Nothing is installed:
``apt-get download`` works with an apt state of its own under the cache folder, and the system's
Python and apt state stay untouched.

The archive is the one the machine's own apt sources name for Debian (any mirror), with the suite
switched to ``sid``. Where there is none (Ubuntu, Fedora, macOS) :func:`fetch` says so and the build
keeps the interpreters it has.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

SUITE = "sid"
KEYRING = Path("/usr/share/keyrings/debian-archive-keyring.gpg")
SOURCES = (Path("/etc/apt/sources.list"), Path("/etc/apt/sources.list.d"))
# What the interpreter and its standard library's extension modules load, besides the Python packages.
LIBRARIES = [
    "libc6",
    "libgcc-s1",
    "libssl3t64",
    "libffi8",
    "libexpat1",
    "zlib1g",
    "libzstd1",
    "libbz2-1.0",
    "liblzma5",
    "libsqlite3-0",
    "libmpdec4",
    "libreadline8t64",
    "libncursesw6",
    "libtinfo6",
    "libuuid1",
]
TOOLS = ("patchelf", "libstdc++6", "python3-pip-whl")  # to relocate it, and pip for its environment
COMPLETE = ".guide-complete.json"
CHECK = "import ssl, sqlite3, ctypes, decimal, zlib, lzma, bz2, readline, uuid"
TIMEOUT = 300


class FetchError(RuntimeError):
    """Why an interpreter could not be fetched (one line)."""


@dataclass(frozen=True)
class Fetched:
    """One relocated interpreter: its executable and the wheel of pip its environment installs with."""

    python: Path
    pip_wheel: Path
    package: str  # e.g. "python3.15 3.15.2-1"


def _paragraphs(text: str) -> Iterator[dict[str, str]]:
    """deb822 stanzas (``*.sources``): ``Key: value`` lines, blank lines between stanzas."""
    for block in re.split(r"\n\s*\n", text):
        fields: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            if line.startswith("#") or not line.strip():
                continue
            if line[0].isspace() and key:
                fields[key] += " " + line.strip()
            elif ":" in line:
                key, value = line.split(":", 1)
                key = key.strip().lower()
                fields[key] = value.strip()
        if fields:
            yield fields


def _entries(sources: Iterable[Path]) -> Iterator[tuple[str, str]]:
    """(URI, signed-by) of every binary ``deb`` source the machine's apt configuration names."""
    files: list[Path] = []
    for path in sources:
        files.extend(sorted(path.iterdir()) if path.is_dir() else [path])
    for path in files:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if path.suffix == ".sources":
            for para in _paragraphs(text):
                if "deb" in para.get("types", "").split() and para.get("enabled", "yes") != "no":
                    for uri in para.get("uris", "").split():
                        yield uri, para.get("signed-by", "")
        elif path.suffix == ".list" or path.name == "sources.list":
            for line in text.splitlines():
                m = re.match(r"\s*deb\s+(?:\[([^\]]*)\]\s+)?(\S+)", line)
                if m:
                    signed = re.search(r"signed-by=(\S+)", m[1] or "")
                    yield m[2], signed[1] if signed else ""


def archive(sources: Iterable[Path] = SOURCES) -> str | None:
    """The address of Debian's main archive in the machine's apt sources (not its security archive)."""
    for uri, signed_by in _entries(sources):
        if re.search(r"/debian/?$", uri) and ("debian-archive" in signed_by or not signed_by):
            return uri.rstrip("/")
    return None


class Apt:
    """``apt-get`` with an apt state of its own (sources, lists, cache): the system's stays untouched."""

    def __init__(self, folder: Path, uri: str) -> None:
        self.folder = folder
        for sub in ("etc/apt.conf.d", "etc/preferences.d", "etc/sources.list.d", "state/lists/partial", "cache"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        (folder / "status").touch()
        (folder / "etc/sources.list").write_text(f"deb [signed-by={KEYRING}] {uri} {SUITE} main\n")
        self.options = [
            f"-oDir::Etc={folder / 'etc'}",
            f"-oDir::State={folder / 'state'}",
            f"-oDir::State::status={folder / 'status'}",
            f"-oDir::Cache={folder / 'cache'}",
            "-oDebug::NoLocking=1",
            "-oAPT::Architecture=amd64",
            "-qq",
        ]

    def _run(self, tool: str, *args: str, cwd: Path | None = None) -> str:
        try:
            proc = subprocess.run(
                [tool, *self.options, *args], capture_output=True, text=True, cwd=cwd, timeout=TIMEOUT
            )
        except (OSError, subprocess.TimeoutExpired) as e:
            raise FetchError(f"{tool} {args[0]}: {e}") from None
        if proc.returncode != 0:
            last = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or [f"exit status {proc.returncode}"]
            raise FetchError(f"{tool} {args[0]}: {last[0]}")
        return proc.stdout

    def update(self) -> None:
        self._run("apt-get", "update")

    def versions(self) -> dict[str, str]:
        """Every ``python3.X`` the suite carries, with its package version (pre-releases left out)."""
        names = [n for n in self._run("apt-cache", "pkgnames", "python3.").split() if re.fullmatch(r"python3\.\d+", n)]
        out = self._run("apt-cache", "show", "--no-all-versions", *names) if names else ""
        found = {}
        for para in _paragraphs(out):
            if "~" not in para.get("version", ""):
                found[para["package"]] = para["version"]
        return found

    def download(self, packages: Iterable[str], into: Path) -> list[Path]:
        self._run("apt-get", "download", *packages, cwd=into)
        return sorted(into.glob("*.deb"))


def _relocate(root: Path, python: Path, final: Path) -> None:
    """Make ``python`` (unpacked in ``root``) load the dynamic loader and libraries that will be in
    ``final`` once ``root`` is renamed to it, with patchelf run through the unpacked loader.

    Two calls, the library path first: patchelf 0.18 asked for both at once writes a binary that
    crashes at start, and with ``--no-sort`` one whose ``.PyRuntime`` section ``python -m asyncio ps``
    cannot find."""
    lib = Path("usr/lib/x86_64-linux-gnu")
    loader = lib / "ld-linux-x86-64.so.2"
    patchelf = [str(root / loader), "--library-path", str(root / lib), str(root / "usr/bin/patchelf")]
    for args in (["--force-rpath", "--set-rpath", str(final / lib)], ["--set-interpreter", str(final / loader)]):
        proc = subprocess.run([*patchelf, *args, str(python)], capture_output=True, text=True, timeout=60)
        if proc.returncode != 0:
            raise FetchError(f"patchelf {python.name}: {proc.stderr.strip()}")


def fetch(minors: Iterable[str], cache: Path, log: Callable[[str], object] = print) -> dict[str, Fetched]:
    """The given minor versions ("3.15"), from the suite where it has them, relocated under ``cache``.

    Already fetched ones are reused (a folder is complete only once its marker is written). Raises
    FetchError when nothing can be fetched at all (no Debian archive, apt-get missing, no network)."""
    minors = list(minors)
    done = {m: f for m in minors if (f := _complete(cache, m)) is not None}
    for earlier in done.values():
        compile_stdlib(earlier.python)  # fetched before the standard library was compiled here
    todo = [m for m in minors if m not in done]
    if not todo:
        return done
    if shutil.which("apt-get") is None or shutil.which("dpkg-deb") is None:
        raise FetchError("apt-get/dpkg-deb not found (Debian or Ubuntu only)")
    if not KEYRING.exists():
        raise FetchError(f"{KEYRING} not found (package debian-archive-keyring)")
    uri = archive()
    if uri is None:
        raise FetchError("the apt sources name no Debian archive")
    cache.mkdir(parents=True, exist_ok=True)
    os.chmod(cache, 0o755)  # the snippets' runs (user nobody) read the interpreters from here
    apt = Apt(cache / "apt", uri)
    apt.update()
    offered = apt.versions()
    for minor in todo:
        name = f"python{minor}"
        if name not in offered:
            log(f"Python {minor}: {SUITE} at {uri} has no {name}")
            continue
        packages = [name, f"{name}-minimal", f"lib{name}-minimal", f"lib{name}-stdlib", *LIBRARIES, *TOOLS]
        with tempfile.TemporaryDirectory(dir=cache) as tmp:
            debs = apt.download(packages, Path(tmp))
            root = Path(tmp) / "root"
            for deb in debs:
                subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True, timeout=TIMEOUT)
            python = root / "usr/bin" / name
            final = cache / minor
            _relocate(root, python, final)
            wheels = sorted((root / "usr/share/python-wheels").glob("pip-*.whl"))
            if not wheels:
                raise FetchError("python3-pip-whl holds no pip wheel")
            package = f"{name} {offered[name]}"
            shutil.rmtree(final, ignore_errors=True)
            root.rename(final)
            os.chmod(final, 0o755)
            try:  # complete only once it runs, with the standard library's compiled modules
                subprocess.run([str(final / "usr/bin" / name), "-I", "-c", CHECK], check=True, timeout=60)
                compile_stdlib(final / "usr/bin" / name)
            except (OSError, subprocess.SubprocessError) as e:
                shutil.rmtree(final, ignore_errors=True)
                log(f"Python {minor}: {package} does not run here after relocation ({e})")
                continue
            (final / COMPLETE).write_text(json.dumps({"package": package, "archive": f"{uri} {SUITE}"}))
        fetched = _complete(cache, minor)
        if fetched is not None:
            done[minor] = fetched
            log(f"Python {minor}: {package} from {uri} {SUITE}, relocated into {final}")
    return done


def compile_stdlib(python: Path) -> None:
    """Compile the standard library, as Debian's ``py3compile`` does when the package is installed:
    without it every run compiles ``asyncio`` again (``import asyncio`` 4-5x slower, measured) and
    a debug-mode run reports its own slow import as a slow callback."""
    stdlib = python.resolve().parents[1] / "lib" / python.name
    if not (stdlib / "asyncio" / "__pycache__").is_dir():
        subprocess.run(
            [str(python), "-I", "-m", "compileall", "-q", "-j0", "-x", r"/(test|idlelib|lib2to3)/", str(stdlib)],
            check=False,
            capture_output=True,
            timeout=TIMEOUT,
        )


def _complete(cache: Path, minor: str) -> Fetched | None:
    root = cache / minor
    try:
        meta = json.loads((root / COMPLETE).read_text())
    except (OSError, ValueError):
        return None
    wheels = sorted((root / "usr/share/python-wheels").glob("pip-*.whl"))
    python = root / "usr/bin" / f"python{minor}"
    if not wheels or not python.exists():
        return None
    return Fetched(python, wheels[-1], meta.get("package", ""))


def installed(cache: Path) -> Iterator[Path]:
    """The interpreters fetched earlier (for discovery)."""
    for marker in sorted(cache.glob(f"3.*/{COMPLETE}")):
        python = marker.parent / "usr/bin" / f"python{marker.parent.name}"
        if python.exists():
            yield python


def pip_wheel(python: Path) -> Path | None:
    """The pip wheel that came with a fetched interpreter (its environment is made ``--without-pip``)."""
    root = python.resolve().parents[2]
    if not (root / COMPLETE).exists():
        return None
    wheels = sorted((root / "usr/share/python-wheels").glob("pip-*.whl"))
    return wheels[-1] if wheels else None

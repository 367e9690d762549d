"""Content-addressed store of snippet runs, one JSON file per run, one lock file per key.

The key covers everything that can change what a snippet prints: the bytes it runs (its source,
the files named in its arguments, the local modules it imports), every file of the build package
(:func:`code_fingerprint`), the pinned packages of the build and of the snippets' environments, the
build's Python version, the snippet interpreter's build (its ``sys.version``) and the environment
variables that change its behaviour. Nothing in it names this machine or this clone's folder: a job
on another machine with the same commit and interpreters computes the same keys, which is what
lets the per-interpreter CI jobs' runs be merged (:mod:`buildkit.merge`). Entries are validated when read
(:func:`buildkit.model.load_result`): one that is damaged or not a Result counts as missing, and so
does one whose run opened a file under ``snippets/`` that has changed since (``Result.inputs``: a
module imported through another module, a data file) or that records a file elsewhere (forged). A
snippet cannot plant or alter an entry: its run sees the cache read-only (:mod:`buildkit.sandbox`).
A snippet saved while it ran is not stored (:meth:`Cache.put`).
"""

from __future__ import annotations

import ast
import hashlib
import json
import math
import os
import platform
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict
from functools import cache, lru_cache
from pathlib import Path

from filelock import FileLock

from . import PACKAGE
from .meta import PARSING
from .model import Result, Spec, digest, dump_result, load_result
from .pages import regular_snippet
from .pythons import REQUIREMENTS, Interpreter, runtime

# Variables that change what a snippet prints (debug mode, locale, hash seed, optimisation, ...).
OUTPUT_ENV = ("LANG", "LC_ALL", "LC_CTYPE", "TZ")
SCHEMA = "6"


class CacheError(OSError):
    """The cache folder cannot be used (``GUIDE_CACHE_DIR`` names a file, a dangling link, ...): one line."""


def code_fingerprint(package: Path) -> str:
    """Every file of the build package (modules, injected code, templates), by relative path and
    bytes: any change to the machinery, a module added included, runs everything again."""
    h = hashlib.sha256()
    files = (p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.relative_to(package).parts)
    for rel, f in sorted((p.relative_to(package).as_posix(), p) for p in files):
        h.update(rel.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


@cache
def environment_fingerprint() -> str:
    """What every key shares: the build's Python version, the pinned packages of the build (the
    local HTTP server is aiohttp) and of the snippet environments, and the build package. Tools
    installed beside them (linters) do not count: every CI job computes the same fingerprint."""
    h = hashlib.sha256()
    h.update(platform.python_version().encode())
    for requirements in (REQUIREMENTS.with_name("requirements.txt"), REQUIREMENTS):
        h.update(requirements.read_bytes())
    h.update(code_fingerprint(PACKAGE).encode())
    return h.hexdigest()


@lru_cache(maxsize=4096)
def _imported(source: bytes) -> frozenset[str]:
    """The top-level names a module imports absolutely (parsed once per distinct source)."""
    try:
        with PARSING:
            tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):  # the run records what it imports (Result.inputs)
        return frozenset()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return frozenset(names)


def _local_imports(script: Path) -> list[Path]:
    """Modules next to the snippet that it imports (snippets are standalone, but be safe)."""
    names = _imported(script.read_bytes())
    return sorted(p for n in names if (p := script.parent / f"{n}.py").is_file())


@lru_cache(maxsize=4096)
def _spec_bytes(spec: Spec) -> bytes:
    """The spec as the key sees it (the same on every interpreter: worked out once per spec)."""
    return json.dumps(asdict(spec), sort_keys=True).encode()


def spec_digest(spec: Spec, root: Path) -> bytes:
    """Everything a key covers except the interpreter: the spec and the bytes of its files as they
    are now, the machinery, the environment variables that change output."""
    h = hashlib.sha256(SCHEMA.encode())
    h.update(environment_fingerprint().encode())
    h.update(_spec_bytes(spec))
    files = [root / f for f in spec.files if (root / f).is_file()]
    for f in files + _local_imports(root / spec.path):
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    for var in sorted(v for v in os.environ if v.startswith("PYTHON")) + list(OUTPUT_ENV):
        h.update(f"{var}={os.environ.get(var, '')}\n".encode())
    return h.digest()


def key(spec: Spec, root: Path, interp: Interpreter, base: bytes | None = None) -> str:
    """``base``: the spec's :func:`spec_digest`, when already worked out."""
    h = hashlib.sha256(base if base is not None else spec_digest(spec, root))
    h.update(runtime(interp.python).version.encode())  # "3.13.0 (main, …) [GCC …]": this build of it
    return h.hexdigest()[:32]


# Within Cache.snapshot(): each spec's digest, read once for all its interpreters (this thread only)
_SNAPSHOT: ContextVar[dict[Spec, bytes] | None] = ContextVar("snapshot", default=None)


class Cache:
    """Runs keyed by (spec, interpreter): what a spec printed on one Python."""

    def __init__(self, directory: Path, root: Path):
        self.dir = directory
        self.root = root  # where spec paths are relative to

    def key(self, spec: Spec, interp: Interpreter) -> str:
        """What the spec's files and everything around them hash to now (inside :meth:`snapshot`: when
        this thread first asked for one of the spec's keys there)."""
        digests = _SNAPSHOT.get()
        if digests is None:
            return key(spec, self.root, interp)
        if spec not in digests:
            digests[spec] = spec_digest(spec, self.root)
        return key(spec, self.root, interp, digests[spec])

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """A pass over many keys at one moment (a build looking up its runs on every Python): each
        spec's files are read once, not once per interpreter. Not for a key compared after a run
        (a snippet saved while it ran): that one is read anew."""
        token = _SNAPSHOT.set({})
        try:
            yield
        finally:
            _SNAPSHOT.reset(token)

    def _file(self, spec: Spec, interp: Interpreter) -> Path:
        return self.dir / f"{self.key(spec, interp)}.json"

    def folder(self) -> Path:
        """The cache folder, made if missing; :class:`CacheError` (one line) when it cannot be."""
        d = self.dir
        try:
            d.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            why = (
                "a symbolic link to nothing (dangling)"
                if d.is_symlink() and not d.exists()
                else "not a folder"
                if d.exists() and not d.is_dir()
                else e.strerror or type(e).__name__
            )
            raise CacheError(f"cache folder {d} (GUIDE_CACHE_DIR): {why}; name a folder, or unset it") from None
        return d

    def lock(self, spec: Spec, interp: Interpreter) -> FileLock:
        """Held while this key's run is under way: other processes wait for it instead of running it too."""
        return FileLock(self.folder() / f"{self.key(spec, interp)}.lock", thread_local=False)

    def get(self, spec: Spec, interp: Interpreter) -> Result | None:
        f = self._file(spec, interp)
        if not f.is_file():
            return None
        result = load_result(f.read_bytes())
        ok = result is not None and result.spec == spec and result.python == interp.full
        return result if ok and result is not None and self.unchanged(result) else None

    def unchanged(self, result: Result) -> bool:
        """Every file the run opened still has the bytes it had then. A recorded path that is not a
        regular file under ``snippets/`` (outside the repository: a forged entry) makes it a miss."""
        try:
            return all(regular_snippet(self.root, rel) and digest(self.root / rel) == d for rel, d in result.inputs)
        except (OSError, ValueError):  # a name too long, a file that cannot be read: not the run's input
            return False

    def age(self, spec: Spec, interp: Interpreter) -> float:
        """Seconds since this key's run was stored (infinite when it is not)."""
        try:
            return time.time() - self._file(spec, interp).stat().st_mtime
        except OSError:
            return math.inf

    def put(self, result: Result, interp: Interpreter, before: str | None = None) -> bool:
        """Store a run atomically (never a half-written file). ``before``: the key taken before the
        run; if the files changed since (a snippet saved while it ran), the run may have seen either
        version and nothing is stored. The caller decides which failures are measurements worth
        keeping (an older Python lacking a feature) and which must run again."""
        now = self.key(result.spec, interp)
        if before is not None and before != now:
            return False
        f = self.folder() / f"{now}.json"
        tmp = f.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(dump_result(result))
        os.replace(tmp, f)
        return True

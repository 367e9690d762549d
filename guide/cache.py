"""Content-addressed cache of snippet runs.

The key covers everything that can change what a snippet prints: its source and the local
modules it imports, the runner itself, the Python version, the installed package versions and
the environment variables that change its behaviour. A run that failed is never cached.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

from .runner import ROOT, Result, Spec

# Variables that change what a snippet prints (debug mode, locale, hash seed, ...).
OUTPUT_ENV = ("PYTHONASYNCIODEBUG", "PYTHONDEVMODE", "PYTHONWARNINGS", "PYTHONHASHSEED", "LANG", "LC_ALL", "TZ")

SCHEMA = "1"


@cache
def _environment_fingerprint() -> str:
    h = hashlib.sha256()
    h.update(sys.version.encode())
    dists = sorted({(d.metadata["Name"] or "").lower(): d.version for d in metadata.distributions()}.items())
    h.update(json.dumps(dists).encode())
    here = Path(__file__).resolve().parent
    for part in ("runner.py", "meta.py", "inject/sitecustomize.py"):
        h.update((here / part).read_bytes())
    return h.hexdigest()


def _local_imports(script: Path) -> list[Path]:
    """Modules next to the snippet that it imports (snippets are standalone, but be safe)."""
    try:
        tree = ast.parse(script.read_bytes())
    except SyntaxError:
        return []
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return sorted(p for n in names if (p := script.parent / f"{n}.py").is_file())


def key(spec: Spec, root: Path = ROOT) -> str:
    script = root / spec.path
    h = hashlib.sha256(SCHEMA.encode())
    h.update(_environment_fingerprint().encode())
    h.update(json.dumps(spec.to_json(), sort_keys=True).encode())
    h.update(script.read_bytes())
    for dep in _local_imports(script) + [root / f for f in spec.files[1:] if (root / f).is_file()]:
        h.update(dep.name.encode() + dep.read_bytes())
    for var in OUTPUT_ENV:
        h.update(f"{var}={os.environ.get(var, '')}\n".encode())
    return h.hexdigest()[:32]


class Cache:
    def __init__(self, directory: Path | None, root: Path = ROOT):
        self.dir = directory
        self.root = root

    def _file(self, spec: Spec) -> Path | None:
        return self.dir / f"{key(spec, self.root)}.json" if self.dir else None

    def get(self, spec: Spec) -> Result | None:
        f = self._file(spec)
        if f is None or not f.is_file():
            return None
        try:
            return Result.from_json(json.loads(f.read_text("utf-8")))
        except (ValueError, TypeError, KeyError):
            return None

    def put(self, result: Result, *, replace: bool = False) -> Result:
        """Store a run; returns the run stored under its key, which wins if another process stored one
        first (concurrent builds and test workers then all show the same run). ``replace``: a forced
        re-run (GUIDE_REFRESH=1) replaces what is stored."""
        f = self._file(result.spec)
        if f is None or result.problem() is not None:
            return result
        f.parent.mkdir(parents=True, exist_ok=True)
        tmp = f.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(result.to_json(), ensure_ascii=False), "utf-8")
        try:
            os.link(tmp, f)  # atomic and exclusive: never a half-written file, never a second writer
        except FileExistsError:
            stored = None if replace else self.get(result.spec)
            if stored is not None:
                return stored
            os.replace(tmp, f)  # atomic
            return result
        finally:
            tmp.unlink(missing_ok=True)
        return result

"""What a snippet needs to run after a reader copies it: a Python version and third-party packages.

The minimum Python version the page states is measured (every snippet runs on every interpreter,
:mod:`buildkit.compare`). What the code itself suggests is read by ``vermin`` (which knows when each
stdlib module, member and syntax appeared: ``asyncio.TaskGroup`` → 3.11), together with the
features that set it. Packages are the snippet's top-level imports that are neither stdlib nor
files next to it, with the version installed here (the one ``requirements.txt`` pins, the one
that produced the page's output).
"""

from __future__ import annotations

import ast
import re
import sys
import threading
from functools import cache
from importlib import metadata
from pathlib import Path

from .model import Needs

# ast.parse in two threads at once fails on Python 3.11 (SystemError: AST constructor recursion depth
# mismatch, gh-106905), and mkdocs serve reads snippets in its builds while its background runs do
# (buildkit.filler): every parse of the build, vermin's included, holds this lock.
PARSING = threading.Lock()
REASON = re.compile(r"^(?:L\d+(?: C\d+)?: )?(?P<what>.+?) requires? (?P<versions>.+)$")
QUOTED = re.compile(r"^'([^']+)'")
GENERIC = re.compile(r"^builtin generic type annotation \((?P<type>.+)\)$")


def _python(source: str) -> tuple[str, tuple[str, ...]]:
    from vermin import Config, visit

    config = Config()
    config.set_eval_annotations(True)
    config.set_verbose(3)
    visitor = visit(source, config)
    minimum = visitor.minimum_versions()[1] or (3, 0)
    wanted = ".".join(map(str, minimum))
    because: list[str] = []
    for line in visitor.output_text().splitlines():
        m = REASON.match(line.strip())
        if not m or not re.search(rf"\b{re.escape(wanted)}\b", m["versions"].split(",")[-1]):
            continue
        what = m["what"]
        name = q[1] if (q := QUOTED.search(what)) else g["type"] if (g := GENERIC.match(what)) else what
        if name not in because:
            because.append(name)
    return wanted, tuple(because[:3])


@cache
def _distributions() -> dict[str, list[str]]:
    return dict(metadata.packages_distributions())


def _packages(source: str, script: Path) -> tuple[tuple[str, str], ...]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    found: dict[str, str] = {}
    for name in sorted(names):
        if name in sys.stdlib_module_names or name == "__future__" or (script.parent / f"{name}.py").exists():
            continue
        for dist in _distributions().get(name, [name]):
            try:
                found[dist] = metadata.version(dist)
            except metadata.PackageNotFoundError:
                found[dist] = ""
    return tuple(sorted(found.items(), key=lambda kv: kv[0].lower()))


def needs(script: Path) -> Needs | None:
    """What the code reads as needing. The page states the minimum its runs measured
    (:mod:`buildkit.compare`); this reading is the cross-check, and names the packages."""
    try:
        source = script.read_text("utf-8")
        with PARSING:
            ast.parse(source)
            python, because = _python(source)
            return Needs(python, because, _packages(source, script))
    except (SyntaxError, ValueError, UnicodeDecodeError):
        return None  # not Python a reader could run anyway: the page shows why
    except RecursionError:
        return None  # nested too deeply for the reader's tools (the build's Python, vermin); it may still run

"""Read the pages: their fenced blocks, the snippets they include and the runs they declare.

A page shows a snippet with two fences, read alike by the build, the tests and the guard:

    ```py title="snippets/basics/coroutine.py"
    --8<-- "snippets/basics/coroutine.py"
    ```

    ```python tags=["hide-input"]
    from guide import show; show("snippets/basics/coroutine.py", stderr=True)
    ```

The first shows the file (``pymdownx.snippets``; ``py`` is not executed by mkdocs-execute-plugin).
The second is a hidden cell that mkdocs-execute-plugin executes: it prints the output of that
very run below the source. Both may sit indented inside content tabs (``=== "顺序"``); the kernel
never sees indented cells, the build hook renders them (same HTML). Its keyword arguments are
the snippet's settings (:class:`Spec`).
A fence that is neither run nor collected by pytest-codeblocks must be preceded by
``<!-- no-run: why -->``.
"""

from __future__ import annotations

import ast
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .runner import ROOT, Spec

DOCS = ROOT / "docs"
FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
INCLUDE = re.compile(r"""^[ \t]*-{1,}8<-{1,}[ \t]+(["'])(?P<path>[^"']+)\1[ \t]*$""")
EXEMPT = re.compile(r"^[ \t]*<!--\s*no-run:\s*(?P<why>\S.*?)\s*-->\s*$")
RUN_CELL_INFO = re.compile(r"""^python\s+tags=\[\s*["']hide-input["']\s*\]\s*$""")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)


@dataclass
class Fence:
    start: int  # 0-based line index of the opening fence
    end: int  # 0-based line index of the closing fence
    indent: str
    info: str
    body: list[str]
    exempt: str | None = None  # reason given in <!-- no-run: ... -->

    @property
    def lang(self) -> str:
        return self.info.split(None, 1)[0] if self.info.strip() else ""

    @property
    def include(self) -> str | None:
        """The path of a snippet this fence includes whole, if that is all it holds."""
        lines = [line for line in self.body if line.strip()]
        if len(lines) == 1 and (m := INCLUDE.match(lines[0])):
            return m["path"]
        return None

    @property
    def spec(self) -> Spec | None:
        """The run this hidden cell declares, or None if it is not a ``show()`` cell."""
        if not RUN_CELL_INFO.match(self.info.strip()):
            return None
        return parse_show(textwrap.dedent("\n".join(self.body)))


def parse_show(code: str) -> Spec | None:
    """``from guide import show; show("path", **settings)`` -> Spec (literals only)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    body = tree.body
    if (
        len(body) != 2
        or not isinstance(body[0], ast.ImportFrom)
        or body[0].module != "guide"
        or [a.name for a in body[0].names] != ["show"]
        or not isinstance(body[1], ast.Expr)
        or not isinstance(call := body[1].value, ast.Call)
        or not isinstance(call.func, ast.Name)
        or call.func.id != "show"
        or len(call.args) != 1
    ):
        return None
    try:
        path = ast.literal_eval(call.args[0])
        kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg}
        return Spec(path=path, **kwargs)
    except (ValueError, TypeError):
        return None


def fences(text: str) -> Iterator[Fence]:
    """Every fenced block, at any depth (admonitions, tabs, lists)."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = FENCE_OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence = m["indent"], m["fence"]
        j = i + 1
        while j < len(lines):
            stripped = lines[j].strip()
            if stripped.startswith(fence[0] * len(fence)) and set(stripped) == {fence[0]}:
                break
            j += 1
        exempt = None
        k = i - 1
        while k >= 0 and not lines[k].strip():
            k -= 1
        if k >= 0 and (e := EXEMPT.match(lines[k])):
            exempt = e["why"]
        yield Fence(i, j, indent, m["info"].strip(), lines[i + 1 : j], exempt)
        i = j + 1


@dataclass
class Page:
    path: Path
    text: str
    fences: list[Fence] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> Page:
        text = path.read_text("utf-8")
        return cls(path, text, list(fences(text)))

    @property
    def executes(self) -> bool:
        m = FRONT_MATTER.match(self.text)
        return bool(m and re.search(r"^execute:\s*(true|yes|on|1)\s*$", m.group(0), re.M))

    @property
    def specs(self) -> list[Spec]:
        return [s for f in self.fences if (s := f.spec)]

    @property
    def includes(self) -> list[str]:
        return [p for f in self.fences if (p := f.include)]


def all_pages(docs: Path = DOCS) -> list[Page]:
    return [Page.read(p) for p in sorted(docs.rglob("*.md"))]


def all_snippets(root: Path = ROOT) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / "snippets").rglob("*.py"))


def expand(page: Page, root: Path = ROOT) -> str:
    """The page as a reader sees it, for pytest-codeblocks.

    Includes are expanded by pymdownx.snippets itself (same options as the site); the build's
    hidden run cells are dropped (the snippet they run is the included block right above);
    a ``py`` fence becomes ``python``, so pytest-codeblocks collects what the reader sees.
    (Pages write ``py``, not ``python``, for code the kernel must not execute: mkdocs-execute-plugin
    runs every top-level ``python`` fence, and ``asyncio.run()`` fails inside its running loop.)
    """
    from markdown import Markdown

    lines = page.text.splitlines()
    drop: set[int] = set()
    for f in page.fences:
        if f.spec is not None:
            drop.update(range(f.start, f.end + 1))
        elif f.lang == "py" and not f.exempt:
            lines[f.start] = f.indent + "```python"  # code the reader copies and runs
    kept = [line for i, line in enumerate(lines) if i not in drop]
    md = Markdown(extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": snippet_options(root)})
    return "\n".join(md.preprocessors["snippet"].run(kept)) + "\n"


def snippet_options(root: Path = ROOT) -> dict:
    """pymdownx.snippets options; mkdocs.yml holds the same (a test keeps them equal)."""
    return {"base_path": [str(root)], "check_paths": True, "dedent_subsections": True}

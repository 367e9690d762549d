"""Read the pages: their fenced blocks, the snippets they include and the runs they declare.

A page shows a snippet with two fences, read alike by the build, the tests and the guard:

    ```py title="snippets/basics/coroutine.py"
    --8<-- "snippets/basics/coroutine.py"
    ```

    ```output
    snippets/basics/coroutine.py
    stderr: true
    ```

The first shows the file (``pymdownx.snippets``). The second declares a run of it: its first
line is the command (``path [args…]``), the lines after it the run's settings as YAML
(:class:`buildkit.model.Spec`) and, under ``changes:``, where its output differs between Python
versions; the build puts the output of that very run in its place. Both may
sit indented inside content tabs (``=== "顺序"``) or collapsible blocks. A fence that is neither
run nor collected by pytest-codeblocks must be preceded by ``<!-- no-run: why -->``.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .model import Spec, SpecError, make_spec

OUTPUT = "output"  # the info string of a run's fence
CHANGES = "changes"  # the setting that says where a snippet's output differs between Python versions
VERSION = re.compile(r"3\.\d{1,2}")
FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
INCLUDE = re.compile(r"""^[ \t]*-{1,}8<-{1,}[ \t]+(["'])(?P<path>[^"']+)\1[ \t]*$""")
EXEMPT = re.compile(r"^[ \t]*<!--\s*no-run:\s*(?P<why>\S.*?)\s*-->\s*$")
SNIPPET_PATH = re.compile(r"snippets/[\w.-]+(/[\w.-]+)*\.py")
FRONT_MATTER = re.compile(r"\A---\n(?P<yaml>.*?)\n---\n", re.S)


class PageError(ValueError):
    """A page declares a run that cannot be run as written; names the page and line."""


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
    def is_output(self) -> bool:
        return self.info.strip() == OUTPUT

    def _settings(self) -> tuple[str, list[str], dict[str, object]]:
        lines = [line.removeprefix(self.indent) for line in self.body]
        command = shlex.split(lines[0]) if lines and lines[0].strip() else []
        if not command:
            raise PageError("an output fence needs the snippet's path on its first line")
        path, *args = command
        if not SNIPPET_PATH.fullmatch(path) or ".." in path.split("/"):
            raise PageError(f"{path!r}: a run names a .py file under snippets/ (no '..', not absolute)")
        try:
            options = yaml.safe_load("\n".join(lines[1:])) or {}
        except yaml.YAMLError as e:
            raise PageError(f"settings are not valid YAML: {e}") from e
        if not isinstance(options, dict):
            raise PageError(f"settings must be 'key: value' lines, got {options!r}")
        return path, args, options

    def changes(self) -> dict[str, str]:
        """``changes:``: where the output changes between Python versions the snippet runs on, and why
        (``{"3.12": "3.12 起多了一条 DeprecationWarning"}``; the key is the first version with the new output)."""
        value = self._settings()[2].get(CHANGES) or {}
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and VERSION.fullmatch(k) and isinstance(v, str) and v.strip() for k, v in value.items()
        ):
            raise PageError(f'{CHANGES}: a mapping of quoted versions to reasons ("3.12": 3.12 起…), got {value!r}')
        return {k: v.strip() for k, v in value.items()}

    def spec(self) -> Spec:
        """The run this ``output`` fence declares; PageError (with the reason) when it is not valid."""
        path, args, options = self._settings()
        options = {k: v for k, v in options.items() if k != CHANGES}  # what is shown, not how it runs
        self.changes()
        try:
            return make_spec(path, {"args": args, **options} if args else options)
        except SpecError as e:
            raise PageError(str(e)) from e


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
    def meta(self) -> dict[str, object]:
        m = FRONT_MATTER.match(self.text)
        data = yaml.safe_load(m["yaml"]) if m else None
        return data if isinstance(data, dict) else {}

    @property
    def runs(self) -> list[tuple[Fence, Spec]]:
        """Each ``output`` fence with its run; PageError naming the page and line when one is invalid."""
        out = []
        for f in self.fences:
            if f.is_output:
                try:
                    out.append((f, f.spec()))
                except PageError as e:
                    raise PageError(f"{self.path}:{f.start + 1}: {e}") from e
        return out

    @property
    def specs(self) -> list[Spec]:
        return [spec for _, spec in self.runs]

    @property
    def includes(self) -> list[str]:
        return [p for f in self.fences if (p := f.include)]


def all_pages(docs_dir: Path) -> list[Page]:
    return [Page.read(p) for p in sorted(docs_dir.rglob("*.md"))]


def all_snippets(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in (root / "snippets").rglob("*.py"))


def expand(page: Page, root: Path) -> str:
    """The page as a reader sees it, for pytest-codeblocks.

    Includes are expanded by pymdownx.snippets itself (the site's options); ``output`` fences
    are dropped (the snippet they run is the included block right above). pytest-codeblocks
    collects only a fence whose info string is exactly ``python``, so a code fence with a title
    (``py title="snippets/…"``) is presented to it as plain ``python``.
    """
    from markdown import Markdown

    lines = page.text.splitlines()
    drop: set[int] = set()
    for f in page.fences:
        if f.is_output:
            drop.update(range(f.start, f.end + 1))
        elif f.lang in ("py", "python") and f.info != "python" and not f.exempt and "tags=" not in f.info:
            lines[f.start] = f.indent + "```python"  # code the reader copies and runs
    kept = [line for i, line in enumerate(lines) if i not in drop]
    md = Markdown(extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": snippet_options(root)})
    return "\n".join(md.preprocessors["snippet"].run(kept)) + "\n"


def snippet_options(root: Path) -> dict[str, object]:
    """pymdownx.snippets options; mkdocs.yml holds the same (a test keeps them equal)."""
    return {"base_path": [str(root)], "check_paths": True, "dedent_subsections": True}


def regular_snippet(root: Path, path: str) -> bool:
    """A regular file under ``root/snippets`` (not a symlink, not outside it)."""
    full = root / path
    snippets = (root / "snippets").resolve()
    return not full.is_symlink() and full.resolve().is_relative_to(snippets) and full.is_file()

"""MkDocs hook: under ``mkdocs serve``, a page whose Markdown did not change is not converted again.

Once the runs are stored, converting every page's Markdown to HTML (pymdownx, Pygments) is most of
a rebuild: about 1.2 s of 3 s, after a prose edit that changed one page. What a conversion makes
depends only on the page's Markdown after the hooks (an output is still a token then: the runs are
filled in later, by hooks/snippets.py), the files it includes (``--8<--``), the site's files
(links are resolved against them) and the Markdown settings. When all of those are as they were in
an earlier rebuild of this process, the page takes that conversion's HTML, table of contents, title
and anchors (:data:`buildkit.session.SESSION` keeps them). A conversion that logged a warning is
not kept, so ``strict`` still fails every rebuild that has it; a page whose includes cannot be told
apart from its text is always converted. ``mkdocs build`` converts every page, as MkDocs does.
"""

from __future__ import annotations

import copy
import hashlib
import inspect
import logging
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markdown.extensions import Extension
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # buildkit, next to hooks/

from buildkit.session import SESSION

INCLUDE = re.compile(r"""^[ \t]*-{1,}8<-{1,}[ \t]+(["'])([^"'\n]+)\1[ \t]*$""", re.M)
ANY_INCLUDE = re.compile(r"-{1,}8<-{1,}")


@dataclass(frozen=True)
class Conversion:
    key: str
    content: str
    toc: Any
    title: str | None
    anchors: frozenset[str]
    links: dict[str, dict[str, str]] | None  # linked page (src_uri) -> {anchor: link as written}


def _includes(markdown: str, bases: list[Path]) -> list[tuple[str, bytes]] | None:
    """Each file the page includes, with its bytes; None when an include is written another way
    (a block of paths, a URL): then the page is always converted."""
    named = [m[2].strip() for m in INCLUDE.finditer(markdown)]
    if len(named) != len(ANY_INCLUDE.findall(markdown)):
        return None
    out = []
    for name in named:
        path = re.sub(r"(:[^/:]*)+$", "", name)  # "file.py:3:8", "file.py:section": the file
        found = next((b / path for b in bases if (b / path).is_file()), None)
        out.append((name, found.read_bytes() if found else b"\0missing"))
    return out


def _extension(ext: str | Extension) -> str:
    """A Markdown extension as the key sees it: its name, or (an instance a hook made) its class,
    settings and the source file it comes from (a hook edited under serve converts every page again)."""
    if isinstance(ext, str):
        return ext
    source = inspect.getsourcefile(type(ext))
    code = hashlib.sha256(Path(source).read_bytes()).hexdigest() if source else ""
    return f"{type(ext).__module__}.{type(ext).__qualname__} {ext.getConfigs()!r} {code}"


class Conversions:
    def __init__(self) -> None:
        self.files = ""  # the site's files and their URLs, for this build

    @event_priority(-100)  # after every hook and plugin that adds files
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.files = hashlib.sha256(repr(sorted((f.src_uri, f.url) for f in files)).encode()).hexdigest()
        return files

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        if SESSION.command == "serve":
            render = page.render  # MkDocs' own conversion
            page.render = lambda config, files: self._render(page, render, config, files)  # type: ignore[method-assign]
        return page

    def _render(self, page: Page, render: Any, config: MkDocsConfig, files: Files) -> None:
        kept: dict[str, Conversion] = SESSION.kept("conversions")
        key = self._key(page, config)
        was = kept.get(page.file.src_uri)
        if key is not None and was is not None and was.key == key:
            page.content = was.content
            page.toc = copy.deepcopy(was.toc)
            page._title_from_render = was.title
            page.present_anchor_ids = set(was.anchors)
            if was.links is not None:
                page.links_to_anchors = {
                    f: dict(links) for uri, links in was.links.items() if (f := files.get_file_from_path(uri))
                }
            return
        warnings = CountHandler(level=logging.WARNING)
        logging.getLogger("mkdocs").addHandler(warnings)
        try:
            render(config, files)
        finally:
            logging.getLogger("mkdocs").removeHandler(warnings)
        if key is None or warnings.get_counts() or page.content is None:
            kept.pop(page.file.src_uri, None)
            return
        links = page.links_to_anchors
        kept[page.file.src_uri] = Conversion(
            key,
            page.content,
            copy.deepcopy(page.toc),
            page._title_from_render,
            frozenset(page.present_anchor_ids or ()),
            None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
        )

    def _key(self, page: Page, config: MkDocsConfig) -> str | None:
        root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        bases = [root / b for b in config.mdx_configs.get("pymdownx.snippets", {}).get("base_path", ["."])]
        includes = _includes(page.markdown or "", bases)
        if includes is None:
            return None
        h = hashlib.sha256()
        for part in (
            page.file.src_uri,
            page.url,
            self.files,
            repr(([_extension(e) for e in config.markdown_extensions], config.mdx_configs, config.validation)),
            page.markdown or "",
        ):
            h.update(part.encode() + b"\0")
        for name, data in includes:
            h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
        return h.hexdigest()


_hook = Conversions()
on_files = _hook.on_files
on_pre_page = _hook.on_pre_page

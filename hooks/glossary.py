"""MkDocs hook: glossary tooltips (``<abbr title>``) that also work inside running Chinese text.

Python-Markdown's ``abbr`` extension finds terms with ``\\b(?:term1|term2|…)\\b``. A regex word
boundary needs a word character on one side and a non-word character on the other, and every CJK
character is a word character (``\\w``). So a Chinese term only matches where it touches a space,
punctuation or the edge of the text: ``（协程）`` and ``协程 是`` match, but ``一个协程对象``,
``调用协程函数`` and ``这是协程`` never do — which, in Chinese prose without spaces, is almost always.

:class:`CjkAbbrExtension` is the ``abbr`` extension with one change, the pattern: a boundary is
required only at an edge of a term that is an ASCII letter, digit or underscore (so ``Task`` still
does not match inside ``Tasks`` or ``TaskGroup``, but does inside ``一个Task对象``); a Chinese edge
needs none. Longer terms are tried first, so ``协程对象`` wins over ``协程``. Terms are searched only
in running text (``p``, ``li``, ``dd``; not in headings, tables or admonition titles); within it, as
upstream: text marked atomic (inline code) is skipped, and
fenced code, highlighted blocks and raw HTML (the snippet output blocks) are stashed placeholders
that tree processors never see.

The hook swaps ``abbr`` in ``markdown_extensions`` for this extension and loads the site-wide
definitions from ``includes/abbreviations.md`` (abbr syntax: ``*[事件循环]: event loop — …``), so no
page needs to include that file.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown import Markdown
from markdown.extensions import abbr as _abbr

GLOSSARY_FILE = "includes/abbreviations.md"
_ASCII_WORD = re.compile(r"[A-Za-z0-9_]")
_DEFINITION = _abbr.AbbrBlockprocessor.RE  # the very syntax pages use: *[term]: title


def term_pattern(term: str) -> str:
    """The regex for one term: boundaries only at its ASCII-word edges."""
    left = r"(?<![A-Za-z0-9_])" if _ASCII_WORD.match(term[0]) else ""
    right = r"(?![A-Za-z0-9_])" if _ASCII_WORD.match(term[-1]) else ""
    return left + re.escape(term) + right


# Tooltips belong in running text only: paragraphs, list items, definitions (an admonition's body is
# paragraphs too). Headings, tables (the home page's chapter table) and admonition titles stay plain.
PROSE = {"p", "li", "dd"}


def _is_prose(el) -> bool:
    return el.tag in PROSE and "admonition-title" not in (el.get("class") or "").split()


class CjkAbbrTreeprocessor(_abbr.AbbrTreeprocessor):
    def run(self, root):
        if not self.abbrs:
            return
        terms = sorted(self.abbrs, key=len, reverse=True)  # longest first: 协程对象 before 协程
        self.RE = re.compile("|".join(term_pattern(t) for t in terms))
        self.iter_prose(root)

    def iter_prose(self, el) -> None:
        """Upstream's search (``iter_element``), started only at the outermost prose elements."""
        for child in el:
            if _is_prose(child):
                self.iter_element(child)  # no parent: the text after the element is not prose
            elif child.tag in PROSE:
                continue  # an admonition title
            else:
                self.iter_prose(child)


class CjkAbbrExtension(_abbr.AbbrExtension):
    """``abbr`` whose terms also match between Chinese characters."""

    def extendMarkdown(self, md: Markdown) -> None:
        super().extendMarkdown(md)
        # same name and priority: replaces upstream's tree processor
        abbrs: dict[str, str] = vars(self)["abbrs"]  # set by upstream's __init__ (its stubs omit it)
        md.treeprocessors.register(CjkAbbrTreeprocessor(md, abbrs), "abbr", 7)


def read_definitions(path: Path) -> dict[str, str]:
    """``*[term]: title`` lines -> {term: title}; anything else in the file is ignored."""
    out: dict[str, str] = {}
    for m in _DEFINITION.finditer(path.read_text("utf-8")):
        term, title = m["abbr"].strip(), m["title"].strip()
        if term and title and title not in ("''", '""'):
            out[term] = title
    return out


def on_config(config):
    from mkdocs.exceptions import PluginError

    if not hasattr(_abbr, "AbbrTreeprocessor"):
        raise PluginError("hooks/glossary.py needs Markdown >= 3.7 (abbr implemented as a tree processor)")
    glossary_path = Path(config.config_file_path).resolve().parent / GLOSSARY_FILE
    if not glossary_path.is_file():
        raise PluginError(f"hooks/glossary.py: {glossary_path} not found")
    options = dict(
        config.mdx_configs.pop("abbr", None) or config.mdx_configs.pop("markdown.extensions.abbr", None) or {}
    )
    glossary = {**read_definitions(glossary_path), **options.pop("glossary", {})}
    ext = CjkAbbrExtension(glossary=glossary, **options)
    names = list(config.markdown_extensions)
    upstream = {"abbr", "markdown.extensions.abbr"}
    config.markdown_extensions = [ext if e in upstream else e for e in names]
    if not upstream & set(names):
        config.markdown_extensions.append(ext)
    return config

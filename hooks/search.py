"""MkDocs hook: Chinese search that works from any directory, with previews that show the prose.

Material segments Chinese for the search index only when jieba is importable, and resolves
``search.jieba_dict_user`` from the *current* directory, not from mkdocs.yml's. This pins the
user dictionary (the guide's terms: 事件循环, 可等待对象, …) to the config directory and keeps
jieba's start-up chatter off stderr.

A result's preview is the start of its section's indexed text. Most sections open with a
snippet's whole source, so after the search plugin wrote the index, each section's code blocks
(and the outputs under them) move behind its prose: still searchable, no longer the preview.
Timelines and the line under each output are not indexed at all (``data-search-exclude``).

Segmenting every page with jieba is most of a rebuild under ``mkdocs serve`` (about 3 s of 4). A
page's entries depend only on its URL, its rendered content and its ``search`` settings, so they are
kept per process (:data:`buildkit.session.SESSION`) and a rebuild segments only the pages that changed.
"""

from __future__ import annotations

import copy
import json
import logging
import re
import sys
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # buildkit, next to hooks/

from buildkit.session import SESSION


@event_priority(100)  # before the search plugin reads its options
def on_config(config):
    try:
        import jieba
    except ImportError as e:
        raise PluginError("jieba is not installed: Chinese search would index whole sentences as one word") from e
    jieba.setLogLevel(logging.WARNING)
    search = config.plugins.get("material/search") or config.plugins.get("search")
    user_dict = search.config.jieba_dict_user if search else None
    if user_dict and not Path(user_dict).is_absolute():
        search.config.jieba_dict_user = str(Path(config.config_file_path).resolve().parent / user_dict)
    return config


def on_pre_build(config) -> None:
    """The search plugin's index (made in its on_config) reuses the entries of unchanged pages."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(search, "search_index", None)
    if index is None:
        return
    add = index.add_entry_from_context
    kept: dict[str, tuple[tuple[Any, ...], list[Any]]] = SESSION.kept("search entries")

    def add_entry_from_context(page) -> None:
        key = (page.content, json.dumps(page.meta.get("search") or {}, sort_keys=True, default=str))
        if (was := kept.get(page.url)) is not None and was[0] == key:
            index.entries.extend(copy.deepcopy(was[1]))
            return
        before = len(index.entries)
        add(page)
        kept[page.url] = (key, copy.deepcopy(index.entries[before:]))

    index.add_entry_from_context = add_entry_from_context


# a code block with the label above it: the snippet's path, or an output's title (输出, 输出（Python 3.12）…)
CODE = re.compile(r"(?:snippets/[\w./-]+\.py|[\u200b\s]*输出[^<]{0,80}?)?\s*<pre>.*?</pre>", re.S)


def prose_first(text: str) -> str:
    """The section's text with its code blocks moved behind the prose (order among them kept)."""
    blocks = [m[0].strip() for m in CODE.finditer(text)]
    if not blocks:
        return text
    return " ".join([CODE.sub(" ", text).strip(), *blocks]).strip()


@event_priority(-50)  # after the search plugin wrote the index, before hooks/atomic_site.py swaps the site in
def on_post_build(config) -> None:
    index = Path(config.site_dir) / "search" / "search_index.json"
    if not index.is_file():
        return
    data = json.loads(index.read_text("utf-8"))
    for doc in data.get("docs", []):
        doc["text"] = prose_first(doc["text"])
    index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")

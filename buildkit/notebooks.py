"""A kernel page's converted output, kept for the rebuilds of one ``mkdocs serve`` process.

mkdocs-execute-plugin turns each ``execute: true`` page into a notebook (jupytext) and converts it
with nbconvert: an IPython kernel runs its cells, then the outputs are extracted and the page is
written back as Markdown. Under ``mkdocs serve`` that happened on every rebuild, whatever was
saved: ~2.2 s of a ~5 s edit cycle for the Jupyter page. MkDocs makes its plugins and reloads the
hook modules anew on every rebuild, so what a page's conversion gave is kept per process, in the
session's :class:`Notebooks` (``buildkit.session.SESSION.notebooks``); ``hooks/execute.py`` puts
:meth:`Notebooks.convert` in front of the plugin's exporter.

A conversion is reused when the page's notebook (its cells and metadata, as read from the page's
source: only the cell ids jupytext makes up afresh on each read are left out), what the plugin
passes with it (the page's name and folder, where its outputs go) and the conversion's settings
(``settings``: the plugin's options and the hook's) are all what they were last time. Anything else
the page's output depends on is the process's own (the kernel's interpreter and packages, the hook
code). Cells that read a file or the clock are run again only when the page is saved.

A conversion that fails (a cell raised, timed out) is not kept: the next build runs the kernel
again. One entry per page: the latest. One ``mkdocs build`` converts each page once, so nothing
changes there.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

log = logging.getLogger("mkdocs.buildkit")

Converted = tuple[str, dict[str, Any]]  # the page's Markdown and nbconvert's resources (its outputs)
Convert = Callable[..., Converted]  # nbconvert's ``TemplateExporter.from_notebook_node``


@dataclass
class Notebooks:
    _kept: dict[str, tuple[str, Converted]] = field(default_factory=dict)  # page -> (key, what it gave)
    converted: int = 0  # conversions that ran (a kernel each): what the tests count

    def convert(
        self, convert: Convert, settings: str, nb: Mapping[str, Any], resources: Mapping[str, Any] | None = None
    ) -> Converted:
        """``convert(nb, resources)``, or what it gave last time for the same page, notebook and settings."""
        page = _page(resources)
        key = _key(nb, resources, settings)
        kept = self._kept.get(page)
        if kept is not None and kept[0] == key:
            log.info("%s: cells unchanged since the last build, its kernel's output reused", _name(resources))
            return copy.deepcopy(kept[1])  # the plugin writes the outputs out of it on every build
        self._kept.pop(page, None)  # a failure below leaves nothing stale behind
        result = convert(nb, resources)
        self.converted += 1
        self._kept[page] = (key, copy.deepcopy(result))
        return result

    def in_front_of(self, convert: Convert, settings: str) -> Convert:
        """``convert`` as the plugin calls it (``(nb, resources=...)``), answered from here when it can."""
        return partial(self.convert, convert, settings)


def _page(resources: Mapping[str, Any] | None) -> str:
    """The page, as the plugin names it to nbconvert: its folder and its file name."""
    if not resources:
        return ""
    metadata = resources.get("metadata") or {}
    return f"{metadata.get('path', '')}/{resources.get('unique_key', '')}"


def _name(resources: Mapping[str, Any] | None) -> str:
    return str((resources or {}).get("unique_key") or "notebook")


def _key(nb: Mapping[str, Any], resources: Mapping[str, Any] | None, settings: str) -> str:
    cells = [{k: v for k, v in cell.items() if k != "id"} for cell in nb.get("cells", [])]
    notebook = {**nb, "cells": cells}
    text = json.dumps([notebook, resources or {}, settings], sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()

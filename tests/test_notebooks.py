"""buildkit.notebooks: a kernel page is converted (its kernel run) again only when its cells, what the
plugin passes with them or the settings changed; a failed conversion is not kept. A stand-in for
nbconvert counts the conversions (tests/test_serve_loop.py runs the real kernel under serve)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from buildkit.notebooks import Converted, Notebooks


def _notebook(*sources: str) -> dict[str, Any]:
    """As jupytext reads a page: every read makes up new cell ids."""
    cells = [{"cell_type": "code", "id": uuid.uuid4().hex[:8], "metadata": {}, "source": s} for s in sources]
    return {"cells": cells, "metadata": {"jupytext": {"main_language": "python"}}, "nbformat": 4}


def _resources(name: str = "page.md", folder: str = "/docs/apps") -> dict[str, Any]:
    return {"unique_key": name, "output_files_dir": "_execute_outputs", "metadata": {"path": Path(folder)}}


class Kernel:
    """nbconvert's from_notebook_node, counting its calls; raises for a cell that says so."""

    def __init__(self) -> None:
        self.runs = 0

    def __call__(self, nb: dict[str, Any], resources: dict[str, Any] | None = None) -> Converted:
        self.runs += 1
        sources = [c["source"] for c in nb["cells"]]
        if "raise" in sources:
            raise RuntimeError("a cell raised")
        return f"run {self.runs}: {sources}", {**(resources or {}), "outputs": {"output_0_0.png": b"png"}}


def test_unchanged_cells_run_once_changed_ones_again() -> None:
    kernel, notebooks = Kernel(), Notebooks()
    convert = notebooks.in_front_of(kernel, "settings")
    first = convert(_notebook("print(1)"), resources=_resources())
    assert convert(_notebook("print(1)"), resources=_resources()) == first  # a rebuild: read again, new ids
    assert kernel.runs == 1 and notebooks.converted == 1
    changed = convert(_notebook("print(2)"), resources=_resources())
    assert kernel.runs == 2 and changed[0] == "run 2: ['print(2)']"
    assert convert(_notebook("print(1)"), resources=_resources())[0] == "run 3: ['print(1)']"  # only the latest is kept


def test_each_page_and_the_settings_are_part_of_the_key() -> None:
    kernel, notebooks = Kernel(), Notebooks()
    nb = _notebook("print(1)")
    notebooks.convert(kernel, "a", nb, _resources("one.md"))
    notebooks.convert(kernel, "a", nb, _resources("two.md"))
    notebooks.convert(kernel, "a", nb, _resources("one.md", "/docs/other"))
    assert kernel.runs == 3
    for name in ("one.md", "two.md"):  # both kept
        notebooks.convert(kernel, "a", nb, _resources(name))
    assert kernel.runs == 3
    notebooks.convert(kernel, "b", nb, _resources("one.md"))  # the template, tags or the kernel's settings changed
    assert kernel.runs == 4


def test_a_failed_conversion_is_not_kept() -> None:
    kernel, notebooks = Kernel(), Notebooks()
    notebooks.convert(kernel, "s", _notebook("print(1)"), _resources())
    for _ in range(2):
        with pytest.raises(RuntimeError):
            notebooks.convert(kernel, "s", _notebook("raise"), _resources())
    assert kernel.runs == 3
    notebooks.convert(kernel, "s", _notebook("print(1)"), _resources())  # the earlier success is gone too
    assert kernel.runs == 4


def test_what_the_plugin_gets_back_is_its_own_copy() -> None:
    kernel, notebooks = Kernel(), Notebooks()
    _, resources = notebooks.convert(kernel, "s", _notebook("x"), _resources())
    resources["outputs"].clear()  # the plugin's writer may take what it writes out of it
    _, again = notebooks.convert(kernel, "s", _notebook("x"), _resources())
    assert again["outputs"] == {"output_0_0.png": b"png"} and kernel.runs == 1

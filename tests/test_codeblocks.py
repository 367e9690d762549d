"""pytest-codeblocks over every page as the reader sees it (snippet includes expanded).

pytest-codeblocks collects each fence whose info string is exactly python/sh/bash; we run each
collected block the way a reader runs code they copied: Python in a fresh interpreter with
``__name__ == "__main__"`` (pytest-codeblocks' own exec() would not set it), from an empty
working directory, with the exit status and stderr the page declares. A block that is an
included snippet shares its run with every other test of this session.
"""

from __future__ import annotations

import asyncio
import subprocess
from io import StringIO

import pytest
from pytest_codeblocks import extract_from_buffer

from buildkit.model import Spec
from buildkit.pages import expand, fences
from buildkit.runner import run_snippet

from .config import ROOT, SITE, declared_specs, pages

SPECS = declared_specs()
COLLECTED = {"python", "sh", "bash"}  # info strings pytest-codeblocks collects


def _blocks():
    for page in pages():
        rel = page.path.relative_to(ROOT).as_posix()
        sources = {(ROOT / p).read_text("utf-8").strip(): p for p in page.includes if (ROOT / p).is_file()}
        text = expand(page, ROOT)
        exempt = {f.start + 1 for f in fences(text) if f.exempt}
        for block in extract_from_buffer(StringIO(text)):
            if block.syntax not in COLLECTED or block.lineno in exempt:
                continue  # not collected by pytest-codeblocks' own plugin, or exempted (the guard checks why)
            snippet = sources.get(block.code.strip())
            label = snippet or f"line{block.lineno}"
            yield pytest.param(block, snippet, id=f"{rel}::{label}")


@pytest.mark.parametrize(("block", "snippet"), list(_blocks()))
def test_code_block_runs(block, snippet, run_spec, tmp_path):
    if block.syntax in ("sh", "bash"):
        proc = subprocess.run(
            ["bash", "-e", "-c", block.code], cwd=tmp_path, capture_output=True, text=True, timeout=60
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
        return
    if snippet is not None:
        spec = next((s for s in SPECS.values() if snippet in s.files), None)
        assert spec is not None, f"{snippet} is shown but never run (add an output fence)"
        result = run_spec(spec)
    else:  # a block written in the page itself: run like a snippet, from a folder of its own
        (tmp_path / "snippets").mkdir()
        (tmp_path / "snippets" / "block.py").write_text(block.code, "utf-8")
        spec = Spec(path="snippets/block.py")
        result = asyncio.run(run_snippet(spec, tmp_path, SITE.pythons[0], sandbox=SITE.sandbox))
    assert result.problem() is None, f"{spec.path}: {result.problem()}\n{result.tail()}"
    if block.expected_output is not None:
        assert result.output.strip() == block.expected_output.strip()

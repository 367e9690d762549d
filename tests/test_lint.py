"""Lint as tests: Python (ruff), Chinese copywriting (autocorrect), Markdown, workflows (zizmor, actionlint)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import autocorrect_py
import pytest

from buildkit.pages import fences

from .config import ROOT, pages

BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = BIN / name
    return str(path) if path.exists() else (shutil.which(name) or name)


def test_ruff_lint() -> None:
    proc = subprocess.run([_tool("ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout


def test_ruff_format() -> None:
    proc = subprocess.run([_tool("ruff"), "format", "--check", "."], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout


def prose(text: str) -> str:
    """The page with code (fences, inline code), comments and HTML blanked: what examples print stays untouched."""
    lines = text.splitlines()
    for f in fences(text):
        for i in range(f.start, min(f.end + 1, len(lines))):
            lines[i] = ""
    out = "\n".join(lines)
    out = re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), out, flags=re.S)
    out = re.sub(r"`[^`\n]*`", "`x`", out)
    return re.sub(r"\A---\n.*?\n---\n", lambda m: "\n" * m.group(0).count("\n"), out, flags=re.S)


def copywriting_errors(text: str) -> list[str]:
    result = autocorrect_py.lint_for(prose(text), "page.md")
    return [f"line {r.line}: {r.old!r} -> {r.new!r}" for r in result.lines]


def test_copywriting_check_can_fail() -> None:
    assert copywriting_errors("使用asyncio的3种方式\n")
    assert not copywriting_errors("使用 asyncio 的 3 种方式\n\n```py\nprint('a中b')\n```\n")


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.path.relative_to(ROOT).as_posix())
def test_chinese_copywriting(page) -> None:
    assert copywriting_errors(page.text) == []


def test_markdown_lint() -> None:
    proc = subprocess.run(
        [_tool("pymarkdown"), "--config", ".pymarkdown.json", "scan", "docs", "README.md", "MAINTAINING.md"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_workflows_zizmor() -> None:
    proc = subprocess.run(
        [
            _tool("zizmor"),
            "--offline",
            "--min-severity",
            "medium",
            "--config",
            ".github/zizmor.yml",
            ".github/workflows",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_types_mypy() -> None:
    """The build package, hooks, tests and bench type-check (settings in pyproject.toml)."""
    proc = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_workflows_actionlint() -> None:
    """Workflow syntax, expressions, job/step references, action inputs; shell in run: via shellcheck if present."""
    exe = _tool("actionlint")
    if shutil.which(exe) is None:
        pin = next(line for line in (ROOT / "requirements-github.txt").read_text("utf-8").splitlines() if "==" in line)
        message = f"actionlint is not installed (pip install {pin}: its build downloads the binary from GitHub)"
        if os.environ.get("GITHUB_ACTIONS") == "true":
            pytest.fail(message)  # ci.yml installs it: missing there is a broken CI, not a skip
        pytest.skip(message)
    proc = subprocess.run([exe, "-no-color"], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr

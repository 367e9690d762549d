"""Throwaway sites built in a temp dir with the real hook, plugin and Markdown settings."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from guide.runner import ROOT


def site_config(extra_nav: str = "", search: bool = False) -> str:
    """The real mkdocs.yml, minus nav/watch, with the hook referenced by absolute path.

    Without the search plugin unless asked: loading jieba's dictionary costs ~0.6 s per build and
    no mini-site test is about search (the real site's search is tested in a browser).
    """
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    text = text.split("\nnav:", 1)[0]
    if not search:
        text, n = re.subn(r"\n  - search:\n(      .*\n)+", "\n", text)
        assert n == 1, "mkdocs.yml's search plugin entry changed shape"
    text = re.sub(r"\nwatch:\n(  - .*\n)+", "\n", text)
    text = text.replace("  - hooks/", f"  - {ROOT / 'hooks'}/")
    text = re.sub(r"\nextra_css:\n(  - .*\n)+", "\n", text)
    return text + extra_nav


def make_site(tmp: Path, pages: dict[str, str], snippets: dict[str, str]) -> Path:
    (tmp / "docs").mkdir(parents=True, exist_ok=True)
    (tmp / "mkdocs.yml").write_text(site_config(), "utf-8")
    for shared in ("includes", "overrides"):  # the glossary, jieba's dictionary, theme overrides
        shutil.copytree(ROOT / shared, tmp / shared, dirs_exist_ok=True)
    for name, text in pages.items():
        (tmp / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / "docs" / name).write_text(text, "utf-8")
    for name, text in snippets.items():
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_text(text, "utf-8")
    return tmp


def page_for(*paths: str, **settings: object) -> str:
    kw = "".join(f", {k}={v!r}" for k, v in settings.items())
    parts = ["---\nexecute: true\n---\n\n# Test\n"]
    for p in paths:
        parts.append(
            f'```py title="{p}"\n--8<-- "{p}"\n```\n\n'
            f'```python tags=["hide-input"]\nfrom guide import show; show("{p}"{kw})\n```\n'
        )
    return "\n".join(parts)


def build(site: Path, out: Path | None = None, timeout: float = 120, **env: str) -> subprocess.CompletedProcess[str]:
    out = out or site / "site"
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDE_CACHE_DIR": str(site / ".cache"), **env}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=site,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )

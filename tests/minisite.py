"""Throwaway sites built in a temp dir with the real hook, plugin and Markdown settings."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from buildkit import mkdocs_yaml

from .config import MKDOCS_YML, ROOT, one_python


def site_config(search: bool = False) -> dict[str, Any]:
    """The real mkdocs.yml for a mini-site (buildkit.mkdocs_yaml.derived).

    Without the search plugin unless asked: loading jieba's dictionary costs ~0.6 s per build and
    no mini-site test is about search (the real site's search is tested in a browser).
    """
    return mkdocs_yaml.derived(MKDOCS_YML, search=search)


def make_site(tmp: Path, pages: dict[str, str], snippets: dict[str, str]) -> Path:
    (tmp / "docs").mkdir(parents=True, exist_ok=True)
    tmp.chmod(0o755)  # pytest makes it private; a run (nobody, where the build is root) reads the snippets
    (tmp / "snippets").mkdir(exist_ok=True)
    mkdocs_yaml.dump(site_config(), tmp / "mkdocs.yml")
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
    """A page showing each snippet and, below it, the output of its run with these settings."""
    options = yaml.safe_dump(settings, allow_unicode=True) if settings else ""
    parts = ["# Test\n"]
    for p in paths:
        parts.append(f'```py title="{p}"\n--8<-- "{p}"\n```\n\n```output\n{p}\n{options}```\n')
    return "\n".join(parts)


def build(site: Path, out: Path | None = None, timeout: float = 300, **env: str) -> subprocess.CompletedProcess[str]:
    out = out or site / "site"
    full_env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "GUIDE_CACHE_DIR": str(site / ".cache"),
        **one_python(),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=site,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def free_port() -> int:
    """A port nothing listens on now, for a throwaway ``mkdocs serve``."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def relay(target: str | Path) -> Iterator[int]:
    """``buildkit/forward.py`` as the build runs it, from a free port on 127.0.0.1 to ``target`` (a Unix
    socket or ``host:port``), until the block ends; yields the port."""
    from buildkit import reaper
    from buildkit.forward import PROGRAM

    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-I", "-S", PROGRAM, f"127.0.0.1:{port}={target}"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline() == b"ready\n"
        yield port
    finally:
        reaper.release(proc, 10)


def wait_for(url: str, ready: Callable[[str], bool], limit: float = 180) -> str:
    """The page at ``url`` once ``ready(html)`` holds (a served site rebuilds as its runs finish)."""
    deadline = time.monotonic() + limit
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                last = resp.read().decode("utf-8")
            if ready(last):
                return last
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} never became ready; last response:\n{last[-2000:]}")

"""Broken internal links and anchors fail the strict build (mkdocs.yml ``validation``); links to where
the site is hosted follow SITE_URL / REPO_URL, and point nowhere without them."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .config import mkdocs_yml, one_python
from .minisite import build, make_site

pytestmark = pytest.mark.build

OK = "# 首页\n\n## 第一节\n\n见[第二页](second.md#小节)和[本页的第一节](#第一节)。\n"
SECOND = "# 第二页\n\n## 小节\n\n回到[首页](index.md)。\n"


def test_valid_links_build_cleanly(tmp_path: Path) -> None:
    proc = build(make_site(tmp_path, {"index.md": OK, "second.md": SECOND}, {}))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "WARNING" not in proc.stderr


BROKEN = {
    "missing-page": ("[坏链接](missing.md)", "missing.md"),
    "missing-anchor": ("[坏锚点](second.md#没有这一节)", "没有这一节"),
    "missing-local-anchor": ("[本页坏锚点](#不存在)", "不存在"),
}


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory: pytest.TempPathFactory):
    links = "\n\n".join(link for link, _ in BROKEN.values())
    site = make_site(tmp_path_factory.mktemp("links"), {"index.md": OK + f"\n{links}\n", "second.md": SECOND}, {})
    return build(site)


@pytest.mark.parametrize("kind", list(BROKEN))
def test_broken_link_fails_the_strict_build(broken_build, kind: str) -> None:
    _, needle = BROKEN[kind]
    assert broken_build.returncode != 0, broken_build.stderr[-3000:]
    warnings = [line for line in broken_build.stderr.splitlines() if line.startswith("WARNING") and "index.md" in line]
    assert any(needle in line for line in warnings), broken_build.stderr[-3000:]


# Where the site is hosted: site_url and repo_url come from SITE_URL / REPO_URL (mkdocs.yml ``!ENV``).
HOSTING_VARS = ("SITE_URL", "REPO_URL", "EDIT_URI")
SITE_URL, REPO_URL = "https://alice.github.io/guide/", "https://github.com/alice/guide"


def _without_hosting_vars() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in HOSTING_VARS}


def test_mkdocs_yml_takes_site_and_repo_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in HOSTING_VARS:
        monkeypatch.delenv(var, raising=False)
    unset = mkdocs_yml()
    assert (unset["site_url"], unset["repo_url"]) == ("", "")
    monkeypatch.setenv("SITE_URL", SITE_URL)
    monkeypatch.setenv("REPO_URL", REPO_URL)
    assert (mkdocs_yml()["site_url"], mkdocs_yml()["repo_url"]) == (SITE_URL, REPO_URL)


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The same two pages built twice: for a fork's Pages site, and with no hosting variables set."""
    tmp = tmp_path_factory.mktemp("hosting")
    site = make_site(tmp / "src", {"index.md": OK, "second.md": SECOND}, {})
    with pytest.MonkeyPatch.context() as mp:
        for var in HOSTING_VARS:
            mp.delenv(var, raising=False)
        local = build(site, out=tmp / "local")
        pages = build(site, out=tmp / "pages", SITE_URL=SITE_URL, REPO_URL=REPO_URL)
    assert local.returncode == 0, local.stderr[-3000:]
    assert pages.returncode == 0, pages.stderr[-3000:]
    return {"src": site, "local": tmp / "local", "pages": tmp / "pages"}


def _links(html: str, rel: str) -> list[str]:
    return [m.group(1) for m in re.finditer(rf'<(?:link|a) [^>]*?href="([^"]*)"[^>]*? rel="{rel}"', html)] + [
        m.group(1) for m in re.finditer(rf'<(?:link|a) rel="{rel}" href="([^"]*)"', html)
    ]


def test_pages_build_links_to_the_fork_it_was_built_for(hosted: dict[str, Path]) -> None:
    html = (hosted["pages"] / "second" / "index.html").read_text("utf-8")
    assert _links(html, "canonical") == [SITE_URL + "second/"]
    assert _links(html, "edit") == [REPO_URL + "/edit/main/docs/second.md"]
    sitemap = re.findall(r"<loc>(.*?)</loc>", (hosted["pages"] / "sitemap.xml").read_text("utf-8"))
    assert sorted(sitemap) == [SITE_URL, SITE_URL + "second/"]


def test_local_build_links_to_no_account(hosted: dict[str, Path]) -> None:
    """Nothing points at a placeholder (or any) account: no canonical URL, no edit button, empty sitemap."""
    html = (hosted["local"] / "second" / "index.html").read_text("utf-8")
    assert _links(html, "canonical") == [] and _links(html, "edit") == []
    assert "<loc>" not in (hosted["local"] / "sitemap.xml").read_text("utf-8")
    for path in hosted["local"].rglob("*"):
        if path.suffix in {".html", ".xml"}:  # the pages and the sitemap (not the theme's JavaScript)
            text = path.read_text("utf-8", errors="replace")
            assert "github.com/" not in text and "example.github.io" not in text, path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_mkdocs_serve_answers_at_the_root(hosted: dict[str, Path]) -> None:
    """With no SITE_URL, `mkdocs serve` serves the site at / (a path in site_url would move it there)."""
    port = _free_port()
    env = {
        **_without_hosting_vars(),
        "NO_MKDOCS_2_WARNING": "1",
        "GUIDE_CACHE_DIR": str(hosted["src"] / ".cache"),
        **one_python(),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
        cwd=hosted["src"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as resp:
                    status, body = resp.status, resp.read().decode("utf-8")
                break
            except (ConnectionError, urllib.error.URLError):
                assert time.monotonic() < deadline, "mkdocs serve did not answer within 60 s"
                time.sleep(0.2)
        assert status == 200 and "第一节" in body
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)

"""Under ``mkdocs serve``, a rebuild converts again only the pages that changed (hooks/conversions.py),
and the pages it did not convert are byte for byte what a conversion makes.

The rebuilds run in this process, as ``mkdocs serve`` runs them (one process, the hooks loaded afresh
each time), with a process state of their own; MkDocs' own conversion is watched, not replaced."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.pages import Page

from buildkit import session

from .minisite import make_site

pytestmark = pytest.mark.build

LISTING = "snippets/t/hello.py"
PAGES = {
    "index.md": "# 首页\n\n见[另一页](two.md#listing)。\n",
    "two.md": f'# 第二页\n\n## Listing\n\n```py title="{LISTING}"\n--8<-- "{LISTING}"\n```\n',
    "broken.md": "# 坏链接\n\n[没有这一页](no-such-page.md)\n",  # MkDocs warns while converting it
    "anchor.md": "# 坏锚点\n\n[没有这个标题](index.md#no-such-heading)\n",  # warned after the conversions
}
EVERY = ["anchor.md", "broken.md", "index.md", "two.md"]


@pytest.fixture
def serve_process(monkeypatch: pytest.MonkeyPatch) -> Iterator[session.Session]:
    """A process state of its own (the hooks import it when loaded), closed afterwards."""
    state = session.Session()
    monkeypatch.setattr(session, "SESSION", state)
    yield state
    state.close()


def _rebuild(
    site: Path, command: Literal["build", "serve"], converted: list[str], monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """One build as ``mkdocs <command>`` makes it; which pages MkDocs converted, and the pages."""
    render = Page.render

    def watched(page: Page, config, files) -> None:
        converted.append(page.file.src_uri)
        render(page, config, files)

    monkeypatch.setattr(Page, "render", watched)
    config = load_config(str(site / "mkdocs.yml"), site_dir=str(site / "site"), strict=False)
    config.plugins.on_startup(command=command, dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/" if command == "serve" else None)
    pages = ("two.md", "broken.md")
    return {p: (site / "site" / p.removesuffix(".md") / "index.html").read_text("utf-8") for p in pages}


def test_a_serve_rebuild_converts_only_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve_process: session.Session, caplog: pytest.LogCaptureFixture
) -> None:
    site = make_site(tmp_path, PAGES, {LISTING: 'print("第一版")\n'})
    caplog.set_level(logging.WARNING, logger="mkdocs")
    first: list[str] = []
    before = _rebuild(site, "serve", first, monkeypatch)
    assert sorted(first) == EVERY
    assert "no-such-page.md" in caplog.text and "no-such-heading" in caplog.text

    caplog.clear()
    again: list[str] = []
    after = _rebuild(site, "serve", again, monkeypatch)
    # nothing changed: only the page whose conversion warned is converted again; every warning is
    # given again (``strict`` fails every rebuild that has one)
    assert again == ["broken.md"]
    assert "no-such-page.md" in caplog.text and "no-such-heading" in caplog.text
    assert after == before  # the reused conversion renders the very page a conversion rendered

    (site / "docs" / "index.md").write_text(PAGES["index.md"] + "\n改过的一句话。\n", "utf-8")
    prose: list[str] = []
    _rebuild(site, "serve", prose, monkeypatch)
    assert sorted(prose) == ["broken.md", "index.md"]
    assert "改过的一句话" in (site / "site" / "index.html").read_text("utf-8")

    (site / LISTING).write_text('print("第二版")\n', "utf-8")
    listing: list[str] = []
    pages = _rebuild(site, "serve", listing, monkeypatch)
    assert sorted(listing) == ["broken.md", "two.md"]  # the page including the snippet, not the others
    assert "第二版" in pages["two.md"] and "第一版" not in pages["two.md"]

    (site / "docs" / "three.md").write_text("# 第三页\n", "utf-8")
    added: list[str] = []
    _rebuild(site, "serve", added, monkeypatch)
    assert sorted(added) == sorted([*EVERY, "three.md"])  # the site's files changed: links may resolve otherwise


def test_mkdocs_build_converts_every_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve_process: session.Session
) -> None:
    site = make_site(tmp_path, PAGES, {LISTING: 'print("第一版")\n'})
    for _ in range(2):
        converted: list[str] = []
        _rebuild(site, "build", converted, monkeypatch)
        assert sorted(converted) == EVERY

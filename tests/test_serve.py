"""``mkdocs serve`` for writers: a broken snippet shows its error on its page, the rest of the site works,
and saving the fixed snippet brings the output back without a restart (``mkdocs build`` still fails)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .config import one_python
from .minisite import free_port, make_site, page_for, wait_for
from .test_browser import browser  # noqa: F401  (the module's Chromium fixture)

pytestmark = [pytest.mark.browser, pytest.mark.build]

BAD = "snippets/t/bad.py"
GOOD = "snippets/t/good.py"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    pages = {"index.md": page_for(GOOD), "broken.md": page_for(BAD)}
    snippets = {GOOD: 'print("好的示例")\n', BAD: 'print("出错之前")\nraise ValueError("boom")\n'}
    site = make_site(tmp_path, pages, snippets)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=site,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDE_CACHE_DIR": str(tmp_path / "cache"), **one_python()},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield f"http://127.0.0.1:{port}/", site
    finally:
        proc.terminate()
        _, stderr = proc.communicate(timeout=60)
    assert f"snippet {BAD}" in stderr  # the terminal names the failure too


def test_a_broken_snippet_shows_its_error_in_place_and_recovers_when_fixed(browser, served) -> None:  # noqa: F811
    url, site = served
    # under serve a page may first show 「正在运行…」 while its runs finish in the background
    wait_for(url + "broken/", lambda html: "snippet-failed" in html)
    wait_for(url, lambda html: "snippet-output" in html and "snippet-pending" not in html)
    page = browser.new_page()
    try:
        _goto(page, url + "broken/")
        failure = page.locator(".snippet-output.snippet-failed")
        assert failure.count() == 1
        text = failure.inner_text()
        assert BAD in text and "ValueError: boom" in text and "出错之前" in text
        _goto(page, url)  # every other page keeps working
        assert page.locator(".snippet-output .filename").inner_text() == "输出"
        assert page.locator(".snippet-output pre code").inner_text() == "好的示例"

    finally:
        page.close()  # an open page would live-reload itself during the rebuild below
    (site / BAD).write_text('print("修好了")\n', "utf-8")  # saved: serve rebuilds and runs it again
    wait_for(url + "broken/", lambda html: "修好了</code>" in html)  # the output block, not the listing
    page = browser.new_page()
    try:
        _goto(page, url + "broken/")
        assert page.locator(".snippet-output.snippet-failed").count() == 0
        assert page.locator(".snippet-output pre code").inner_text() == "修好了"
    finally:
        page.close()


def _goto(page: Any, url: str) -> None:
    """Navigate; a file event can start one more rebuild, whose live reload aborts a navigation under way."""
    from playwright.sync_api import Error

    for attempt in range(3):
        try:
            page.goto(url)
            return
        except Error:
            if attempt == 2:
                raise
            time.sleep(1)

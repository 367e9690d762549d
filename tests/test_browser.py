"""The built site in a real browser (Debian's Chromium driven by Playwright), served on 127.0.0.1.

Locally without Chromium these skip, saying how to enable them; with CI=true they must run.
Screenshots land in test-artifacts/.
"""

from __future__ import annotations

import functools
import os
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from .config import ROOT, mkdocs_yml

pytestmark = [pytest.mark.browser, pytest.mark.build]

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser(ci: bool) -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        msg = f"{CHROMIUM} not found: apt-get install chromium fonts-noto-cjk (or set CHROMIUM=/path) for browser tests"
        if ci:
            pytest.fail(msg + " — CI=true requires them")
        pytest.skip(msg)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def serve(directory: Path) -> tuple[str, ThreadingHTTPServer]:
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def stop(server: ThreadingHTTPServer) -> None:
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    url, server = serve(built_site)
    yield url
    stop(server)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # a page that navigates on (or a context that closes) mid-download is not an error
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def page(browser, site_url):
    """A page that records console errors and every request it makes."""
    context = browser.new_context(locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    pg = context.new_page()
    pg.errors = []
    pg.requests = []
    pg.on("console", lambda m: m.type == "error" and pg.errors.append(m.text))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    context.close()


def _only_local(urls: list[str]) -> list[str]:
    return [u for u in urls if not u.startswith(("http://127.0.0.1:", "data:", "blob:"))]


def test_home_renders_chinese_with_no_errors_and_no_outside_requests(page, site_url) -> None:
    page.goto(site_url)
    assert "异步编程实战" in page.locator("h1").first.inner_text()
    # The CJK glyphs really render (fonts-noto-cjk), not as empty boxes: a CJK font is available.
    assert page.evaluate("document.fonts.check('16px sans-serif', '协程')")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)
    page.goto(site_url + "practice/concurrency/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(ARTIFACTS / "concurrency.png"), full_page=True)
    assert _only_local(page.requests) == []
    assert page.errors == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [("协程", "basics/async-await/"), ("事件循环", "advanced/callbacks/"), ("超时", "advanced/timeouts/")],
)
def test_chinese_search_finds_the_right_page(page, site_url, query: str, expected: str) -> None:
    page.goto(site_url)
    box = page.locator("input.md-search__input")
    results = page.locator(".md-search-result__item a")
    for _ in range(20):  # the index loads in a web worker after the page: retype until it answers
        box.click()
        box.fill(query)  # CJK text arrives like an IME commit: no key events ...
        box.press("End")  # ... so send one: Material's search listens to keyup
        page.wait_for_timeout(500)
        if results.count():
            break
    hrefs = [a.get_attribute("href") or "" for a in results.all()]
    assert any(expected in h for h in hrefs), hrefs
    assert page.errors == []


def test_copy_button_copies_exactly_the_snippet_file(page, site_url) -> None:
    page.goto(site_url + "basics/async-await/")
    block = page.locator(".highlight:has(span.filename:text-is('snippets/basics/coroutine_object.py'))")
    block.hover()
    block.locator("button[data-md-type='copy']").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    expected = (ROOT / "snippets/basics/coroutine_object.py").read_text("utf-8")
    assert copied.rstrip("\n") == expected.rstrip("\n")


def test_dark_mode_toggle(page, site_url) -> None:
    page.goto(site_url)
    before = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    after = page.locator("body").get_attribute("data-md-color-scheme")
    assert {before, after} == {"default", "slate"}


def test_wide_viewport_has_navigation_tabs_for_each_part(browser, site_url) -> None:
    parts = [next(iter(item)) for item in mkdocs_yml()["nav"]]
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(site_url)
    tabs = page.locator(".md-tabs__link")
    assert [t.inner_text().strip() for t in tabs.all()] == parts
    tabs.filter(has_text="深入").click()
    page.wait_for_url("**/deep/how-it-works/")
    sidebar = page.locator(".md-sidebar--primary a.md-nav__link[href]:visible")
    hrefs = [a.get_attribute("href") or "" for a in sidebar.all()]
    assert any("cancellation" in h for h in hrefs), hrefs  # this part's pages ...
    assert not any("basics/" in h for h in hrefs), hrefs  # ... and not the others'
    context.close()


def test_mobile_viewport_opens_navigation(browser, site_url) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url)
    drawer = page.locator("nav.md-nav--primary").first
    assert drawer.bounding_box()["x"] + drawer.bounding_box()["width"] <= 0  # off-canvas
    page.locator("label.md-header__button[for='__drawer']").click()
    page.wait_for_timeout(600)  # the slide-in transition
    assert page.evaluate("document.getElementById('__drawer').checked")
    assert drawer.bounding_box()["x"] >= 0
    link = drawer.locator("a[href*='basics/future']").first
    box = link.bounding_box()
    assert box is not None and 0 <= box["x"] < 375
    context.close()


def test_download_link_downloads_exactly_the_snippet_file(page, site_url) -> None:
    page.goto(site_url + "deep/structured/")
    link = page.locator("div.snippet-output[data-snippet='snippets/structured/taskgroup_basic.py'] a.snippet-download")
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == "taskgroup_basic.py"
    assert Path(download.path()).read_bytes() == (ROOT / "snippets/structured/taskgroup_basic.py").read_bytes()
    needs = page.locator("div.snippet-output[data-snippet='snippets/structured/taskgroup_basic.py'] .snippet-needs")
    assert "需要 Python ≥ 3.11" in needs.inner_text() and "asyncio.TaskGroup" in needs.inner_text()


def test_site_works_offline_after_a_first_visit(browser, built_site: Path) -> None:
    url, server = serve(built_site)  # its own server, so the test can take it away
    context = browser.new_context(locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(url)
        # The service worker is active once it has cached the whole site (install waits for it).
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        cached = page.evaluate("caches.keys().then(ks => caches.open(ks[0])).then(c => c.keys()).then(r => r.length)")
        assert cached > 100, cached
    finally:
        stop(server)  # the network is gone: nothing answers on that port any more
    try:
        page.goto(url + "deep/queue/")  # never visited, from the cache
        assert "生产者与消费者" in page.locator("h1").first.inner_text()
        assert page.locator("div.snippet-output").count() > 0
        page.goto(url + "nowhere/")  # an unknown page: the cached 404 page, not the browser's error
        assert "404" in page.locator("article").first.inner_text()
    finally:
        context.close()


def test_content_tabs_switch_between_sequential_and_concurrent(page, site_url) -> None:
    page.goto(site_url + "practice/concurrency/")
    seq = page.locator("div.snippet-output[data-snippet='snippets/concurrency/sequential_await.py']")
    con = page.locator("div.snippet-output[data-snippet='snippets/concurrency/concurrent_tasks.py']")
    assert seq.is_visible() and not con.is_visible()
    page.locator(".tabbed-labels label", has_text="create_task").first.click()
    assert con.is_visible() and not seq.is_visible()
    assert "耗时：2.0" in con.inner_text() and con.locator("svg").count() == 1  # its output and its timeline
    assert con.locator("svg").bounding_box()["width"] >= 500  # drawn at its size, not shrunk to fit-content
    assert page.errors == []


def test_code_annotations_open_on_click(page, site_url) -> None:
    page.goto(site_url + "basics/async-await/")
    markers = page.locator(".md-annotation__index")
    assert markers.count() == 3
    markers.first.click(force=True)  # the marker pulses (a CSS animation): never "stable"
    tip = page.locator(".md-annotation .md-tooltip__inner").first
    tip.wait_for(state="visible")
    assert "协程函数" in tip.inner_text()
    assert page.errors == []

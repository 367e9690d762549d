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
from dataclasses import dataclass
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


# Two different Chinese characters drawn on a canvas give different pixels, and neither matches a code
# point no font has (U+10FFFD): without a CJK font both are the same "tofu" box.
# (document.fonts.check() is no such test: it answers true when no font is *loading*, glyphs or not.)
CJK_GLYPHS_DIFFER = r"""() => {
  const c = document.createElement("canvas"); c.width = 64; c.height = 40
  const g = c.getContext("2d")
  const draw = (t) => { g.clearRect(0, 0, 64, 40); g.font = "32px sans-serif"; g.fillText(t, 0, 32);
                        return g.getImageData(0, 0, 64, 40).data.join(",") }
  const a = draw("协"), b = draw("程"), tofu = draw("\u{10FFFD}")
  return a !== b && a !== tofu && b !== tofu
}"""


def test_cjk_check_fails_without_cjk_fonts(browser, tmp_path: Path) -> None:
    """The check above can fail: a Chromium that sees only DejaVu (FONTCONFIG_FILE) draws boxes."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{tmp_path}/fc-cache</cachedir></fontconfig>"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    b = browser.browser_type.launch(executable_path=CHROMIUM, args=ARGS, env=env)
    try:
        pg = b.new_page()
        pg.set_content("<p>协程</p>")
        assert pg.evaluate(CJK_GLYPHS_DIFFER) is False
    finally:
        b.close()


def test_home_renders_chinese_with_no_errors_and_no_outside_requests(page, site_url) -> None:
    page.goto(site_url)
    assert "异步编程实战" in page.locator("h1").first.inner_text()
    # The CJK glyphs really render (fonts-noto-cjk), not as empty boxes (see test_cjk_check_fails_without_cjk_fonts).
    assert page.evaluate(CJK_GLYPHS_DIFFER)
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
    # measured (3.10 上：AttributeError … 'TaskGroup') or, with one Python, read from the code (asyncio.TaskGroup)
    assert "需要 Python ≥ 3.11" in needs.inner_text() and "TaskGroup" in needs.inner_text()


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
    # a screen reader hears which tab a panel belongs to, and the output is a named, focusable region
    panel = page.locator(".tabbed-block[role='tabpanel']:visible").first
    named_by = page.locator(f"[id='{panel.get_attribute('aria-labelledby')}']")
    assert "create_task" in named_by.inner_text()
    code = con.locator("pre > code")
    assert code.get_attribute("role") == "region"
    assert code.get_attribute("aria-label") == "输出：snippets/concurrency/concurrent_tasks.py"
    # outputs wrap at every width: a long line is read whole, with no sideways scrolling, and no text
    # runs under the copy button
    wide = page.locator("div.snippet-output[data-snippet='snippets/concurrency/task_gc.py'] pre > code")
    assert wide.evaluate("c => c.scrollWidth <= c.clientWidth")
    assert wide.evaluate(
        """c => {
            const button = c.parentElement.querySelector("button[data-md-type='copy']");
            if (!button) return false;
            const b = button.getBoundingClientRect();
            const range = document.createRange();
            range.selectNodeContents(c);
            return [...range.getClientRects()].every(r => r.right <= b.left || r.bottom <= b.top || r.top >= b.bottom);
        }"""
    )
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


# --- accessibility (axe-core) and reading on phones ------------------------------------------------------

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # pinned in package-lock.json; scripts/setup runs npm ci
# Violations below "serious" that the site keeps, each with its reason. Any other one fails the test.
KEPT = {
    "empty-table-header": "minor: in the comparison tables of 超时 and 结构化并发 the first column holds the row "
    "names and its header cell is empty on purpose; that is chapter content, not the theme",
}


def built_pages(site: Path) -> list[str]:
    """Every page (404.html aside: its links point at the deployed site's root, see test_site_works_offline…)."""
    paths = sorted(p.relative_to(site).parent.as_posix() + "/" for p in site.rglob("index.html"))
    return [p.removeprefix("./") for p in paths]


# Light mode: every rule. Dark mode changes colours only, so there the rules about colour (the slowest
# part of a run). Each mode's pages in two halves: four tests that xdist workers run side by side.
AXE_RUNS = {
    "light": ("default", "{resultTypes: ['violations']}"),
    "dark": ("slate", "{resultTypes: ['violations'], runOnly: ['color-contrast', 'link-in-text-block']}"),
}


@pytest.mark.parametrize("half", [0, 1])
@pytest.mark.parametrize("scheme", list(AXE_RUNS))
def test_axe_finds_no_serious_or_critical_violation(browser, site_url, built_site, ci, scheme: str, half: int) -> None:
    if not AXE.is_file():
        msg = f"{AXE} missing: run `source scripts/setup` (npm ci installs axe-core)"
        if ci:
            pytest.fail(msg)
        pytest.skip(msg)
    axe = AXE.read_text("utf-8")
    palette, options = AXE_RUNS[scheme]
    # no service worker: it would fetch the whole site in the background while axe measures
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, service_workers="block")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    bad, kept = [], []
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url)
    page.evaluate("localStorage.clear()")  # Material remembers the palette: choose by the media query again
    for path in built_pages(built_site)[half::2]:
        page.goto(site_url + path)
        assert page.locator("body").get_attribute("data-md-color-scheme") == palette, path
        page.add_script_tag(content=axe)  # inline: axe is never fetched from anywhere
        assert page.evaluate("axe.version").startswith("4."), "axe-core 4 expected"
        found = page.evaluate(
            f"axe.run(document, {options}).then(r => r.violations.map(v => "
            "({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))"
        )
        for v in found:
            line = f"[{scheme}] {path}: {v['impact']} {v['id']} ({v['help']}) at {v['nodes'][:3]}"
            if v["impact"] in ("serious", "critical") or v["id"] not in KEPT:
                bad.append(line)
            else:
                kept.append(f"{line} — kept: {KEPT[v['id']]}")
    context.close()
    print("\n".join(["axe: kept violations (below serious):", *kept]))
    assert _only_local(requests) == []
    assert bad == []


def _goto_all(page, site_url: str, built_site: Path):
    for path in built_pages(built_site):
        page.goto(site_url + path)
        yield path


def test_phone_width_wraps_outputs_and_keeps_identifiers_in_tables_whole(browser, site_url, built_site) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    overflowing, broken, tables = [], [], 0
    for path in _goto_all(page, site_url, built_site):
        # an output never hides text off-screen: long lines (a traceback's last line) wrap
        overflowing += page.evaluate(
            "[...document.querySelectorAll('.snippet-output pre > code')].filter(c => c.offsetParent && "
            "c.scrollWidth > c.clientWidth + 1).map(c => c.closest('.snippet-output').dataset.snippet)"
        )
        # an identifier in a table is one piece (one line box); a wide table scrolls instead
        found = page.evaluate(
            "[...document.querySelectorAll('.md-typeset table code')].filter(c => c.offsetParent)"
            ".map(c => [c.textContent, c.getClientRects().length])"
        )
        tables += len(found)
        broken += [f"{path}: {text}" for text, rects in found if rects > 1]
    context.close()
    assert overflowing == []
    assert tables > 20 and broken == []


def test_timelines_readable_at_desktop_and_phone_widths(browser, site_url) -> None:
    from buildkit.timeline import LABEL_W

    ARTIFACTS.mkdir(exist_ok=True)
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
        page = context.new_page()
        page.goto(site_url + "apps/database/")
        figure = page.locator("figure.timeline").first
        figure.scroll_into_view_if_needed()
        labels = page.evaluate(
            "[...document.querySelector('figure.timeline svg').querySelectorAll('text[text-anchor=end]')]"
            ".map(t => [t.textContent, t.getComputedTextLength()])"
        )
        assert labels and all(length <= LABEL_W - 8 for _, length in labels), labels  # in SVG units
        scale = page.evaluate(
            "(() => { const s = document.querySelector('figure.timeline svg');"
            " return s.getBoundingClientRect().width / s.viewBox.baseVal.width })()"
        )
        assert 12 * scale >= 10, f"labels drawn at {12 * scale:.1f} px at {width} px"
        if width == 390:  # the figure scrolls sideways instead of shrinking, and the keyboard reaches it
            assert page.evaluate(
                "(() => { const f = document.querySelector('figure.timeline');"
                " return f.scrollWidth > f.clientWidth })()"
            )
            assert figure.get_attribute("tabindex") == "0"
        assert "▶" not in page.evaluate(
            "getComputedStyle(document.querySelector('.snippet-output .filename'), '::before').content"
        )
        figure.screenshot(path=str(ARTIFACTS / f"timeline-{width}.png"))
        page.screenshot(path=str(ARTIFACTS / f"database-{width}.png"))
        context.close()


# --- outputs wrap at every width: proved on screenshots -----------------------------------------------------------


@dataclass(frozen=True)
class LongLine:
    """An output block (page, snippet, its arguments) and a piece of its longest line. ``wraps``: the line is
    wider than the block even at 1280 px, so it must break into several visual lines at every width."""

    page: str
    snippet: str
    args: str
    text: str
    wraps: bool

    def code(self, page):
        block = f"div.snippet-output[data-snippet='{self.snippet}'][data-args='{self.args}']"
        return page.locator(f"{block} pre > code").first


# A traceback's message ("… attached to a different loop"), the last line of its block; and an exercise hint, the
# first line of its block, so it runs along the copy button at the block's top right.
TRACEBACK_LINE = LongLine(
    "basics/future/", "snippets/future/future_other_loop.py", "", "attached to a different loop", wraps=False
)
HINT_LINE = LongLine(
    "practice/exercises/", "snippets/exercises/return_exceptions/check.py", "starter.py", "✗ fetch_all", wraps=True
)

# The output block's box, its copy button's box, the box of every visual line of its text, the same for the one
# long line, and how far the block scrolls sideways. A visual line's box is the union of its characters' boxes,
# spaces left out (a space where a line wraps hangs past the edge and draws nothing). Viewport coordinates, in
# CSS pixels.
OUTPUT_GEOMETRY = r"""(code, needle) => {
  const rect = r => ({x: r.left, y: r.top, width: r.right - r.left, height: r.bottom - r.top})
  const visualLines = (pieces) => {
    const rows = new Map()
    for (const [node, start, end] of pieces) {
      for (let i = start; i < end; i++) {
        if (/\s/.test(node.data[i])) continue
        const range = document.createRange()
        range.setStart(node, i)
        range.setEnd(node, i + 1)
        for (const r of range.getClientRects()) {
          if (!r.width) continue
          const key = Math.round(r.top)
          const row = rows.get(key)
          rows.set(key, row ? {left: Math.min(row.left, r.left), right: Math.max(row.right, r.right),
                               top: Math.min(row.top, r.top), bottom: Math.max(row.bottom, r.bottom)}
                            : {left: r.left, right: r.right, top: r.top, bottom: r.bottom})
        }
      }
    }
    return [...rows.values()].map(rect)
  }
  const pre = code.parentElement
  const button = pre.querySelector("button[data-md-type='copy']")
  const texts = []
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT)
  while (walker.nextNode()) texts.push(walker.currentNode)
  const node = texts.find(t => t.data.includes(needle))
  let long = []
  if (node) {
    const at = node.data.indexOf(needle)
    const end = node.data.indexOf('\n', at)
    long = visualLines([[node, node.data.lastIndexOf('\n', at) + 1, end < 0 ? node.data.length : end]])
  }
  return {
    box: rect(code.getBoundingClientRect()),
    button: button ? rect(button.getBoundingClientRect()) : null,
    lines: visualLines(texts.map(t => [t, 0, t.data.length])),
    long,
    scroll: [code.scrollWidth - code.clientWidth, pre.scrollWidth - pre.clientWidth],
  }
}"""

# Whether the text is drawn at all: the same screenshot with the output's text made transparent.
HIDE_TEXT = "c => { c.dataset.color = c.style.color; c.style.color = 'transparent' }"
SHOW_TEXT = "c => { c.style.color = c.dataset.color }"


def _inside(inner: dict, outer: dict, slack: float = 0.5) -> bool:
    return (
        inner["x"] >= outer["x"] - slack
        and inner["y"] >= outer["y"] - slack
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + slack
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + slack
    )


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def _clip(r: dict) -> dict:
    return {k: r[k] for k in ("x", "y", "width", "height")}


def output_wrap_problems(page, target: LongLine, shot: Path) -> list[str]:
    """Everything wrong with how ``target``'s long line shows on the page as it is ([] = the whole line is on
    screen, wrapped inside the block, and no text runs under the copy button), read from the layout and from
    screenshots. The block's screenshot is saved as ``shot``."""
    code = target.code(page)
    code.scroll_into_view_if_needed()
    page.mouse.move(0, 0)  # no hover state that differs between two screenshots
    g = code.evaluate(OUTPUT_GEOMETRY, target.text)
    problems = []
    if max(g["scroll"]) > 1:
        problems.append(f"scrolls sideways by {max(g['scroll'])} px")
    if not g["long"]:
        problems.append(f"no line with {target.text!r}")
    elif target.wraps and len(g["long"]) < 2:
        problems.append(f"the long line is not wrapped (one line, {g['long'][0]['width']:.0f} px wide)")
    problems += [f"line {r} outside the block's visible box {g['box']}" for r in g["lines"] if not _inside(r, g["box"])]
    if g["button"] is None or not g["button"]["width"]:
        problems.append("no copy button")
    else:
        problems += [f"line {r} under the copy button {g['button']}" for r in g["lines"] if _overlap(r, g["button"])]
    code.locator("xpath=..").screenshot(path=str(shot))
    # From the pixels: each piece of the long line shows text where the layout puts it (the screenshot of its box
    # changes when the text is made transparent), and the copy button's box shows none (its screenshot does not).
    boxes = [("long line", r) for r in g["long"] if _inside(r, g["box"])]
    boxes += [("copy button", g["button"])] if g["button"] else []
    shown = [page.screenshot(clip=_clip(r)) for _, r in boxes]
    code.evaluate(HIDE_TEXT)
    hidden = [page.screenshot(clip=_clip(r)) for _, r in boxes]
    code.evaluate(SHOW_TEXT)
    drawn: dict[str, list[bool]] = {"long line": [], "copy button": []}
    for (what, _), a, b in zip(boxes, shown, hidden, strict=True):
        drawn[what].append(a != b)
    if len(drawn["long line"]) < len(g["long"]) or not all(drawn["long line"]):
        problems.append("the screenshot shows no text in part of the long line's boxes")
    if any(drawn["copy button"]):
        problems.append(f"the screenshot shows text under the copy button {g['button']}")
    return problems


def _context(browser, width: int):
    return browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1, locale="zh-CN")


@pytest.mark.parametrize("target", [TRACEBACK_LINE, HINT_LINE], ids=["traceback", "hint"])
@pytest.mark.parametrize("width", [1280, 390])
def test_long_output_lines_wrap_whole_and_clear_of_the_copy_button(
    browser, site_url, tmp_path: Path, width: int, target: LongLine
) -> None:
    """Desktop and phone width: the long line wraps inside its block and every piece of it is on the screenshot;
    the block does not scroll sideways; no line of text is under (or drawn under) the copy button."""
    context = _context(browser, width)
    try:
        page = context.new_page()
        page.goto(site_url + target.page)
        shot = tmp_path / f"output-{width}.png"
        assert output_wrap_problems(page, target, shot) == []
        assert shot.stat().st_size > 0
    finally:
        context.close()


# The wrapping rule of docs/assets/guide.css taken out of the page again (CSSOM): the whole rule, or only its
# right padding.
REMOVE_WRAP_CSS = r"""(what) => {
  let n = 0
  for (const sheet of document.styleSheets) {
    let rules
    try { rules = sheet.cssRules } catch { continue }
    for (let i = rules.length - 1; i >= 0; i--) {
      const r = rules[i]
      if (r.selectorText !== '.snippet-output pre > code' || r.style.whiteSpace !== 'pre-wrap') continue
      if (what === 'rule') sheet.deleteRule(i)
      else r.style.removeProperty('padding-right')
      n++
    }
  }
  return n
}"""


# A first line of Chinese text, which may break between any two characters: each of its visual lines fills the
# block to the right edge of the text area, the copy button's corner included unless the padding keeps it clear.
FILL_FIRST_LINE = "c => { c.textContent = '等待'.repeat(150) + '\\n' + c.textContent }"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_wrap_check_fails_without_the_wrapping_css(browser, site_url, tmp_path: Path, width: int) -> None:
    """The check above can fail. Without the rule the hint runs off to the right: the block scrolls and the
    screenshot shows no text where the rest of the line would be. Without the rule's right padding, a first line
    that fills the block runs under the copy button, in the layout and on the screenshot; with it, it does not."""
    context = _context(browser, width)
    try:
        page = context.new_page()
        page.goto(site_url + HINT_LINE.page)
        assert page.evaluate(REMOVE_WRAP_CSS, "rule") == 1
        unwrapped = output_wrap_problems(page, HINT_LINE, tmp_path / f"unwrapped-{width}.png")
        for expected in ("scrolls sideways", "not wrapped", "outside the block", "shows no text in part"):
            assert any(expected in p for p in unwrapped), (expected, unwrapped)
        page.goto(site_url + HINT_LINE.page)
        HINT_LINE.code(page).evaluate(FILL_FIRST_LINE)
        assert output_wrap_problems(page, HINT_LINE, tmp_path / f"filled-{width}.png") == []
        assert page.evaluate(REMOVE_WRAP_CSS, "padding") == 1
        unpadded = output_wrap_problems(page, HINT_LINE, tmp_path / f"unpadded-{width}.png")
        assert any(p.startswith("line ") and "under the copy button" in p for p in unpadded), unpadded
        assert any("screenshot shows text under the copy button" in p for p in unpadded), unpadded
        assert not any("scrolls sideways" in p or "not wrapped" in p for p in unpadded), unpadded
    finally:
        context.close()

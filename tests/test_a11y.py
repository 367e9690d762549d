"""Accessibility and reading polish that the built HTML shows without a browser (issue 15, 17).

The browser-side checks (axe-core, phone widths, fonts) are in tests/test_browser.py.
"""

from __future__ import annotations

import html
import importlib.util
import re
from pathlib import Path

import pytest
from bs4 import Tag

from buildkit.blocks import output_blocks
from buildkit.timeline import LABEL_COLS, columns, fit_label, short_reprs

from .config import ROOT, declared_specs

spec = importlib.util.spec_from_file_location("cjk_hook", ROOT / "hooks" / "cjk.py")
assert spec and spec.loader
cjk = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cjk)

CJK = f"[{cjk.CJK}]"


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("index.html"))


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


# --- Chinese line breaks ---------------------------------------------------------------------------


def test_join_cjk_lines_joins_only_between_chinese_characters() -> None:
    src = (
        "<p>一个协程\n  对象，<abbr title='t'>协程</abbr>\n<a href='x'>函数</a>\n用 asyncio\n运行，"
        "Task\n对象</p><pre>中\n文</pre><p>行内 <code>中\n文</code></p>"
    )
    out = cjk.join_cjk_lines(src)
    assert "一个协程对象" in out
    assert "</abbr><a href='x'>函数" in out  # across inline tags
    assert "asyncio\n运行" in out and "Task\n对象" in out  # next to Latin: a space, as the lint wants
    assert "<pre>中\n文</pre>" in out and "<code>中\n文</code>" in out  # code untouched


INLINE = r"(?:</?(?:abbr|a|em|strong|b|i|span|mark|del|ins|sup|sub)\b[^>]*>)*"
GAP = re.compile(rf"{CJK}{INLINE}[ \t]*\n\s*{INLINE}{CJK}")  # a soft break between two Chinese characters


def soft_breaks(page_html: str) -> list[str]:
    """Soft breaks between Chinese characters in the page's article, outside code."""
    article = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>', page_html, re.S)
    assert article, "no article"
    body = re.sub(r"<(pre|code|script|style)\b.*?</\1>", "x", article[1], flags=re.S)  # code: not Chinese
    return [m[0] for m in GAP.finditer(body)]


@pytest.mark.build
def test_no_soft_break_whitespace_between_chinese_characters(built_site: Path) -> None:
    gaps = []
    for page in pages(built_site):
        gaps += [f"{page.relative_to(built_site)}: {g!r}" for g in soft_breaks(page.read_text("utf-8"))]
    assert gaps == []


def test_the_soft_break_check_can_fail() -> None:
    page = '<article class="md-content__inner md-typeset"><p>一个协程\n  <abbr title="t">对象</abbr></p>%s</article>'
    assert soft_breaks(page % "") == ['程\n  <abbr title="t">对']
    assert soft_breaks(page % "<pre>中\n文</pre>") == soft_breaks(page % "")  # code is left alone
    assert soft_breaks(cjk.join_cjk_lines(page % "")) == []
    assert soft_breaks('<article class="md-content__inner md-typeset"><p>协程</p>\n<p>对象</p></article>') == []


# --- English leftovers --------------------------------------------------------------------------


@pytest.mark.build
def test_footer_and_heading_anchors_are_in_chinese(built_site: Path) -> None:
    home = (built_site / "index.html").read_text("utf-8")
    assert "本站使用" in home and "Made with" not in home
    for page in pages(built_site):
        text = page.read_text("utf-8")
        assert "Permanent link" not in text and "Made with" not in text, page
    assert 'title="本节的链接"' in (built_site / "advanced/timeouts/index.html").read_text("utf-8")


# --- timelines ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("sleep_1s('并发2', <asyncpg.pool.Pool object at 0x7fe6b9466740>)", "sleep_1s('并发2', <Pool>)"),
        ("sleep_1s('顺序2', <asyncpg.connection.Connection object at 0x7fe6>)", "sleep_1s('顺序2', …)"),
        ("fetch('/delay/1', <aiohttp.client.ClientSession object at 0x7f8c>)", "fetch('/delay/1', …)"),
        ("set_after_delay(<Future pending cb=[Task.task_wakeup()]>, 2, 'x')", "set_after_delay(…)"),
        ("say_after(1.5, 'World')", "say_after(1.5, 'World')"),
        ("custom_future_example()", "custom_future_example()"),
    ],
)
def test_timeline_labels_fit_counting_wide_characters_as_two(label: str, expected: str) -> None:
    assert fit_label(label) == expected
    assert columns(fit_label(label)) <= LABEL_COLS


def test_columns_counts_east_asian_wide_characters_twice() -> None:
    assert columns("顺序1") == 5 and columns("ab") == 2 and columns("（，）") == 6
    assert columns(fit_label("f('" + "中" * 40 + "')")) <= LABEL_COLS
    assert columns(fit_label("x" * 60)) <= LABEL_COLS


def timelines(site: Path) -> dict[str, Tag]:
    """snippet path -> the timeline's data table, from every output block of the built site."""
    out = {}
    for page in pages(site):
        for block in output_blocks(page.read_text("utf-8")):
            figure = block.element.select_one("figure.timeline")
            if figure is not None:
                table = figure.select_one("table.timeline-data.sr-only")
                assert table is not None, f"{block.path}: a timeline without its data table"
                out[block.path] = table
    return out


@pytest.mark.build
def test_timeline_text_alternative_lists_each_coroutine_of_the_run(built_site: Path, run_spec) -> None:
    found = timelines(built_site)
    assert len(found) >= 8, sorted(found)
    for path, table in found.items():
        rows = [[td.get_text() for td in tr.select("td")] for tr in table.select("tr") if tr.select("td")]
        spans = [e for e in run_spec(declared_specs()[(path,)]).spans if e.end >= e.start]
        t0 = min(e.start for e in spans)
        expected = [[short_reprs(e.label), f"{e.start - t0:.2f}", f"{e.end - t0:.2f}"] for e in spans]
        assert rows == expected, path
        assert table.caption is not None and "开始（秒）" in [th.get_text() for th in table.select('th[scope="col"]')]

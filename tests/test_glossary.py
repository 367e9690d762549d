"""The glossary page, the site-wide tooltips (includes/abbreviations.md) and hooks/glossary.py.

Python-Markdown's ``abbr`` matches terms with ``\\b…\\b``; CJK characters are all ``\\w``, so a Chinese
term inside running Chinese text never matches. These tests pin that down for upstream, and check
that the hook's extension matches there, keeps ASCII word boundaries, and never touches code or
the snippet output blocks.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest

from .config import ROOT, mkdocs_yml

spec = importlib.util.spec_from_file_location("glossary_hook", ROOT / "hooks" / "glossary.py")
assert spec and spec.loader
glossary = importlib.util.module_from_spec(spec)
spec.loader.exec_module(glossary)

ABBREVIATIONS = ROOT / "includes" / "abbreviations.md"
GLOSSARY_PAGE = ROOT / "docs" / "reference" / "glossary.md"
ENTRY = re.compile(r"^- \*\*\[(?P<term>[^\]]+)\]\((?P<link>[^)]+)\)\*\*（(?P<en>[^）]+)）：(?P<definition>.+)$", re.M)
DEFS = "\n\n*[协程]: coroutine\n*[协程对象]: coroutine object\n*[事件循环]: event loop\n*[Task]: 任务\n"


def abbrs(html_text: str) -> list[str]:
    """The terms wrapped in <abbr>, in document order."""
    return re.findall(r"<abbr title=\"[^\"]*\">([^<]*)</abbr>", html_text)


def upstream(text: str) -> list[str]:
    return abbrs(markdown.markdown(text + DEFS, extensions=["abbr"]))


def ours(text: str, extensions: list | None = None) -> list[str]:
    return abbrs(markdown.markdown(text + DEFS, extensions=[glossary.CjkAbbrExtension(), *(extensions or [])]))


# --- the problem, as upstream behaves --------------------------------------------------------------

UPSTREAM_MATCHES = {
    "协程": ["协程"],  # the whole paragraph
    "把 协程 交给 事件循环": ["协程", "事件循环"],  # spaces around
    "（协程）": ["协程"],  # full-width punctuation is \W
    "事件循环，协程。": ["事件循环", "协程"],
    "a Task here": ["Task"],
}
UPSTREAM_MISSES = ["一个协程对象", "调用协程的地方", "这是协程", "由事件循环调度", "一个Task对象"]


@pytest.mark.parametrize(("text", "expected"), UPSTREAM_MATCHES.items())
def test_upstream_abbr_matches_a_cjk_term_only_between_non_word_characters(text: str, expected: list[str]) -> None:
    assert upstream(text) == expected


@pytest.mark.parametrize("text", UPSTREAM_MISSES)
def test_upstream_abbr_never_matches_a_cjk_term_inside_running_text(text: str) -> None:
    # If this starts failing, upstream learned CJK boundaries and hooks/glossary.py may be unnecessary.
    assert upstream(text) == []


# --- the fix -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一个协程对象", ["协程对象"]),  # longest term wins
        ("调用协程的地方", ["协程"]),
        ("这是协程", ["协程"]),
        ("由事件循环调度协程", ["事件循环", "协程"]),
        ("一个Task对象", ["Task"]),  # a CJK neighbour is a boundary for an ASCII term
        ("一个 Task 对象", ["Task"]),
        *UPSTREAM_MATCHES.items(),  # and everything upstream matched still matches
    ],
)
def test_cjk_terms_match_inside_running_text(text: str, expected: list[str]) -> None:
    assert ours(text) == expected


@pytest.mark.parametrize("text", ["Tasks", "TaskGroup", "create_Task", "Task2", "MyTask"])
def test_ascii_terms_keep_their_word_boundaries(text: str) -> None:
    assert ours(text) == []


def test_title_is_the_definition() -> None:
    out = markdown.markdown("一个协程对象" + DEFS, extensions=[glossary.CjkAbbrExtension()])
    assert out == '<p>一个<abbr title="coroutine object">协程对象</abbr></p>'


def test_term_pattern_edges() -> None:
    assert glossary.term_pattern("协程") == "协程"
    assert glossary.term_pattern("Task") == r"(?<![A-Za-z0-9_])Task(?![A-Za-z0-9_])"
    assert glossary.term_pattern("Future 对象") == r"(?<![A-Za-z0-9_])Future\ 对象"


# --- never inside code or output blocks, with the site's own Markdown configuration ------------------


def site_markdown(extra: list[str] | None = None) -> markdown.Markdown:
    """The site's markdown_extensions from mkdocs.yml, after the hook has run on them."""

    raw = mkdocs_yml()
    names, configs = [], {}
    for item in raw["markdown_extensions"]:
        name, cfg = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        configs[name] = dict(cfg or {})
    configs["pymdownx.snippets"]["base_path"] = [str(ROOT)]
    config = SimpleNamespace(markdown_extensions=names, mdx_configs=configs, config_file_path=str(ROOT / "mkdocs.yml"))
    glossary.on_config(config)
    extensions = [*config.markdown_extensions, *(extra or [])]
    return markdown.Markdown(extensions=extensions, extension_configs=config.mdx_configs)


def test_the_hook_swaps_abbr_and_loads_the_site_glossary() -> None:
    md = site_markdown()
    assert isinstance(md.treeprocessors["abbr"], glossary.CjkAbbrTreeprocessor)
    out = md.convert("一个协程对象交给事件循环。")
    assert abbrs(out) == ["协程对象", "事件循环"]
    assert 'title="coroutine object — ' in out


def test_no_tooltips_in_code_blocks() -> None:
    """(Output blocks are put in after Markdown, where no tree processor sees them: test_guarantees.py.)"""
    page = "\n\n".join(
        [
            "正文里的协程对象。",
            "行内代码 `协程对象` 不加。",
            '```py title="协程对象.py"\n# 协程对象\nx = "事件循环"\n```',
            "    # 缩进代码块里的协程对象",
            '!!! note "协程"\n    说明里的事件循环。\n\n    ```py\n    事件循环 = 1\n    ```',
            "[链接到事件循环](https://example.com/协程对象)",
        ]
    )
    out = site_markdown().convert(page)
    # prose: paragraph, admonition body, link text (not the admonition's title)
    assert abbrs(out) == ["协程对象", "事件循环", "事件循环"]
    for block in re.findall(r"<pre.*?</pre>", out, re.S) + re.findall(r"<code>.*?</code>", out, re.S):
        assert "<abbr" not in block, block
    assert '<a href="https://example.com/协程对象">' in out


def test_no_tooltips_in_headings_tables_or_admonition_titles() -> None:
    page = "\n\n".join(
        [
            "## 协程对象与事件循环",
            "| 章节 | 内容 |\n| --- | --- |\n| 协程 | 事件循环怎样调度协程对象 |",
            '!!! tip "协程对象"\n    正文里的协程。',
            "- 列表里的事件循环\n\n术语\n:   定义里的协程对象",
            "段落里的任务组。",
        ]
    )
    out = site_markdown(["tables", "def_list"]).convert(page)
    assert abbrs(out) == ["协程", "事件循环", "协程对象", "任务组"]
    for tag in ("h2", "table", 'p class="admonition-title"'):
        element = re.search(rf"<{tag}.*?</{tag.split()[0]}>", out, re.S)
        assert element and "<abbr" not in element[0], element


def test_a_real_page_gets_tooltips_in_prose_only() -> None:
    out = site_markdown().convert((ROOT / "docs/basics/async-await.md").read_text("utf-8"))
    assert "协程对象" in abbrs(out) and "协程函数" in abbrs(out)
    for block in re.findall(r"<pre.*?</pre>", out, re.S):
        assert "<abbr" not in block


# --- the site-wide definitions and the glossary page agree ---------------------------------------------


def entries() -> dict[str, re.Match[str]]:
    found = {m["term"]: m for m in ENTRY.finditer(GLOSSARY_PAGE.read_text("utf-8"))}
    assert len(found) >= 25
    return found


def test_glossary_has_the_core_terms() -> None:
    core = ["协程", "协程函数", "协程对象", "可等待对象", "任务", "Future 对象", "事件循环", "回调", "取消"]
    core += ["结构化并发", "信号量", "异步迭代器", "异步上下文管理器", "阻塞", "并发", "并行"]
    missing = [t for t in core if t not in entries()]
    assert missing == []


@pytest.mark.parametrize("term", sorted(entries()))
def test_each_entry_has_english_one_sentence_and_a_real_chapter(term: str) -> None:
    m = entries()[term]
    assert re.search(r"[A-Za-z]", m["en"]), "English name"
    definition = m["definition"]
    assert definition.endswith("。") and definition.count("。") == 1, "one sentence"
    target = (GLOSSARY_PAGE.parent / m["link"].split("#")[0]).resolve()
    assert target.is_file() and target.is_relative_to(ROOT / "docs"), m["link"]


def test_every_tooltip_is_a_glossary_term_with_the_same_english_name() -> None:
    defs = glossary.read_definitions(ABBREVIATIONS)
    assert len(defs) >= 15
    found = entries()
    for term, title in defs.items():
        assert term in found, f"{term} has a tooltip but no glossary entry"
        english, sep, explanation = title.partition(" — ")
        assert sep and explanation, f"{term}: write 'English — 解释'"
        assert english.lower().startswith(found[term]["en"].lower()), (term, english, found[term]["en"])


def test_abbreviations_file_is_outside_docs_and_in_abbr_syntax() -> None:
    assert not ABBREVIATIONS.is_relative_to(ROOT / "docs")  # not a page of its own
    lines = [line for line in ABBREVIATIONS.read_text("utf-8").splitlines() if line.startswith("*[")]
    assert len(lines) == len(glossary.read_definitions(ABBREVIATIONS))
    assert all(re.match(r"^\*\[[^\]]+\]: \S", line) for line in lines)


def test_read_definitions(tmp_path: Path) -> None:
    f = tmp_path / "a.md"
    f.write_text("<!-- c -->\n*[协程]: coroutine — x\n*[空]: ''\ntext\n*[Task]:   任务\n", "utf-8")
    assert glossary.read_definitions(f) == {"协程": "coroutine — x", "Task": "任务"}

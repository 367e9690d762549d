"""Guards over the pages: every block is run or exempted; every snippet is shown and run."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from pytest_codeblocks import extract_from_buffer

from buildkit.pages import all_snippets, expand, fences, snippet_options

from .config import ROOT, mkdocs_yml, pages

PAGES = pages()
COLLECTED = {"python", "sh", "bash"}  # what pytest-codeblocks collects (info string exactly)


def page_id(p):
    return p.path.relative_to(ROOT).as_posix()


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_every_fence_is_run_or_exempted_with_a_reason(page):
    """On the page as the reader sees it, each fence is collected by pytest-codeblocks or exempted."""
    text = expand(page, ROOT)
    collected = {b.lineno for b in extract_from_buffer(StringIO(text))}
    bad = []
    for f in fences(text):
        runs = f.info in COLLECTED and (f.start + 1) in collected
        if not runs and not f.exempt:
            bad.append(f"line {f.start + 1}: ```{f.info}")
    assert not bad, f"{page_id(page)}: fences neither run nor exempted (<!-- no-run: why -->): {bad}"


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_each_run_follows_the_source_it_runs(page):
    """An output fence comes right after the fence that includes the file it runs."""
    prev_include = None
    for f in page.fences:
        if f.is_output:
            spec = f.spec()
            assert prev_include in spec.files, f"{page_id(page)}:{f.start + 1}: {spec.command} without its source above"
        prev_include = f.include


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_only_pages_with_kernel_cells_start_a_kernel(page):
    """``execute: true`` makes mkdocs-execute-plugin run the page's ``python`` cells in an IPython kernel:
    only worth it, and only right, where a page has such cells."""
    kernel_cells = [f for f in page.fences if f.lang == "python" and not f.indent]
    if page.meta.get("execute"):
        assert kernel_cells, f"{page_id(page)}: execute: true but no python cell for the kernel"


def test_every_snippet_is_shown_and_run_by_exactly_one_page() -> None:
    shown: dict[str, list[str]] = {}
    run: dict[str, list[str]] = {}
    for p in PAGES:
        for inc in p.includes:
            shown.setdefault(inc, []).append(page_id(p))
        for s in p.specs:
            for path in s.files:
                if page_id(p) not in run.setdefault(path, []):
                    run[path].append(page_id(p))
    snippets = all_snippets(ROOT)
    assert [s for s in snippets if s not in shown] == [], "snippets no page shows"
    assert [s for s in snippets if s not in run] == [], "snippets no page runs"
    assert {s: v for s, v in run.items() if len(v) > 1} == {}, "a snippet's settings live on one page only"


def test_every_include_points_at_a_real_file() -> None:
    missing = [(page_id(p), inc) for p in PAGES for inc in p.includes if not (ROOT / inc).is_file()]
    assert missing == []
    # and nothing else is included by a pattern the parser would miss
    for p in PAGES:
        for m in re.finditer(r"-{1,}8<-{1,}\s+[\"']([^\"']+)", p.text):
            assert (ROOT / m.group(1)).is_file(), f"{page_id(p)}: {m.group(1)}"


def test_snippet_options_match_mkdocs_yml() -> None:
    config = mkdocs_yml()
    exts = {
        next(iter(e)) if isinstance(e, dict) else e: (e[next(iter(e))] if isinstance(e, dict) else {})
        for e in config["markdown_extensions"]
    }
    ours = snippet_options(ROOT)
    site = exts["pymdownx.snippets"]
    assert site["check_paths"] is ours["check_paths"] is True
    assert site["dedent_subsections"] == ours["dedent_subsections"]


def test_no_snippet_shadows_a_module_it_might_import() -> None:
    """`python snippets/x/http.py` puts snippets/x/ first on sys.path: http.py would shadow the stdlib."""
    import sys

    clashes = [s for s in all_snippets(ROOT) if Path(s).stem in sys.stdlib_module_names | {"aiohttp", "asyncpg"}]
    assert clashes == []


@pytest.mark.parametrize(
    ("fence", "reason"),
    [
        ('snippets/t/a.py\ntimeout: "30"', "timeout"),  # a string where a number belongs
        ("snippets/t/a.py\ntimout: 30", "unknown setting"),  # a typo is not silently ignored
        ("snippets/t/a.py\ntimeout: .inf", "finite"),
        ("snippets/../mkdocs.yml", "under snippets/"),
        ("/etc/hostname", "under snippets/"),
    ],
)
def test_a_bad_output_fence_fails_naming_page_and_line(tmp_path: Path, fence: str, reason: str) -> None:
    from buildkit.pages import Page, PageError

    page = tmp_path / "p.md"
    page.write_text(f"# P\n\ntext\n\n```output\n{fence}\n```\n", "utf-8")
    with pytest.raises(PageError) as e:
        _ = Page.read(page).specs
    assert f"{page}:5:" in str(e.value) and reason in str(e.value), str(e.value)


def test_only_regular_files_under_snippets_run(tmp_path: Path) -> None:
    from buildkit.pages import regular_snippet

    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "ok.py").write_text("print(1)\n", "utf-8")
    (tmp_path / "snippets" / "link.py").symlink_to("/etc/hostname")
    (tmp_path / "outside.py").write_text("print(1)\n", "utf-8")
    assert regular_snippet(tmp_path, "snippets/ok.py")
    assert not regular_snippet(tmp_path, "snippets/link.py")
    assert not regular_snippet(tmp_path, "snippets/../outside.py")
    assert not regular_snippet(tmp_path, "snippets/missing.py")

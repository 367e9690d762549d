"""The site builds (--strict) and each page shows the real output of its snippets."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from mkdocs.structure.files import File

from buildkit.blocks import output_blocks, outputs
from buildkit.compare import groups

from .config import DOCS, ROOT, SITE, declared_specs, pages
from .minisite import build, make_site, page_for

pytestmark = pytest.mark.build


def _page_html(site: Path, page_path: Path) -> str:
    """The built HTML of a page, found where MkDocs puts it."""
    return Path(File(page_path.relative_to(DOCS).as_posix(), str(DOCS), str(site), True).abs_dest_path).read_text(
        "utf-8"
    )


def test_every_page_shows_the_output_of_its_own_run(built_site, run_matrix):
    """The main output is the newest Python's run; each version tab is the run of the newest version in it."""
    for page in pages():
        if not page.specs:
            continue
        blocks = {b.command: b for b in output_blocks(_page_html(built_site, page.path))}
        for spec in page.specs:
            command = spec.command
            assert command in blocks, f"{page.path.name}: no output block for {command}"
            matrix = run_matrix(spec)
            assert blocks[command].text == matrix.main.output.rstrip(), command
            assert blocks[command].python == matrix.main.python, command
            tabs = [
                (g.label if g.supported else f"{g.label}（不支持）", g.result.output.rstrip()) for g in groups(matrix)
            ]
            assert list(blocks[command].versions) == (tabs if len(tabs) > 1 else []), command
        assert set(blocks) == {s.command for s in page.specs}


def test_declared_specs_cover_all_pages() -> None:
    assert declared_specs(), "no snippet is run by any page"


def test_output_follows_edits_to_the_snippet(tmp_path: Path) -> None:
    snippet = "snippets/t/hello.py"
    site = make_site(tmp_path, {"index.md": page_for(snippet)}, {snippet: 'print("第一版")\n'})
    assert build(site).returncode == 0
    assert outputs((site / "site" / "index.html").read_text("utf-8"))[snippet] == "第一版"
    (site / snippet).write_text('print("第二版")\n', "utf-8")
    assert build(site).returncode == 0
    assert outputs((site / "site" / "index.html").read_text("utf-8"))[snippet] == "第二版"


def test_outputs_render_inside_content_tabs_and_collapsible_blocks(tmp_path: Path) -> None:
    """An output fence works at any depth: the block lands in the tab or admonition holding it."""
    top, tabbed, folded = "snippets/t/top.py", "snippets/t/in_tab.py", "snippets/t/folded.py"

    def indented(path: str) -> str:
        return "\n".join("    " + line if line else "" for line in page_for(path).removeprefix("# Test\n").splitlines())

    page = (
        page_for(top, stderr=True)
        + f'\n=== "标签"\n\n{indented(tabbed)}\n\n=== "另一个"\n\n    文字\n'
        + f'\n??? success "参考答案"\n\n{indented(folded)}\n'
    )
    snippets = {
        top: 'import sys\nprint("<b>粗体?</b> & {{ x }}")\nprint("警告", file=sys.stderr)\n',
        tabbed: 'print("在标签页里 *不是强调* <i>")\n',
        folded: 'print("折叠块里")\n',
    }
    site = make_site(tmp_path, {"index.md": page}, snippets)
    proc = build(site)
    assert proc.returncode == 0, proc.stderr
    assert "Executing" not in proc.stderr  # no kernel: the page has no kernel cells
    text = (site / "site" / "index.html").read_text("utf-8")
    assert outputs(text) == {
        top: "<b>粗体?</b> & {{ x }}\n警告",
        tabbed: "在标签页里 *不是强调* <i>",
        folded: "折叠块里",
    }
    soup = BeautifulSoup(text, "html.parser")
    tab = soup.select_one(".tabbed-block")
    assert tab is not None and tab.select_one(f'.snippet-output[data-snippet="{tabbed}"]') is not None
    details = soup.select_one("details.success")
    assert details is not None and details.select_one(f'.snippet-output[data-snippet="{folded}"]') is not None
    assert "GUIDEOUTPUT" not in text and "```output" not in text
    download = soup.select_one(f'.snippet-output[data-snippet="{top}"] a.snippet-download')
    assert download is not None and download["href"] == top  # relative to the page, here the site root


def test_page_kernels_are_stopped_without_the_graceful_shutdown_stall() -> None:
    """ipykernel's graceful shutdown deadlocks about one time in five (~4 s each; bench/kernel_launch.py)."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        config = config.plugins.on_config(config)
        execute: Any = config.plugins["execute"]  # mkdocs-execute-plugin (untyped)
        assert execute.exporter.config.ExecutePreprocessor.shutdown_kernel == "immediate"
    finally:
        config.plugins.on_shutdown()


def test_search_previews_show_the_prose_and_code_stays_searchable(built_site: Path) -> None:
    """A result's preview is the start of its section's text: prose first, code blocks after it."""
    import json

    docs = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    with_both = [d for d in docs if "<pre>" in d["text"] and "<p>" in d["text"]]
    assert len(with_both) > 50
    for d in with_both:
        assert d["text"].index("<p>") < d["text"].index("<pre>"), d["location"]
    assert any("queue.task_done()" in d["text"] for d in docs)  # a snippet's source is still found
    # the timeline's data and the line under each output are not prose: not indexed
    under_output = re.compile(r"下载 \S+\.py · 需要 Python")  # the line under each output, not the prose's words
    texts = [d["text"].replace("\u200b", "") for d in docs]  # jieba's word breaks
    assert not any("时间线数据" in t or under_output.search(t) for t in texts)


def test_a_broken_snippet_says_what_broke_and_no_minimum_version(tmp_path: Path) -> None:
    """A snippet that fails on the main Python has no measured minimum: the build names the failure,
    never a line like "measured minimum Python 3.13 (3.13 上：ValueError …)"."""
    path = "snippets/broken.py"
    newest = SITE.pythons[0].version[:2]
    code = (
        "import asyncio\nimport sys\n\n\nasync def main() -> None:\n"
        f"    if sys.version_info[:2] == {newest}:  # broken by the newest release only\n"
        '        raise ValueError("broken")\n\n\nasyncio.run(main())\n'
    )
    site = make_site(tmp_path, {"index.md": page_for(path)}, {path: code})
    proc = build(site, GUIDE_PYTHONS="")
    assert proc.returncode == 1
    assert f"snippet {path}: 退出状态 1" in proc.stderr and "ValueError: broken" in proc.stderr
    assert "measured minimum" not in proc.stderr

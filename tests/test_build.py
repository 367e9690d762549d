"""The site builds (--strict) and each page shows the real output of its snippets."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from guide.html import output_blocks
from guide.pages import all_pages
from guide.runner import ROOT

from .conftest import declared_specs
from .minisite import build, make_site, page_for

pytestmark = pytest.mark.build


def _page_html(site: Path, page_path: Path) -> str:
    rel = page_path.relative_to(ROOT / "docs").with_suffix("")
    target = site / "index.html" if rel.name == "index" and rel.parent == Path() else site / rel / "index.html"
    if rel.name == "index" and rel.parent != Path():
        target = site / rel.parent / "index.html"
    return target.read_text("utf-8")


def test_every_page_shows_the_output_of_its_own_run(built_site, run):  # type: ignore[no-untyped-def]
    for page in all_pages():
        if not page.specs:
            continue
        blocks = output_blocks(_page_html(built_site, page.path))
        for spec in page.specs:
            command = " ".join([spec.path, *spec.args])  # what the block's data-snippet names
            assert command in blocks, f"{page.path.name}: no output block for {command}"
            assert blocks[command] == run(spec.path, *spec.args).output.rstrip(), command
        assert set(blocks) == {" ".join([s.path, *s.args]) for s in page.specs}


def test_declared_specs_cover_all_pages() -> None:
    assert declared_specs(), "no snippet is run by any page"


def test_output_follows_edits_to_the_snippet(tmp_path: Path) -> None:
    snippet = "snippets/t/hello.py"
    site = make_site(tmp_path, {"index.md": page_for(snippet)}, {snippet: 'print("第一版")\n'})
    assert build(site).returncode == 0
    assert output_blocks((site / "site" / "index.html").read_text("utf-8"))[snippet] == "第一版"
    (site / snippet).write_text('print("第二版")\n', "utf-8")
    assert build(site).returncode == 0
    assert output_blocks((site / "site" / "index.html").read_text("utf-8"))[snippet] == "第二版"


@pytest.fixture(scope="module")
def both_paths(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One page built twice: fast (the hook renders show() cells) and GUIDE_KERNEL=1 (the kernel runs them).

    The page has a top-level cell and one inside a content tab (=== "…"): the kernel never sees
    indented cells, the hook renders those in both paths.
    """
    tmp = tmp_path_factory.mktemp("paths")
    mixed, tabbed = "snippets/t/mixed.py", "snippets/t/in_tab.py"
    in_tab = "\n".join(
        "    " + line if line else "" for line in page_for(tabbed).split("\n# Test\n", 1)[1].splitlines()
    )
    page = page_for(mixed, stderr=True) + f'\n=== "标签"\n\n{in_tab}\n\n=== "另一个"\n\n    文字\n'
    snippets = {
        mixed: 'import sys\nprint("<b>粗体?</b> & {{ x }}")\nprint("警告", file=sys.stderr)\n',
        tabbed: 'print("在标签页里 *不是强调* <i>")\n',
    }
    site = make_site(tmp, {"index.md": page}, snippets)
    fast = build(site, out=tmp / "fast")
    kernel = build(site, out=tmp / "kernel", GUIDE_KERNEL="1")
    assert fast.returncode == 0, fast.stderr
    assert kernel.returncode == 0, kernel.stderr
    assert "Executing index.md" in kernel.stderr and "Executing" not in fast.stderr
    return {k: (tmp / k / "index.html").read_text("utf-8") for k in ("fast", "kernel")}


def test_kernel_path_renders_exactly_like_the_fast_path(both_paths: dict[str, str]) -> None:
    """GUIDE_KERNEL=1 executes the page in mkdocs-execute-plugin's kernel: same output blocks."""
    expected = {
        "snippets/t/mixed.py": "<b>粗体?</b> & {{ x }}\n警告",
        "snippets/t/in_tab.py": "在标签页里 *不是强调* <i>",
    }
    assert output_blocks(both_paths["fast"]) == output_blocks(both_paths["kernel"]) == expected
    # the whole block too: title, exit status, download link (relative to the page), Python version
    whole = re.compile(r'<div class="snippet-output".*?<p class="snippet-needs">.*?</p></div>', re.S)
    fast, kernel = (whole.findall(both_paths[k]) for k in ("fast", "kernel"))
    assert len(fast) == 2 and fast == kernel
    assert all('href="snippets/t/' in block for block in fast)  # the page is the site root here


def test_outputs_inside_content_tabs_render_in_both_paths(both_paths: dict[str, str]) -> None:
    for text in both_paths.values():
        tab = text[text.index('class="tabbed-block"') :]
        assert tab.index('data-snippet="snippets/t/in_tab.py"') < tab.index('class="tabbed-block"', 1)  # first tab
        assert "hide-input" not in text and "GUIDEOUTPUT" not in text


def test_page_kernels_are_stopped_without_the_graceful_shutdown_stall() -> None:
    """ipykernel's graceful shutdown deadlocks about one time in five (~4 s each; bench/kernel_launch.py)."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        config = config.plugins.on_config(config)
        assert config.plugins["execute"].exporter.config.ExecutePreprocessor.shutdown_kernel == "immediate"
    finally:
        config.plugins.on_shutdown()

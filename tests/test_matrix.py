"""Every snippet on every Python: throwaway sites built with two or more interpreters, and the
comparison itself on runs made up for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from buildkit.blocks import output_blocks
from buildkit.compare import boundaries, groups, minimum
from buildkit.model import Matrix, Result, Spec

from .config import SITE
from .minisite import build, make_site, page_for

HAVE = [i.minor for i in SITE.pythons]  # newest first
needs_two = pytest.mark.skipif(len(HAVE) < 2, reason="needs two Pythons (GUIDE_PYTHONS names one)")


def _block(tmp_path: Path, code: str, pythons: list[str], **settings: object):
    site = make_site(tmp_path, {"index.md": page_for("snippets/v.py", **settings)}, {"snippets/v.py": code})
    proc = build(site, GUIDE_PYTHONS=",".join(pythons))
    assert proc.returncode == 0, proc.stderr[-3000:]
    (block,) = output_blocks((site / "site" / "index.html").read_text("utf-8"))
    return block


@needs_two
def test_versions_that_print_differently_get_a_tab_each_the_newest_first(tmp_path: Path) -> None:
    newest, older = HAVE[0], HAVE[-1]
    code = f"import sys\n\nprint('new' if sys.version_info[:2] >= ({newest.replace('.', ', ')}) else 'old')\n"
    block = _block(tmp_path, code, [newest, older], changes={newest: "新版本打印 new"})
    assert block.text.strip() == "new" and block.python.startswith(newest + ".")
    assert [(label, text.strip()) for label, text in block.versions] == [(newest, "new"), (older, "old")]
    labels = [label.get_text() for label in block.element.select(".tabbed-labels label")]
    assert labels == [f"Python {newest}", f"Python {older}"]
    (note,) = block.element.select(".snippet-change")
    assert note.get_text() == f"{newest} 起：新版本打印 new"
    assert "输出因版本而异" in block.element.select_one(".snippet-checked").get_text()


@needs_two
def test_the_same_output_everywhere_is_one_block_that_says_where_it_was_checked(tmp_path: Path) -> None:
    block = _block(tmp_path, "print('同一个结果')\n", [HAVE[0], HAVE[-1]])
    assert block.versions == () and block.element.select(".tabbed-set") == []
    checked = block.element.select_one(".snippet-checked").get_text()
    assert checked == f"在 Python {HAVE[-1]}–{HAVE[0]} 上输出相同" or "、" in checked


@pytest.mark.skipif("3.10" not in HAVE or len(HAVE) < 2, reason="needs Python 3.10 and a newer one")
def test_a_version_that_lacks_a_feature_shows_its_failure_and_sets_the_minimum(tmp_path: Path) -> None:
    code = (
        "import asyncio\n\n\nasync def main() -> None:\n    async with asyncio.TaskGroup():\n        print('ok')\n\n\n"
        "asyncio.run(main())\n"
    )
    block = _block(tmp_path, code, HAVE)
    assert block.text.strip() == "ok"
    label, text = block.versions[-1]
    assert label == "3.10（不支持）" and "AttributeError: module 'asyncio' has no attribute 'TaskGroup'" in text
    assert block.element.select_one(".snippet-unsupported") is not None
    python = block.element.select_one(".snippet-python").parent.get_text()
    # the oldest version run above 3.10 (3.11 where the machine has it: what asyncio.TaskGroup needs)
    reason = "（3.10 上：AttributeError: module 'asyncio' has no attribute 'TaskGroup'）"
    assert f"需要 Python ≥ {HAVE[-2]}{reason}" in python


def test_one_python_says_it_was_the_only_one(tmp_path: Path) -> None:
    block = _block(tmp_path, "print('x')\n", [HAVE[0]])
    assert block.element.select_one(".snippet-checked").get_text() == f"只在 Python {HAVE[0]} 上运行过"


def _run(version: str, output: str, returncode: int = 0, spec: Spec | None = None) -> Result:
    return Result(spec or Spec("snippets/x.py"), returncode, output, "", 0.1, python=f"{version}.0")


def test_the_minimum_is_the_oldest_version_that_behaves_as_the_newest() -> None:
    m = Matrix(
        Spec("snippets/x.py"),
        (
            _run("3.13", "a\n"),
            _run("3.12", "b\n"),
            _run("3.11", "Traceback …\nTypeError: no\n", 1),
            _run("3.10", "a\n"),
        ),
    )
    least = minimum(m)
    assert least.version == "3.12" and least.reason == "3.11 上：TypeError: no"  # 3.10 working does not count
    assert [g.label for g in groups(m)] == ["3.10、3.13", "3.12", "3.11"]
    assert boundaries(m) == ["3.13"]  # among the supported: 3.12 → 3.13
    assert [g.supported for g in groups(m)] == [True, True, False]


def test_a_snippet_meant_to_fail_must_fail_the_same_way() -> None:
    spec = Spec("snippets/x.py", expect_error=True)
    main = _run("3.13", "RuntimeError: on purpose\n", 1, spec)
    other = _run("3.12", "AttributeError: missing\n", 1, spec)
    least = minimum(Matrix(spec, (main, other)))
    assert least.version == "3.13" and least.reason == "3.12 上：AttributeError: missing"


def test_guide_pythons_names_what_is_missing_and_what_there_is() -> None:
    import os

    from buildkit.pythons import PythonsError, _older_by_name, wanted

    with pytest.raises(PythonsError, match=r"no CPython 3\.99 \(found: .*3\.\d+"):
        wanted({**os.environ, "GUIDE_PYTHONS": "3.99"})
    assert [i.minor for i in wanted({**os.environ, "GUIDE_PYTHONS": HAVE[0]})] == [HAVE[0]]
    # pyenv's and uv's folder names tell a version too old to start (3.9 and older are never run)
    assert _older_by_name("3.9.18") and _older_by_name("cpython-3.9.1-linux-x86_64-gnu")
    assert not _older_by_name("3.10.13") and not _older_by_name("my-env")

"""Broken internal links and anchors fail the strict build (mkdocs.yml ``validation``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .minisite import build, make_site

pytestmark = pytest.mark.build

OK = "# 首页\n\n## 第一节\n\n见[第二页](second.md#小节)和[本页的第一节](#第一节)。\n"
SECOND = "# 第二页\n\n## 小节\n\n回到[首页](index.md)。\n"


def test_valid_links_build_cleanly(tmp_path: Path) -> None:
    proc = build(make_site(tmp_path, {"index.md": OK, "second.md": SECOND}, {}))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "WARNING" not in proc.stderr


@pytest.mark.parametrize(
    ("link", "needle"),
    [
        ("[坏链接](missing.md)", "missing.md"),
        ("[坏锚点](second.md#没有这一节)", "没有这一节"),
        ("[本页坏锚点](#不存在)", "不存在"),
    ],
    ids=["missing-page", "missing-anchor", "missing-local-anchor"],
)
def test_broken_link_fails_the_strict_build(tmp_path: Path, link: str, needle: str) -> None:
    proc = build(make_site(tmp_path, {"index.md": OK + f"\n{link}\n", "second.md": SECOND}, {}))
    assert proc.returncode != 0, proc.stderr[-3000:]
    assert "index.md" in proc.stderr and needle in proc.stderr, proc.stderr[-3000:]

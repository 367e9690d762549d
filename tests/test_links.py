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


BROKEN = {
    "missing-page": ("[坏链接](missing.md)", "missing.md"),
    "missing-anchor": ("[坏锚点](second.md#没有这一节)", "没有这一节"),
    "missing-local-anchor": ("[本页坏锚点](#不存在)", "不存在"),
}


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory: pytest.TempPathFactory):
    links = "\n\n".join(link for link, _ in BROKEN.values())
    site = make_site(tmp_path_factory.mktemp("links"), {"index.md": OK + f"\n{links}\n", "second.md": SECOND}, {})
    return build(site)


@pytest.mark.parametrize("kind", list(BROKEN))
def test_broken_link_fails_the_strict_build(broken_build, kind: str) -> None:
    _, needle = BROKEN[kind]
    assert broken_build.returncode != 0, broken_build.stderr[-3000:]
    warnings = [line for line in broken_build.stderr.splitlines() if line.startswith("WARNING") and "index.md" in line]
    assert any(needle in line for line in warnings), broken_build.stderr[-3000:]

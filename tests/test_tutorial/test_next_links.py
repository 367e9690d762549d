"""Following the 「下一章」/「下一部分」 links at the end of each page visits every page in nav order."""

from __future__ import annotations

import itertools
import posixpath
import re

from ..config import ROOT

NAV_PAGE = re.compile(r"^\s+- (?:[^:\n]+: )?([\w/.-]+\.md)\s*$", re.M)
NEXT = re.compile(r"^下一(?:章|部分)：\[[^\]]+\]\(([^)#]+\.md)\)", re.M)


def nav_order() -> list[str]:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return NAV_PAGE.findall(text.split("\nnav:\n", 1)[1])


def test_next_links_follow_the_nav() -> None:
    pages = nav_order()
    assert "practice/exercises.md" in pages and pages[0] == "index.md"
    wrong = {}
    for page, following in itertools.pairwise(pages[1:]):  # from the first chapter to the glossary
        links = NEXT.findall((ROOT / "docs" / page).read_text(encoding="utf-8"))
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), links[-1])) if links else None
        if target != following:
            wrong[page] = (target, following)
    assert wrong == {}, "page: (its next link, the next page in nav)"

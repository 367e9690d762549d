"""Last-updated dates from git: a page is as new as its newest commit, its included snippets' too."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from .config import ROOT, pages
from .minisite import build, make_site, page_for

pytestmark = pytest.mark.build

DATE = re.compile(r'<aside class="md-source-file">.*?(\d{4}) 年 (\d{1,2}) 月 (\d{1,2}) 日', re.S)
CST = timezone(timedelta(hours=8))


def shown_date(html_file: Path) -> str | None:
    m = DATE.search(html_file.read_text("utf-8"))
    return f"{int(m[1]):04}-{int(m[2]):02}-{int(m[3]):02}" if m else None


def git(cwd: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def test_every_page_shows_its_newest_commit_in_utc8(built_site: Path) -> None:
    if subprocess.run(["git", "rev-parse"], cwd=ROOT, capture_output=True).returncode:
        pytest.skip("not a git checkout")
    checked = 0
    for page in pages():
        rel = page.path.relative_to(ROOT / "docs")
        files = [str(page.path), *(str(ROOT / p) for p in page.includes)]
        stamp = git(ROOT, "log", "-1", "--format=%ct", "--", *files).strip()
        html_file = built_site / (rel.parent if rel.name == "index.md" else rel.with_suffix("")) / "index.html"
        expected = datetime.fromtimestamp(int(stamp), CST).date().isoformat() if stamp else None
        assert shown_date(html_file) == expected, rel
        checked += bool(expected)
    assert checked, "no page has a date: is the checkout's history there?"


def test_editing_an_included_snippet_updates_the_page_date(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        {"index.md": page_for("snippets/t/shown.py"), "other.md": "# 其他\n"},
        {"snippets/t/shown.py": 'print("v1")\n', "snippets/t/unrelated.py": 'print("x")\n'},
    )
    git(site, "init", "-q")
    git(site, "add", ".")
    git(site, "commit", "-qm", "pages", date="2020-01-02T12:00:00+00:00")
    (site / "snippets/t/shown.py").write_text('print("v2")\n', "utf-8")
    git(site, "commit", "-qam", "fix the shown snippet", date="2021-03-04T20:00:00+00:00")  # 3 月 5 日 in UTC+8
    (site / "snippets/t/unrelated.py").write_text('print("y")\n', "utf-8")
    git(site, "commit", "-qam", "unrelated", date="2022-06-01T00:00:00+00:00")

    proc = build(site)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert shown_date(site / "site/index.html") == "2021-03-05"
    assert shown_date(site / "site/other/index.html") == "2020-01-02"


def test_outside_git_pages_have_no_date_and_the_strict_build_passes(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"index.md": "# 首页\n"}, {})
    proc = build(site, GIT_CEILING_DIRECTORIES=str(tmp_path.parent))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert shown_date(site / "site/index.html") is None

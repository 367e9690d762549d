"""MkDocs hook: each page's last-updated date, from git.

A page is as new as the newest commit touching the page *or any snippet it includes*: fixing an
example updates the date of the page that shows it. The date is given in China Standard Time
(UTC+8, no daylight saving) and rendered by Material's ``source-file`` partial at the page's end.
Outside a git checkout, or for files git doesn't know, pages simply have no date (the build does
not warn: mini-sites in tests and tarball builds are legitimate). A shallow clone would date every
page by its one commit, so the deploy workflow checks out the full history. A date changes only with
a commit: a rebuild under ``mkdocs serve`` asks git again only when ``HEAD`` moved (one ``git log``
per page was a tenth of a rebuild).
"""

from __future__ import annotations

import logging
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # buildkit, next to hooks/

from buildkit.pages import Page
from buildkit.session import SESSION

log = logging.getLogger("mkdocs.hooks.dates")
CST = timezone(timedelta(hours=8), "CST")


class State:
    config_dir: Path = Path()
    git: bool = False
    head: str | None = None  # the commit checked out: dates are asked again when it moves


S = State()


def _git(*args: str) -> str | None:
    try:
        proc = subprocess.run(["git", *args], cwd=S.config_dir, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout.strip() if proc.returncode == 0 else None


def on_config(config):
    S.config_dir = Path(config.config_file_path).resolve().parent
    S.git = _git("rev-parse", "--is-inside-work-tree") == "true"
    S.head = _git("rev-parse", "HEAD") if S.git else None
    if not S.git:
        log.info("dates: %s is not a git checkout, pages get no last-updated date", S.config_dir)
    elif _git("rev-parse", "--is-shallow-repository") == "true":
        log.info("dates: shallow clone, last-updated dates are those of the oldest fetched commit at best")
    return config


def last_updated(paths: list[Path]) -> datetime | None:
    """The committer date of the newest commit touching any of ``paths``, in UTC+8."""
    asked = (S.head, *map(str, paths))
    known: dict[tuple[str | None, ...], str | None] = SESSION.kept("last commit")
    if S.head is None or asked not in known:
        known[asked] = _git("log", "-1", "--format=%ct", "--", *map(str, paths))
    stamp = known[asked]
    return datetime.fromtimestamp(int(stamp), CST) if stamp else None


def format_date(d: datetime) -> str:
    return f"{d.year} 年 {d.month} 月 {d.day} 日"


def on_page_markdown(markdown: str, page, config, files) -> str:
    if not S.git:
        return markdown
    source = Path(page.file.abs_src_path)
    paths = [source] + [S.config_dir / p for p in Page.read(source).includes]
    when = last_updated([p for p in paths if p.exists()])
    if when is not None:
        page.meta["git_revision_date_localized"] = format_date(when)  # what Material's source-file partial shows
    return markdown

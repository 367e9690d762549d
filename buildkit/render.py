"""The one renderer of snippet output: a Result (or its absence) → the HTML block under its source.

One template, ``templates/output.html``, autoescaped: every field that came from a run is text,
whatever it contains. Control characters other than newline and tab are shown as visible
symbols (U+2400…), identically wherever the block appears.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from . import chart
from .compare import behaves_as_main, groups, minimum, minor
from .model import Matrix, Result, Spec, version_key
from .runner import CONTENDED, EXCLUSIVE_ATTEMPTS
from .timeline import svg

_ENV = Environment(
    loader=PackageLoader("buildkit", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    keep_trailing_newline=False,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def visible(text: str) -> str:
    """Control characters as their visible Unicode pictures (ESC → ␛), so nothing hides in the page."""
    return _CONTROL.sub(lambda m: chr(0x2400 + ord(m[0])) if m[0] != "\x7f" else "\u2421", text)


def output_block(
    spec: Spec,
    matrix: Matrix | None,
    url_of: Callable[[str], str],
    *,
    ident: str = "0",
    changes: Mapping[str, str] | None = None,
    pending: Sequence[str] = (),
    stopped: str | None = None,
) -> str:
    """The block under a snippet: the newest Python's output and, where versions differ, a tab per
    group of versions. ``matrix`` None: the build did not run snippets (GUIDE_EXECUTE=0).
    ``url_of``: a published file's URL relative to the page (each file the run executes gets a
    download link). ``ident``: unique on the page (the tabs' ids). ``changes``: what the page says
    changed at a version (``{"3.12": "…"}``), shown in that version's tab. ``pending``: the versions
    whose runs are still under way (``mkdocs serve`` shows pages before every run has finished);
    ``matrix`` then has the others' runs, or is None while the newest Python's is one of them.
    ``stopped``: why the runs under way ended before these did (a service that cannot start)."""
    if matrix is None and pending:
        versions = "、".join(pending)
        if stopped:
            body = f"没有运行（Python {versions}）：{stopped}\n改好后保存任意文件，会再试一次。"
            return _render(spec, exit="", title="输出（没有运行）", body=body, tabs=[], pending=pending)
        body = f"正在运行…（Python {versions}）运行结束后，这一页会自动刷新。"
        return _render(spec, exit="", title="输出（正在运行…）", body=body, tabs=[], pending=pending)
    if matrix is None:
        return _render(spec, exit="", title="输出（本次构建未执行：GUIDE_EXECUTE=0）", body="", tabs=[])
    main = matrix.main
    problem = main.problem()
    title = "输出"
    if spec.expect_error:  # a checker that finds fault exits 1 without raising: no exception to announce
        raised = "Traceback (most recent call last)" in main.output
        title = f"输出（{'预期的异常，' if raised else ''}退出状态 {main.returncode}）"
    tabs = [] if problem else _tabs(matrix, changes or {})
    return _render(
        spec,
        exit=_exit(main),
        title=title,
        body=_body(main) if problem is None else visible(main.tail()),
        problem=problem,
        python=main.python,
        tabs=tabs if len(tabs) > 1 else [],
        ident=ident,
        minimum=minimum(matrix),
        same=len(tabs) <= 1,
        timeline=Markup(svg(main.spans) + ("" if problem else _charts(spec, matrix, ident))),
        contended=main.contention if main.contention > CONTENDED else 0,
        attempts=EXCLUSIVE_ATTEMPTS,
        needs=main.needs,
        pending=pending,
        stopped=stopped,
        downloads=[(url_of(f), f.rsplit("/", 1)[-1]) for f in spec.files],
    )


@dataclass(frozen=True)
class _Tab:
    label: str
    exit: str
    body: str
    notes: tuple[str, ...]  # what the page says changed at the versions of this tab
    failure: str  # why the snippet does not run here as on the newest Python ("" when it does)


def _tabs(matrix: Matrix, changes: Mapping[str, str]) -> list[_Tab]:
    versions = [minor(r) for r in matrix.results]  # newest first
    tabs = []
    for g in groups(matrix):
        notes = []
        for since, why in changes.items():
            first = next((v for v in reversed(versions) if version_key(v) >= version_key(since)), None)
            if first in g.versions and g.supported:
                notes.append(why if since in why else f"{since} 起：{why}")  # the version named once
        failure = "" if g.supported else (g.result.problem() or f"结束方式与 Python {minor(matrix.main)} 不同")
        label = g.label if g.supported else f"{g.label}（不支持）"
        tabs.append(_Tab(label, _exit(g.result), _body(g.result), tuple(notes), failure))
    return tabs


def _charts(spec: Spec, matrix: Matrix, ident: str) -> str:
    """The fence's ``chart`` labels, each across the versions, from these same runs (drawn under the timeline)."""
    runs = [(minor(r), r.output if behaves_as_main(r, matrix.main) else None) for r in matrix.results]
    return chart.figures(spec.chart, runs, ident)


def _exit(result: Result) -> str:
    return "timeout" if result.returncode is None else str(result.returncode)


def _body(result: Result) -> str:
    body = result.output
    if result.truncated_bytes:
        body += f"\n… 输出过长，已截断 {result.truncated_bytes} 字节 (output truncated)\n"
    return visible(body.rstrip())


def _render(spec: Spec, **values: object) -> str:
    return _ENV.get_template("output.html").render(spec=spec, **values)

"""The one renderer of snippet output: a Result (or its absence) → the HTML block under its source.

One template, ``templates/output.html``, autoescaped: every field that came from a run is text,
whatever it contains. Control characters other than newline and tab are shown as visible
symbols (U+2400…), identically wherever the block appears.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from .model import Result, Spec
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


def output_block(spec: Spec, result: Result | None, url_of: Callable[[str], str]) -> str:
    """``result`` None: the build did not run snippets (GUIDE_EXECUTE=0). ``url_of``: a published
    file's URL relative to the page showing it (each file the run executes gets a download link)."""
    if result is None:
        return _render(spec, exit="", title="输出（本次构建未执行：GUIDE_EXECUTE=0）", body="")
    body = result.output
    if result.truncated_bytes:
        body += f"\n… 输出过长，已截断 {result.truncated_bytes} 字节 (output truncated)\n"
    problem = result.problem()
    title = "输出"
    if spec.expect_error:
        title = f"输出（预期的异常，退出状态 {result.returncode}）"
    return _render(
        spec,
        exit="timeout" if result.returncode is None else str(result.returncode),
        title=title,
        body=visible(body.rstrip() if problem is None else result.tail()),
        problem=problem,
        timeline=Markup(svg(result.spans)),
        contended=result.contention if result.contention > CONTENDED else 0,
        attempts=EXCLUSIVE_ATTEMPTS,
        needs=result.needs,
        downloads=[(url_of(f), f.rsplit("/", 1)[-1]) for f in spec.files],
    )


def _render(spec: Spec, **values: object) -> str:
    return _ENV.get_template("output.html").render(spec=spec, **values)

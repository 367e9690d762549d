"""A Gantt-style figure of when each coroutine ran, drawn from the build's own run.

The events come from the run that produced the page's output (see inject/sitecustomize.py):
one span per coroutine call defined in the snippet, from its first resumption to its last
suspension. Nothing here is typed in by hand.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Sequence

from .model import Span

WIDTH = 640
LABEL_W = 190
ROW_H = 24
TOP = 8
AXIS_H = 26
# Labels are 12 px monospace (about 7.2 px a column) right-aligned in LABEL_W - 8 px: 25 columns,
# a wide (CJK) character counting as two.
LABEL_COLS = 25


def _tick_step(total: float) -> float:
    for step in (0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60):
        if total / step <= 8:
            return step
    return 120.0


def svg(all_spans: Sequence[Span]) -> str:
    spans = [e for e in all_spans if e.end >= e.start]
    if not spans:
        return ""
    t0 = min(e.start for e in spans)
    total = max(max(e.end for e in spans) - t0, 0.001)
    step = _tick_step(total)
    axis_end = math.ceil(total / step - 1e-9) * step
    plot_w = WIDTH - LABEL_W - 16
    scale = plot_w / axis_end
    height = TOP + ROW_H * len(spans) + AXIS_H
    out = [
        '<figure class="timeline" tabindex="0" data-search-exclude>'
        f'<svg xmlns="http://www.w3.org/2000/svg" aria-hidden="true" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" style="max-width:{WIDTH}px">'
    ]
    for i, e in enumerate(spans):
        y = TOP + i * ROW_H
        x = LABEL_W + (e.start - t0) * scale
        w = max((e.end - e.start) * scale, 2)
        label = html.escape(fit_label(e.label))
        secs = e.end - e.start
        out.append(
            f'<text x="{LABEL_W - 8}" y="{y + 16}" text-anchor="end" '
            f'style="fill:var(--md-default-fg-color);font-size:12px;font-family:var(--md-code-font-family)">{label}</text>'
            f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{ROW_H - 8}" rx="3" '
            f'style="fill:var(--md-accent-fg-color)"><title>{label}: {secs:.2f} s</title></rect>'
        )
    axis_y = TOP + ROW_H * len(spans) + 4
    out.append(
        f'<line x1="{LABEL_W}" y1="{axis_y}" x2="{LABEL_W + plot_w}" y2="{axis_y}" '
        'style="stroke:var(--md-default-fg-color--light)"/>'
    )
    for k in range(round(axis_end / step) + 1):
        t = k * step
        x = LABEL_W + t * scale
        out.append(
            f'<line x1="{x:.1f}" y1="{axis_y}" x2="{x:.1f}" y2="{axis_y + 4}" '
            'style="stroke:var(--md-default-fg-color--light)"/>'
            f'<text x="{x:.1f}" y="{axis_y + 17}" text-anchor="middle" '
            f'style="fill:var(--md-default-fg-color--light);font-size:11px">{t:g} s</text>'
        )
    out.append("</svg>" + text_alternative(spans, t0))
    out.append(f"<figcaption>时间线：本次构建中这段代码的真实运行（共 {total:.2f} 秒）</figcaption></figure>")
    return "".join(out)


def text_alternative(spans: Sequence[Span], t0: float) -> str:
    """The drawing as a table for screen readers (visually hidden): each coroutine, its start and end."""
    rows = "".join(
        f"<tr><td>{html.escape(short_reprs(e.label))}</td><td>{e.start - t0:.2f}</td><td>{e.end - t0:.2f}</td></tr>"
        for e in spans
    )
    return (
        '<table class="timeline-data sr-only"><caption>时间线数据：每个协程开始和结束的时刻</caption>'
        '<thead><tr><th scope="col">协程</th><th scope="col">开始（秒）</th>'
        '<th scope="col">结束（秒）</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def columns(text: str) -> int:
    """Monospace width: East Asian wide and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_OBJECT_REPR = re.compile(r"<(?:[\w.]*\.)?(\w+)\b[^<>]*(?:<[^<>]*>[^<>]*)*>")  # <a.b.Pool object at 0x…> -> <Pool>


def short_reprs(label: str) -> str:
    """``<asyncpg.pool.Pool object at 0x7f…>`` -> ``<Pool>``: the class says what it is, the address nothing."""
    return _OBJECT_REPR.sub(lambda m: f"<{m[1]}>", label)


def _split_args(args: str) -> list[str]:
    """Top-level comma-separated arguments (commas inside quotes or brackets stay)."""
    parts, depth, quote, cur = [], 0, "", ""
    for c in args:
        if quote:
            quote = "" if c == quote else quote
        elif c in "'\"":
            quote = c
        elif c in "([{<":
            depth += 1
        elif c in ")]}>":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
            continue
        cur += c
    return [*parts, cur.strip()] if cur.strip() else parts


def fit_label(label: str, cols: int = LABEL_COLS) -> str:
    """A call label that fits ``cols`` columns: object reprs shortened to their class, then trailing
    arguments replaced by ``…``, and only as a last resort the text cut."""
    label = short_reprs(label)
    if columns(label) <= cols:
        return label
    m = re.fullmatch(r"(\w+)\((.*)\)", label, re.S)
    if m:
        args = _split_args(m[2])
        while args:
            args.pop()
            short = f"{m[1]}({', '.join([*args, '…'])})"
            if columns(short) <= cols:
                return short
    out = ""
    for c in label:
        if columns(out + c) > cols - 1:
            break
        out += c
    return out + "…"

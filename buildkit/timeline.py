"""A Gantt-style figure of when each coroutine ran, drawn from the build's own run.

The events come from the run that produced the page's output (see inject/sitecustomize.py):
one span per coroutine call defined in the snippet, from its first resumption to its last
suspension. Nothing here is typed in by hand.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

from .model import Span

WIDTH = 640
LABEL_W = 190
ROW_H = 24
TOP = 8
AXIS_H = 26


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
        f'<figure class="timeline"><svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" style="max-width:{WIDTH}px" '
        f'aria-label="时间线：每个协程从开始到结束的时间段">'
    ]
    for i, e in enumerate(spans):
        y = TOP + i * ROW_H
        x = LABEL_W + (e.start - t0) * scale
        w = max((e.end - e.start) * scale, 2)
        label = html.escape(e.label if len(e.label) <= 28 else e.label[:27] + "…")
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
    out.append(f"</svg><figcaption>时间线：本次构建中这段代码的真实运行（共 {total:.2f} 秒）</figcaption></figure>")
    return "".join(out)

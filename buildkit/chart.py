"""One measure across Python versions, as a bar chart drawn from the build's own runs.

A snippet prints what it measures as ``label：value unit`` lines (``每个任务：0.75 KiB``); its
output fence names the labels to chart (``chart: [每个任务]``). For each label the figure has one
row per Python the build ran the snippet on, oldest at the top, its bar's length proportional to
the value that run printed. The runs are the very ones the page's version tabs show: nothing is
measured again, nothing typed in by hand. A version where the snippet does not run as on the
newest, or printed no value for the label, gets a row that says so (what it printed after the
label, if anything) and no bar.

The SVG is an image with a name and a description (``role="img"``, ``<title>``, ``<desc>``); the
description lists every version's value, so the figure reads the same without the drawing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 420  # readable on a phone without scrolling: 390 px wide shows it at 0.85
LABEL_W = 92  # "Python 3.15" at 12 px, right-aligned
VALUE_W = 96  # room after the longest bar for its value ("12.34 µs")
ROW_H = 24
TOP = 6
PLOT_W = WIDTH - LABEL_W - 8 - VALUE_W

# ``label：value unit`` — a full-width colon, then a number and the word right after it; the rest of
# the line (a note in brackets) is not part of the measure.
MEASURE = re.compile(
    r"^\s*(?P<label>[^：\n]*?\S)\s*：\s*(?P<value>[-+]?\d+(?:\.\d+)?)(?:[ \t]*(?P<unit>[^\s，。；（(]+))?"
)


@dataclass(frozen=True)
class Measure:
    value: float
    text: str  # the number as printed ("0.75"): the figure shows what the run printed
    unit: str  # "KiB", "µs", "倍", or ""


def measures(output: str) -> dict[str, Measure]:
    """Every ``label：value unit`` line of an output; a label printed twice keeps its first value."""
    found: dict[str, Measure] = {}
    for line in output.splitlines():
        if m := MEASURE.match(line):
            found.setdefault(m["label"], Measure(float(m["value"]), m["value"], m["unit"] or ""))
    return found


@dataclass(frozen=True)
class Row:
    python: str  # "3.13"
    measure: Measure | None  # None: no value on this version (``note`` says why)
    note: str = ""


def said(output: str, label: str) -> str | None:
    """What a run printed after ``label：`` (a line without a number: ``TaskGroup：没有（3.11 起才有）``)."""
    for line in output.splitlines():
        head, colon, rest = line.partition("：")
        if colon and head.strip() == label:
            return rest.strip()
    return None


def rows(label: str, runs: Sequence[tuple[str, str | None]]) -> list[Row]:
    """One row per run, oldest Python first. ``runs``: (version, output), the output None where the
    snippet does not run as on the newest Python. A value whose unit differs from the newest
    version's is not drawn against it."""
    ordered = sorted(runs, key=lambda r: tuple(int(x) for x in r[0].split(".")))
    found = {python: measures(output).get(label) if output is not None else None for python, output in ordered}
    unit = next((m.unit for _, m in reversed(found.items()) if m is not None), "")
    out = []
    for python, output in ordered:
        m = found[python]
        if output is None:
            out.append(Row(python, None, "不支持"))
        elif m is None:
            out.append(Row(python, None, said(output, label) or "没有这一项"))
        elif m.unit != unit:
            out.append(Row(python, None, f"单位不同：{m.text} {m.unit}"))
        else:
            out.append(Row(python, m))
    return out


def _shown(row: Row) -> str:
    m = row.measure
    if m is None:
        return row.note
    return f"{m.text} {m.unit}".strip()


def description(label: str, chart_rows: Sequence[Row]) -> str:
    """The text alternative: every version's value, in the order of the rows."""
    return "；".join(f"Python {r.python}：{_shown(r)}" for r in chart_rows) + "。"


def svg(label: str, chart_rows: Sequence[Row], ident: str) -> str:
    """The figure for one measure. ``ident``: unique on the page (the title's and description's ids)."""
    if not chart_rows:
        return ""
    values = [r.measure.value for r in chart_rows if r.measure is not None]
    top = max(values, default=0.0)
    scale = PLOT_W / top if top > 0 else 0.0
    height = TOP * 2 + ROW_H * len(chart_rows)
    name = html.escape(label)
    title = f"{name}：各 Python 版本"
    text = 'style="fill:var(--md-default-fg-color);font-size:12px"'
    muted = 'style="fill:var(--md-default-fg-color--light);font-size:12px"'
    out = [
        f'<figure class="chart" data-chart="{name}" data-search-exclude>'
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-{ident}-t chart-{ident}-d" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" style="max-width:{WIDTH}px">'
        f'<title id="chart-{ident}-t">{title}</title>'
        f'<desc id="chart-{ident}-d">{html.escape(description(label, chart_rows))}</desc>'
    ]
    for i, r in enumerate(chart_rows):
        y = TOP + i * ROW_H
        out.append(f'<text x="{LABEL_W - 8}" y="{y + 16}" text-anchor="end" {text}>Python {r.python}</text>')
        shown = html.escape(_shown(r))
        if r.measure is None:
            out.append(f'<text x="{LABEL_W}" y="{y + 16}" {muted}>{shown}</text>')
            continue
        w = max(r.measure.value, 0.0) * scale
        out.append(
            f'<rect class="chart-bar" data-python="{r.python}" data-value="{r.measure.text}" x="{LABEL_W}" '
            f'y="{y + 4}" width="{w:.1f}" height="{ROW_H - 8}" rx="2" style="fill:var(--md-accent-fg-color)"/>'
            f'<text x="{LABEL_W + w + 6:.1f}" y="{y + 16}" {text}>{shown}</text>'
        )
    out.append(
        f'<line x1="{LABEL_W}" y1="{TOP}" x2="{LABEL_W}" y2="{height - TOP}" '
        'style="stroke:var(--md-default-fg-color--light)"/>'
    )
    out.append(f"</svg><figcaption>{name}（本次构建在每个 Python 版本上的运行）</figcaption></figure>")
    return "".join(out)


def figures(labels: Sequence[str], runs: Sequence[tuple[str, str | None]], ident: str) -> str:
    """One figure per label, in the order the fence names them."""
    return "".join(svg(label, rows(label, runs), f"{ident}-{i}") for i, label in enumerate(labels))

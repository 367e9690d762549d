"""Reading numbers back out of what snippets print, shared by the chapter tests."""

from __future__ import annotations

import re


def seconds(line: str) -> float:
    """The first ``1.23 秒`` in a line."""
    m = re.search(r"(\d+(?:\.\d+)?) 秒", line)
    assert m, line
    return float(m.group(1))


def stamp(line: str) -> float:
    """A line's leading ``[1.2 s]`` time stamp."""
    m = re.match(r"\[(\d+\.\d) s\]", line)
    assert m, line
    return float(m.group(1))


def seconds_matching(pattern: str, text: str) -> float:
    """The number captured by ``pattern`` (multiline) somewhere in ``text``."""
    m = re.search(pattern, text, re.M)
    assert m, f"no line matching {pattern!r} in:\n{text}"
    return float(m.group(1))


STAMP = re.compile(r"^\[(\d+\.\d+) 秒\] (.*)$")


def stamped(lines: list[str]) -> list[tuple[float, str]]:
    """``[1.23 秒] text`` lines as (seconds, text); other lines are skipped."""
    return [(float(m[1]), m[2]) for line in lines if (m := STAMP.match(line))]

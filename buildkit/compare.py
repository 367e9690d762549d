"""What the runs of one snippet on every interpreter say: which versions print the same, which
version it needs, where its output changes.

Outputs are compared after :func:`normalise` removes what legitimately varies from run to run and
machine to machine: measured times and counts derived from them, memory addresses, clock times, and
the interpreter's own lines in a traceback (its files, line numbers and carets differ per version).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache
from importlib import metadata

from packaging.specifiers import InvalidSpecifier, SpecifierSet

from .model import Matrix, Result, version_key

OLDEST_SUPPORTED = (3, 10)  # what the site is written for: nothing older is claimed or checked

_SUBS = [
    (re.compile(r"0x[0-9a-fA-F]{4,}"), "0x…"),  # addresses
    (re.compile(r"\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b"), "HH:MM:SS"),  # clock times
    (re.compile(r"\b\d+\.\d+\b"), "N.N"),  # measured values (seconds, ratios, rates)
    (re.compile(r"(?<![\w.])\d+(?= ?(?:ms|毫秒|秒|s\b|次|%|倍))"), "N"),  # counts and times in units
    (re.compile(r"\b(pid|PID|port|端口)[ =:：]*\d+"), r"\1 N"),
    (re.compile(r"/tmp/[\w./-]+"), "/tmp/…"),
    (re.compile(r"((?:<python>|<site-packages>)/[^\s:\"']+\.py):\d+"), r"\1:N"),  # line numbers in its files
    (re.compile(r"(File '(?:<python>|<site-packages>)/[^']+', line )\d+"), r"\1N"),  # asyncio's call graphs
]
# In a traceback (plain, or an exception group's, whose lines start with "|"), the interpreter's own
# frames — 'File "<python>/asyncio/…", line N, in f' and the source line under it — and the carets
# under any source line differ per version; the snippet's own frames and the exception do not.
_MARGIN = re.compile(r"^[ |+-]*")
_STDLIB_FRAME = re.compile(r'^File "(<python>|<frozen [^>]+>|<site-packages>)[^"]*", line \d+, in ')
_CARETS = re.compile(r"^[\^~]+[\^~ ]*$")
# debug mode's report of a step that took longer than 0.1 s: whether a step crosses that line depends
# on how busy the machine was (a warning printed on a loaded machine), not on the Python version
_SLOW_STEP = re.compile(r"^Executing <.+> took \d+\.\d+ seconds$")
_TB_LINE = re.compile(r'(File "[^"]*", line )\d+')
_VERSION = re.compile(r"\b(Python |python)3\.\d+(?:\.\d+)?\b")
EXCEPTION = re.compile(
    r"^(?P<type>[A-Za-z_][\w.]*(?:Error|Exception|Warning|Group|Interrupt|Exit|Cancelled\w*))(?::|$)"
)


_RAISED = re.compile(r"(?<![\w.])(?:[a-z_]+\.)*[A-Z]\w*(?:Error|Exception|Group|Interrupt)\b(?::.*)?$")


def normalise(output: str, unordered: bool = False) -> str:
    """``unordered``: only which distinct lines it prints counts (a snippet whose order varies by run)."""
    lines: list[str] = []
    in_stdlib_frame = False
    for line in output.splitlines():
        body = line[len(_MARGIN.match(line)[0]) :]  # type: ignore[index]  # the pattern always matches
        if _STDLIB_FRAME.match(body):
            in_stdlib_frame = True
            continue
        if in_stdlib_frame and body and not body.startswith("File ") and line.startswith(("    ", "  |     ")):
            continue  # the source line of an interpreter frame
        in_stdlib_frame = False
        if _CARETS.match(body) or _SLOW_STEP.match(body):
            continue
        line = _VERSION.sub(r"\g<1>3.x", _TB_LINE.sub(r"\1N", line))
        for pattern, replacement in _SUBS:
            line = pattern.sub(replacement, line)
        lines.append(line.rstrip())
    if unordered:
        lines = sorted(set(lines))
    return "\n".join(lines).strip()


def minor(result: Result) -> str:
    return "{}.{}".format(*result.version)


def span(versions: list[str]) -> str:
    """``["3.13", "3.12", "3.11"]`` → ``3.11–3.13``; gaps → ``3.10、3.12``."""
    nums = sorted(version_key(v) for v in versions)
    runs: list[list[tuple[int, ...]]] = []
    for n in nums:
        if runs and runs[-1][-1][0] == n[0] and runs[-1][-1][1] + 1 == n[1]:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = ["{}.{}".format(*r[0]) if len(r) == 1 else "{}.{}–{}.{}".format(*r[0], *r[-1]) for r in runs]
    return "、".join(parts)


def exception_type(result: Result) -> str | None:
    """The exception a failing run ended with (the last line naming one)."""
    for line in reversed(result.lines):
        if m := EXCEPTION.match(line.strip()):
            return m["type"]
    return None


def behaves_as_main(result: Result, main: Result) -> bool:
    """Runs as the page declares and ends like the newest: same exit status, and for a run that is
    meant to fail, the same exception."""
    if result.problem() is not None or result.returncode != main.returncode:
        return False
    return not main.spec.expect_error or exception_type(result) == exception_type(main)


def _key(result: Result) -> str:
    """What is compared between versions."""
    return normalise(result.output, unordered=bool(result.spec.varies))


@dataclass(frozen=True)
class Group:
    """Versions whose runs print the same (normalised) output; ``result`` is the newest of them."""

    versions: tuple[str, ...]  # newest first
    result: Result
    supported: bool  # behaves as on the newest interpreter

    @property
    def label(self) -> str:
        return span(list(self.versions))


def groups(matrix: Matrix) -> list[Group]:
    """The runs grouped by normalised output, the main output's group first, then newest first."""
    main = matrix.main
    by_output: dict[tuple[bool, str], list[Result]] = {}
    for r in matrix.results:
        ok = behaves_as_main(r, main)
        by_output.setdefault((ok, _key(r)), []).append(r)
    return [
        Group(tuple(minor(r) for r in rs), rs[0], ok)
        for (ok, _), rs in sorted(by_output.items(), key=lambda kv: matrix.results.index(kv[1][0]))
    ]


def supported(matrix: Matrix) -> list[Result]:
    """The runs from the newest down to the first that does not behave like it (newest first)."""
    out = []
    for r in matrix.results:
        if not behaves_as_main(r, matrix.main):
            break
        out.append(r)
    return out


def boundaries(matrix: Matrix) -> list[str]:
    """Versions among the supported ones where the output differs from the version below, oldest first."""
    runs = list(reversed(supported(matrix)))
    return [minor(b) for a, b in itertools.pairwise(runs) if _key(a) != _key(b)]


@cache
def _requires_python(dist: str) -> tuple[int, int]:
    """The oldest minor version a distribution's ``Requires-Python`` admits (3.0 when it says nothing)."""
    try:
        meta = metadata.metadata(dist)
        spec = SpecifierSet(meta.json.get("requires_python", ""))
    except (metadata.PackageNotFoundError, InvalidSpecifier):
        return (3, 0)
    return next(((3, m) for m in range(0, 30) if spec.contains(f"3.{m}.99", prereleases=True)), (3, 0))


def _why(failed: Result) -> str:
    """How a run that does not behave as on the newest Python ended: its exception, else its last line."""
    for line in reversed(failed.lines):  # "ValueError: …", also inside a line ("✗ 运行出错：AttributeError: …")
        if m := _RAISED.search(line):
            return m[0].strip().rstrip(":")
    if failed.returncode not in (0, None) and (lines := [x.strip() for x in failed.lines if x.strip()]):
        return lines[-1]
    return failed.problem() or f"退出状态 {failed.returncode}"


@dataclass(frozen=True)
class Minimum:
    """The oldest Python the snippet runs on as on the newest, and why not older."""

    version: str  # "3.11"
    reason: str  # e.g. "3.10 上：AttributeError: module 'asyncio' has no attribute 'TaskGroup'"
    checked: tuple[str, ...]  # the versions it ran on, newest first

    @property
    def checked_span(self) -> str:
        return span(list(self.checked))


def minimum(matrix: Matrix) -> Minimum:
    """Measured on the interpreters at hand, combined with the pinned packages' ``Requires-Python``."""
    ok = supported(matrix)
    lowest = ok[-1].version if ok else matrix.main.version
    reason = ""
    below = matrix.results[len(ok)] if len(ok) < len(matrix.results) else None
    if below is not None:
        reason = f"{minor(below)} 上：{_why(below)}"
    needs = matrix.main.needs
    if below is None:
        # it ran as on the newest everywhere it was tried: below the oldest tried, only the code's
        # own reading (vermin) says anything, and nothing older than the site's floor is claimed
        static = version_key(needs.python)[:2] if needs else OLDEST_SUPPORTED
        lowest = min(lowest, max(static, OLDEST_SUPPORTED))  # type: ignore[assignment]
    for dist, _ in needs.packages if needs else ():
        wanted = _requires_python(dist)
        if wanted > lowest:
            lowest, reason = wanted, f"{dist} 要求 Python ≥ {wanted[0]}.{wanted[1]}"
    return Minimum("{}.{}".format(*lowest), reason, tuple(minor(r) for r in matrix.results))

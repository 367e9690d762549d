"""The data that crosses modules: what a page asks to run, and what a run produced.

``Spec`` comes from a page's ``output`` fence, ``Result`` from the runner; the cache stores a
Result as JSON, the renderer turns it into HTML and the tests assert on it. One (de)serializer,
:data:`RESULTS`, validates every field on the way in (types, finite numbers), so a damaged or
planted cache entry is rejected instead of reaching a page.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

from pydantic import ConfigDict, Field, TypeAdapter, ValidationError, with_config

DEFAULT_TIMEOUT = 60.0  # wall clock: a cold build on 2 cores runs 16 snippets at once on six Pythons
TAIL_LINES = 20
FINITE = ConfigDict(allow_inf_nan=False)


def version_key(version: str) -> tuple[int, ...]:
    """``"3.13.0"`` → ``(3, 13, 0)``: Python versions as they compare."""
    return tuple(int(x) for x in version.split("."))


def digest(path: Path) -> str:
    """What :attr:`Result.inputs` records of a file, and the cache compares."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@with_config(FINITE)
@dataclass(frozen=True)
class Spec:
    """One run a page declares: ``python <path> <args…>`` with the page's settings."""

    path: str  # repo-relative, e.g. "snippets/basics/coroutine.py"
    expect_error: bool = False  # a teaching point: must exit non-zero, traceback shown
    stderr: bool = False  # output on stderr is expected (warnings), not a failure
    timeout: Annotated[float, Field(gt=0, le=600)] = DEFAULT_TIMEOUT
    exclusive: bool = False  # measures CPU/wall time: a run whose timings a page shows runs alone
    timeline: bool = False  # record when each coroutine ran (drawn as a figure)
    chart: tuple[str, ...] = ()  # labels of ``label：value unit`` lines, each drawn across versions (chart.py)
    # why the order and number of its lines differ from run to run (threads finishing together, a timer
    # racing an output): versions are then compared on which lines they print, not in what order
    varies: str = ""
    # command-line arguments: ``python check.py starter.py`` (exercises); ``.py`` files among them
    # are looked up next to the snippet
    args: tuple[str, ...] = ()

    @property
    def files(self) -> list[str]:
        """Repo-relative paths of what this run executes: the snippet and the files named in its args."""
        folder = self.path.rsplit("/", 1)[0]
        return [self.path, *(f"{folder}/{a}" for a in self.args if a.endswith(".py") and "/" not in a)]

    @property
    def command(self) -> str:
        """How the page names this run: ``snippets/x/check.py starter.py``."""
        return " ".join([self.path, *self.args])


@with_config(FINITE)
@dataclass(frozen=True)
class Span:
    """When one coroutine call defined in the snippet ran: first resumption to last suspension."""

    label: str  # e.g. "say_after(1, 'hello')"
    start: float  # seconds since the interpreter started
    end: float


@with_config(FINITE)
@dataclass(frozen=True)
class Needs:
    """What the code says a reader needs to run the snippet after copying it (read, not run)."""

    python: str  # "3.11": the oldest Python whose stdlib and syntax it uses (vermin's reading)
    because: tuple[str, ...]  # what sets that minimum, e.g. ("asyncio.TaskGroup",)
    packages: tuple[tuple[str, str], ...]  # (distribution, pinned version)


@with_config(FINITE)
@dataclass
class Result:
    spec: Spec
    returncode: int | None  # None: killed on timeout
    output: str  # stdout+stderr in arrival order, paths shortened
    stderr: str  # what went to stderr (to detect unexpected warnings)
    duration: float  # wall time of the process, seconds (includes interpreter start-up)
    truncated_bytes: int = 0
    # seconds from its last output to its exit: what it still waited for after printing,
    # independent of how long start-up and imports took on a loaded machine
    linger: float = 0.0
    # ``exclusive`` runs: CPUs that other processes kept busy during the run's most contended phase
    # (the time between two outputs, see buildkit/contention.py); a measured ratio means little when high
    contention: float = 0.0
    # an ``exclusive`` spec's run made beside other runs, not alone: an older Python's, whose timings no
    # page shows unless it becomes a version tab (then :func:`buildkit.runs.ensure` measures it again alone)
    shared: bool = False
    timed_out: bool = False
    spans: tuple[Span, ...] = ()  # the timeline, when spec.timeline
    needs: Needs | None = None  # read from the code, for the run that produces the page's main output
    python: str = ""  # the version that ran it, e.g. "3.13.0"
    # every file under snippets/ the run opened besides its own source (modules imported through
    # others, data files) with its digest() when the run ended: reused only while they all match
    inputs: tuple[tuple[str, str], ...] = ()

    @property
    def lines(self) -> list[str]:
        return self.output.splitlines()

    @property
    def version(self) -> tuple[int, int]:
        """(major, minor) of the Python that ran it."""
        major, minor = version_key(self.python)[:2]
        return major, minor

    def problem(self) -> str | None:
        """Why this run must fail the build, or None when it is what the page declares."""
        s = self.spec
        if self.timed_out:
            return f"超时：运行超过 {s.timeout:g} 秒，已终止整个进程组 (timed out after {self.duration:.2f} s)"
        if s.expect_error and self.returncode == 0:
            return "页面声明它会失败 (expect_error=True)，但它成功退出了 (exit 0)"
        if not s.expect_error and self.returncode != 0:
            return f"退出状态 {self.returncode} (non-zero exit)"
        if self.stderr.strip() and not (s.stderr or s.expect_error):
            return "向 stderr 输出了未声明的内容 (unexpected stderr; declare stderr: true)"
        return None

    def tail(self, n: int = TAIL_LINES) -> str:
        return "\n".join(self.lines[-n:])


@dataclass(frozen=True)
class Matrix:
    """The runs of one spec, one per interpreter, newest first: the first is the page's main output."""

    spec: Spec
    results: tuple[Result, ...]

    @property
    def main(self) -> Result:
        return self.results[0]

    def on(self, minor: str) -> Result:
        """The run on Python ``minor`` ("3.12")."""
        for r in self.results:
            if "{}.{}".format(*r.version) == minor:
                return r
        raise KeyError(f"{self.spec.command}: no run on Python {minor}")


RESULTS: TypeAdapter[Result] = TypeAdapter(Result)
SPECS: TypeAdapter[Spec] = TypeAdapter(Spec)


def dump_result(result: Result) -> bytes:
    return RESULTS.dump_json(result)


def load_result(data: bytes) -> Result | None:
    """A stored run, or None when the bytes are not a valid one (damaged, planted, old schema).
    Strict: a field of another type (``"returncode": "0"``) is not coerced, it is a forgery."""
    try:
        return RESULTS.validate_json(data, strict=True)
    except ValidationError:
        return None


class SpecError(ValueError):
    """A page's settings for a run are not valid (unknown key, wrong type, out of range)."""


def make_spec(path: str, options: dict[str, object]) -> Spec:
    """A Spec from a page's options, type-checked strictly (``timeout: "30"`` is an error)."""
    data = {"path": path, **options}
    unknown = set(options) - {f for f in Spec.__dataclass_fields__ if f != "path"}
    if unknown:
        raise SpecError(f"unknown setting(s) {sorted(unknown)}; known: {sorted(Spec.__dataclass_fields__)}")
    try:
        # JSON mode: strict about types (no "30" for 30), and a list is a valid tuple there
        return SPECS.validate_json(json.dumps(data), strict=True)
    except ValidationError as e:
        raise SpecError("; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors())) from e


class SnippetError(Exception):
    """One or more snippets did not behave as their page declares."""

    def __init__(self, failures: list[Result]):
        self.failures = failures
        parts = []
        for r in failures:
            parts.append(
                f"snippet {r.spec.command}: {r.problem()} (Python {r.python})\n"
                + "\n".join("    | " + line for line in r.tail().splitlines())
            )
        super().__init__("\n".join(parts))

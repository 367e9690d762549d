"""Run snippet files exactly as a reader would: ``python snippets/<topic>/<name>.py``.

One runner serves the build (mkdocs hook), the tests and the benchmarks:

* each snippet runs in a fresh interpreter, in its own process group, from an empty
  temporary working directory (a copied file must not depend on the repository);
* stdout and stderr share one pipe, so the output keeps the order they were written in (unbuffered);
  what goes through ``sys.stderr`` is also copied aside, to tell whether the snippet used stderr;
* a timeout kills the whole process group; output is bounded; bytes are decoded leniently;
* results are cached by content (:mod:`guide.cache`), and independent snippets run concurrently.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import resource
import signal
import sys
import sysconfig
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterable
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .meta import needs

ROOT = Path(__file__).resolve().parent.parent
INJECT_DIR = Path(__file__).resolve().parent / "inject"

DEFAULT_TIMEOUT = 30.0
MAX_OUTPUT = 256 * 1024  # bytes kept per snippet; the rest is counted and dropped
TAIL_LINES = 20
# Snippets mostly wait on timers and sockets: 16 at once keep a 2-core machine busy without
# distorting their timings (bench: 108 snippets, 29 s at 4, 19 s at 8, 14 s at 16, no gain at 32).
PARALLEL = int(os.environ.get("GUIDE_PARALLEL") or 16)


@dataclass(frozen=True)
class Spec:
    """How a page declares one snippet run (the keyword arguments of ``show()``)."""

    path: str  # repo-relative, e.g. "snippets/basics/coroutine.py"
    expect_error: bool = False  # a teaching point: must exit non-zero, traceback shown
    stderr: bool = False  # output on stderr is expected (warnings), not a failure
    timeout: float = DEFAULT_TIMEOUT
    exclusive: bool = False  # measures CPU/wall time: run alone, nothing beside it
    timeline: bool = False  # record when each task ran (drawn as a figure)

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Result:
    spec: Spec
    returncode: int | None  # None: killed on timeout
    output: str  # stdout+stderr in arrival order, paths shortened
    stderr: str  # what went through sys.stderr (to detect unexpected warnings)
    duration: float  # wall time of the process, seconds (includes interpreter start-up)
    truncated_bytes: int = 0
    # seconds from its last output to its exit: what it still waited for after printing,
    # independent of how long start-up and imports took on a loaded machine
    linger: float = 0.0
    # ``exclusive`` runs: CPUs that other processes kept busy during the run, on average
    # (0.0 when unknown); a measured speed-up means little when this is high
    contention: float = 0.0
    timed_out: bool = False
    events: list[dict] = field(default_factory=list)  # timeline, when spec.timeline
    needs: dict | None = None  # guide.meta.Needs: Python version and packages a reader needs

    @property
    def lines(self) -> list[str]:
        return self.output.splitlines()

    def problem(self) -> str | None:
        """Why this run must fail the build, or None when it is what the page declares."""
        s = self.spec
        if self.timed_out:
            return f"超时：运行超过 {s.timeout:g} 秒，已终止整个进程组 (timed out)"
        if s.expect_error and self.returncode == 0:
            return "页面声明它会失败 (expect_error=True)，但它成功退出了 (exit 0)"
        if not s.expect_error and self.returncode != 0:
            return f"退出状态 {self.returncode} (non-zero exit)"
        if self.stderr.strip() and not (s.stderr or s.expect_error):
            return "向 stderr 输出了未声明的内容 (unexpected stderr; declare stderr=True)"
        return None

    def tail(self, n: int = TAIL_LINES) -> str:
        return "\n".join(self.lines[-n:])

    def to_json(self) -> dict:
        d = asdict(self)
        d["spec"] = self.spec.to_json()
        return d

    @classmethod
    def from_json(cls, d: dict) -> Result:
        d = dict(d)
        d["spec"] = Spec(**d["spec"])
        return cls(**d)


class SnippetError(Exception):
    """One or more snippets did not behave as their page declares."""

    def __init__(self, failures: list[Result]):
        self.failures = failures
        parts = []
        for r in failures:
            parts.append(
                f"snippet {r.spec.path}: {r.problem()}\n" + "\n".join("    | " + line for line in r.tail().splitlines())
            )
        super().__init__("\n".join(parts))


def _path_replacements() -> list[tuple[str, str]]:
    pairs = [(str(ROOT) + os.sep, "")]
    paths = sysconfig.get_paths()
    for key, label in (("purelib", "<site-packages>"), ("platlib", "<site-packages>"), ("stdlib", "<python>")):
        p = paths.get(key)
        if p:
            pairs.append((str(Path(p)), label))
            pairs.append((str(Path(p).resolve()), label))
    # longest first, so site-packages inside the repo's .venv beats the repo root
    return sorted(set(pairs), key=lambda kv: -len(kv[0]))


_REPLACEMENTS = _path_replacements()


def shorten_paths(text: str, extra: Iterable[tuple[str, str]] = ()) -> str:
    for old, new in [*extra, *_REPLACEMENTS]:
        text = text.replace(old, new)
    return text


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


EnvFactory = Callable[[Spec], AbstractAsyncContextManager[dict[str, str]]]


async def run_snippet(
    spec: Spec, env_for: EnvFactory | None = None, *, root: Path = ROOT, python: str | None = None
) -> Result:
    """Run one snippet in a fresh interpreter and return what it printed.

    ``python``: another interpreter to run it with (CI's version matrix, tests/test_versions.py);
    the build and the chapter tests always use this one.
    """
    script = (root / spec.path).resolve()
    if not script.is_file():
        raise FileNotFoundError(f"snippet {spec.path}: no such file ({script})")
    cm = env_for(spec) if env_for else nullcontext({})
    async with cm as extra_env:
        with tempfile.TemporaryDirectory(prefix="snippet-") as cwd:
            env = dict(os.environ)
            env.update(extra_env)
            env["PYTHONUNBUFFERED"] = "1"
            env["PYTHONIOENCODING"] = "utf-8"
            # The injected sitecustomize keeps runs on loopback and, when asked, records a
            # timeline; the snippet's own code stays exactly what the reader copies.
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(INJECT_DIR), env.get("PYTHONPATH", "")]))
            trace_file = Path(cwd) / ".timeline.jsonl"
            env["GUIDE_LOOPBACK_ONLY"] = "1"
            env["GUIDE_STDERR_COPY"] = str(Path(cwd) / ".stderr")
            if spec.timeline:
                env["GUIDE_TIMELINE"] = str(trace_file)
                env["GUIDE_TIMELINE_SCRIPT"] = str(script)
            for var in ("GUIDE_KERNEL", "GUIDE_CACHE_DIR", "GUIDE_SITE_ROOT", "GUIDE_STDERR_ID"):
                env.pop(var, None)
            return await _run_process(spec, script, cwd, env, root, trace_file, python)


async def _run_process(
    spec: Spec, script: Path, cwd: str, env: dict, root: Path, trace_file: Path, python: str | None = None
) -> Result:
    stderr_copy = Path(env["GUIDE_STDERR_COPY"])
    chunks: list[bytes] = []
    kept = 0
    dropped = 0

    start = last_output = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        python or sys.executable,
        str(script),
        cwd=cwd,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,  # one pipe: the order they were written in
        start_new_session=True,  # its own process group: a timeout kills children too
    )

    async def pump(stream: asyncio.StreamReader) -> None:
        nonlocal kept, dropped, last_output
        while data := await stream.read(65536):
            last_output = time.perf_counter()
            room = MAX_OUTPUT - kept
            if room > 0:
                chunks.append(data[:room])
                kept += min(room, len(data))
            dropped += max(0, len(data) - max(room, 0))

    assert proc.stdout
    pumps = asyncio.ensure_future(pump(proc.stdout))
    timed_out = False
    try:
        await asyncio.wait_for(proc.wait(), spec.timeout)
    except TimeoutError:
        timed_out = True
    exited = time.perf_counter()
    duration = exited - start
    # Whatever it left behind (children, grandchildren in its group) goes too.
    _kill_group(proc.pid)
    if proc.returncode is None:
        await proc.wait()
    try:
        await asyncio.wait_for(pumps, 5)
    except TimeoutError:  # a child outside the group still holds the pipe
        pumps.cancel()

    def text(parts: list[bytes]) -> str:
        return shorten_paths(b"".join(parts).decode("utf-8", errors="replace"), [(str(script), spec.path)])

    events: list[dict] = []
    if spec.timeline and trace_file.exists():
        events = [json.loads(line) for line in trace_file.read_text().splitlines() if line.strip()]
    succeeded = not timed_out and proc.returncode == 0 and not spec.expect_error
    return Result(
        spec=spec,
        returncode=None if timed_out else proc.returncode,
        output=text(chunks),
        stderr=text([stderr_copy.read_bytes()[:MAX_OUTPUT]] if stderr_copy.exists() else []),
        duration=round(duration, 3),
        linger=round(max(0.0, exited - last_output), 3),
        truncated_bytes=dropped,
        timed_out=timed_out,
        events=events,
        needs=n.to_json() if (n := needs(script, ran=succeeded and python is None)) else None,
    )


async def run_many(
    specs: Iterable[Spec],
    env_for: EnvFactory | None = None,
    *,
    parallel: int = PARALLEL,
    root: Path = ROOT,
    on_result: Callable[[Result], None] | None = None,
) -> list[Result]:
    """Run independent snippets concurrently (bounded); ``exclusive`` ones run alone afterwards."""
    specs = list(dict.fromkeys(specs))
    shared = [s for s in specs if not s.exclusive]
    alone = [s for s in specs if s.exclusive]
    gate = asyncio.Semaphore(max(1, parallel))
    results: dict[Spec, Result] = {}

    def store(r: Result) -> None:
        results[r.spec] = r
        if on_result:
            on_result(r)

    async def one(spec: Spec) -> None:
        async with gate:
            store(await run_snippet(spec, env_for, root=root))

    async with asyncio.TaskGroup() as tg:
        for s in shared:
            tg.create_task(one(s))
    for s in alone:
        best: Result | None = None
        for _ in range(EXCLUSIVE_ATTEMPTS):
            await asyncio.to_thread(wait_until_quiet)
            r = await _measured(run_snippet(s, env_for, root=root))
            if best is None or r.contention < best.contention:
                best = r
            if r.problem() or r.contention <= CONTENDED:
                break  # a failure is reported as it is; an uncontended run is the one to show
        assert best is not None
        store(best)
    return [results[s] for s in specs]


EXCLUSIVE_ATTEMPTS = 3
CONTENDED = 0.5  # CPUs busy with other processes during an exclusive run: measure again


async def _measured(run: Awaitable[Result]) -> Result:
    """Run ``run`` (the only child of this process now) and record the machine's other CPU load."""
    before, used_before, t0 = _cpu_times(), _children_cpu(), time.monotonic()
    r = await run
    after, used, wall = _cpu_times(), _children_cpu() - used_before, time.monotonic() - t0
    if before is None or after is None or wall <= 0:
        return r
    busy = (after[0] - before[0]) / os.sysconf("SC_CLK_TCK")  # CPU-seconds, whole machine
    r.contention = round(max(0.0, (busy - used) / wall), 2)
    return r


def _children_cpu() -> float:
    u = resource.getrusage(resource.RUSAGE_CHILDREN)
    return u.ru_utime + u.ru_stime


def _cpu_times() -> tuple[int, int] | None:
    """(busy, total) jiffies of all CPUs since boot, from /proc/stat (Linux); None elsewhere."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait; steal counts as busy
    return sum(fields) - idle, sum(fields)


def wait_until_quiet(busy_below: float = 0.3, sample: float = 0.1, limit: float = 10.0) -> float:
    """Before an ``exclusive`` run: wait (at most ``limit`` s) until the machine's CPUs are mostly idle.

    Processes that just finished (servers shutting down, a previous step's children) or other
    tenants of a shared machine would otherwise be measured along with the snippet. Returns the
    last busy fraction seen.
    """
    deadline = time.monotonic() + limit
    busy = 1.0
    while time.monotonic() < deadline:
        before = _cpu_times()
        time.sleep(sample)
        after = _cpu_times()
        if before is None or after is None:
            return 0.0
        busy = (after[0] - before[0]) / max(1, after[1] - before[1])
        if busy < busy_below:
            break
    return busy

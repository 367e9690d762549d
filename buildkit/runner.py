"""Run snippet files exactly as a reader would: ``python snippets/<topic>/<name>.py``.

* each snippet runs in a fresh interpreter, in its own process group, from an empty
  temporary working directory (a copied file must not depend on the repository);
* stdout and stderr share one pipe, so the output keeps the order they were written in (unbuffered);
  what goes through ``sys.stderr`` is also copied aside, to tell whether the snippet used stderr;
* a timeout kills the whole process group; output is bounded; bytes are decoded leniently;
* independent snippets run concurrently (bounded), ``exclusive`` ones alone afterwards.

Nothing here caches or knows about pages: :func:`buildkit.runs.ensure` decides what runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractAsyncContextManager, nullcontext
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from . import PACKAGE
from .contention import ContentionMeter, wait_until_quiet
from .meta import needs
from .model import Result, Span, Spec
from .pages import regular_snippet

INJECT_DIR = PACKAGE / "inject"
MAX_OUTPUT = 256 * 1024  # bytes kept per snippet; the rest is counted and dropped
MAX_SPANS = 200  # timeline rows drawn at most
EXCLUSIVE_ATTEMPTS = 3
CONTENDED = 0.5  # CPUs busy with other processes during a phase of an exclusive run: measure again
SPAN = TypeAdapter(Span)

EnvFactory = Callable[[Spec], AbstractAsyncContextManager[dict[str, str]]]


def _path_replacements(root: Path) -> list[tuple[str, str]]:
    pairs = [(str(root) + os.sep, "")]
    paths = sysconfig.get_paths()
    for key, label in (("purelib", "<site-packages>"), ("platlib", "<site-packages>"), ("stdlib", "<python>")):
        p = paths.get(key)
        if p:
            pairs.append((str(Path(p)), label))
            pairs.append((str(Path(p).resolve()), label))
    # longest first, so site-packages inside the repo's .venv beats the repo root
    return sorted(set(pairs), key=lambda kv: -len(kv[0]))


def shorten_paths(text: str, root: Path, extra: Iterable[tuple[str, str]] = ()) -> str:
    for old, new in [*extra, *_path_replacements(root)]:
        text = text.replace(old, new)
    return text


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


# What a snippet may see of the build's environment: how to find programs, its locale and time zone,
# Python's own switches. Nothing else (tokens, passwords, the build's own settings) reaches it.
PASSED_ENV = ("PATH", "LANG", "LANGUAGE", "TZ", "TERM", "SYSTEMROOT")


def snippet_environment(build_env: Mapping[str, str], home: Path) -> dict[str, str]:
    """The allow-listed environment of one run; ``home`` (its temporary directory) is its HOME and TMPDIR."""
    env = {k: v for k, v in build_env.items() if k in PASSED_ENV or k.startswith(("LC_", "PYTHON"))}
    env["HOME"] = env["TMPDIR"] = str(home)
    return env


def _spans(trace_file: Path) -> tuple[Span, ...]:
    """The timeline the run recorded; lines that are not a valid span (non-finite, malformed) are dropped."""
    if not trace_file.exists():
        return ()
    spans = []
    for line in trace_file.read_text("utf-8", errors="replace").splitlines()[:MAX_SPANS]:
        with contextlib.suppress(ValueError, ValidationError):
            spans.append(SPAN.validate_python(json.loads(line)))
    return tuple(spans)


async def run_snippet(spec: Spec, root: Path, env_for: EnvFactory | None = None, python: str | None = None) -> Result:
    """Run one snippet in a fresh interpreter and return what it printed.

    ``python``: another interpreter to run it with (CI's version matrix, tests/test_versions.py);
    the build and the chapter tests always use this one.
    """
    script = (root / spec.path).resolve()
    if not regular_snippet(root, spec.path):
        raise FileNotFoundError(f"snippet {spec.path}: not a regular file under snippets/")
    cm = env_for(spec) if env_for else nullcontext({})
    async with cm as extra_env:
        with tempfile.TemporaryDirectory(prefix="snippet-") as cwd:
            env = snippet_environment(os.environ, Path(cwd))
            env.update(extra_env)
            env["PYTHONUNBUFFERED"] = "1"
            env["PYTHONIOENCODING"] = "utf-8"
            # The injected sitecustomize keeps runs on loopback and, when asked, records a
            # timeline; the snippet's own code stays exactly what the reader copies.
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(INJECT_DIR), env.get("PYTHONPATH", "")]))
            trace_file = Path(cwd) / ".timeline.jsonl"
            env["GUIDE_LOOPBACK_ONLY"] = "1"
            env["GUIDE_STDERR_COPY"] = str(Path(cwd) / ".stderr")
            env.pop("GUIDE_STDERR_ID", None)  # set by the snippet's own interpreter (sitecustomize)
            if spec.timeline:
                env["GUIDE_TIMELINE"] = str(trace_file)
                env["GUIDE_TIMELINE_SCRIPT"] = str(script)
            return await _run_process(spec, script, Path(cwd), env, root, trace_file, python)


async def _run_process(
    spec: Spec, script: Path, cwd: Path, env: dict[str, str], root: Path, trace: Path, python: str | None
) -> Result:
    stderr_copy = Path(env["GUIDE_STDERR_COPY"])
    chunks: list[bytes] = []
    kept = 0
    dropped = 0

    start = last_output = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(
        python or sys.executable,
        str(script),
        *spec.args,
        cwd=cwd,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,  # one pipe: the order they were written in
        start_new_session=True,  # its own process group: a timeout kills children too
    )
    meter = ContentionMeter(proc.pid) if spec.exclusive else None

    async def pump(stream: asyncio.StreamReader) -> None:
        nonlocal kept, dropped, last_output
        while data := await stream.read(65536):
            last_output = time.perf_counter()
            if meter is not None:
                meter.output()
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
    # Whatever it left behind (children, grandchildren in its group) goes too.
    _kill_group(proc.pid)
    if proc.returncode is None:
        await proc.wait()
    try:
        await asyncio.wait_for(pumps, 5)
    except TimeoutError:  # a child outside the group still holds the pipe
        pumps.cancel()

    def text(parts: list[bytes]) -> str:
        decoded = b"".join(parts).decode("utf-8", errors="replace")
        return shorten_paths(decoded, root, [(str(script), spec.path), (str(cwd) + os.sep, "")])

    succeeded = not timed_out and proc.returncode == 0 and not spec.expect_error
    return Result(
        spec=spec,
        returncode=None if timed_out else proc.returncode,
        output=text(chunks),
        stderr=text([stderr_copy.read_bytes()[:MAX_OUTPUT]] if stderr_copy.exists() else []),
        duration=round(exited - start, 3),
        linger=round(max(0.0, exited - last_output), 3),
        truncated_bytes=dropped,
        timed_out=timed_out,
        contention=meter.worst() if meter is not None else 0.0,
        spans=_spans(trace) if spec.timeline else (),
        needs=needs(script, ran=succeeded and python in (None, sys.executable)),
    )


async def run_many(
    specs: Iterable[Spec],
    root: Path,
    env_for: EnvFactory | None = None,
    *,
    parallel: int,
    python: str | None = None,
    on_result: Callable[[Result], None] | None = None,
) -> list[Result]:
    """Run independent snippets concurrently (at most ``parallel`` at once); ``exclusive`` ones alone afterwards."""
    specs = list(dict.fromkeys(specs))
    gate = asyncio.Semaphore(max(1, parallel))
    results: dict[Spec, Result] = {}

    def store(r: Result) -> None:
        results[r.spec] = r
        if on_result:
            on_result(r)

    async def one(spec: Spec) -> None:
        async with gate:
            store(await run_snippet(spec, root, env_for, python))

    async with asyncio.TaskGroup() as tg:
        for s in specs:
            if not s.exclusive:
                tg.create_task(one(s))
    for s in specs:
        if s.exclusive:
            store(await _alone(s, root, env_for, python))
    return [results[s] for s in specs]


async def _alone(spec: Spec, root: Path, env_for: EnvFactory | None, python: str | None) -> Result:
    """An exclusive run on a quiet machine: measured again while some phase shared the CPUs."""
    best: Result | None = None
    for _ in range(EXCLUSIVE_ATTEMPTS):
        await asyncio.to_thread(wait_until_quiet)
        r = await run_snippet(spec, root, env_for, python)
        if best is None or r.contention < best.contention:
            best = r
        if r.problem() or r.contention <= CONTENDED:
            break  # a failure is reported as it is; an uncontended run is the one to show
    assert best is not None
    return best

"""Run snippet files exactly as a reader would: ``python snippets/<topic>/<name>.py``.

* each snippet runs in a fresh interpreter, in its own process group, from an empty
  temporary working directory (a copied file must not depend on the repository);
* what goes through ``sys.stderr`` (tracebacks, warnings, logging) is written to the stdout pipe, so
  the output keeps the order it was written in (unbuffered), and copied aside, to tell whether the
  snippet used stderr; what reaches file descriptor 2 otherwise (C code, a child without Python)
  comes through a pipe of its own: shown as it arrives, and counted as stderr;
* a timeout kills the whole process group, and when the run ends, whatever it started that left the
  group (``setsid``, a double fork) goes too; output is bounded; bytes are decoded leniently;
* independent snippets run concurrently (bounded), those whose timings are published alone afterwards.

Nothing here caches or knows about pages: :func:`buildkit.runs.ensure` decides what runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from pydantic import TypeAdapter, ValidationError

from . import PACKAGE
from .contention import QUIET, ContentionMeter, wait_until_quiet
from .forward import DATABASE_SOCKET, HTTPBIN_SOCKET
from .model import Result, Span, Spec, digest
from .pages import regular_snippet
from .pythons import Interpreter, runtime
from .sandbox import SETUP_ATTEMPTS, Cell, Sandbox

INJECT_DIR = PACKAGE / "inject"
MAX_OUTPUT = 256 * 1024  # bytes kept per snippet; the rest is counted and dropped
MAX_SPANS = 200  # timeline rows drawn at most
MAX_TRACE = 1 << 20  # bytes read back of a run's timeline or list of opened files
EXCLUSIVE_ATTEMPTS = 3
RETRIES_PER_BUILD = 6  # extra measurements of contended exclusive runs, for the whole build
PROGRESS_EVERY = 15.0  # seconds between progress lines in the build log
CONTENDED = 0.5  # CPUs busy with other processes during a phase of an exclusive run: measure again
SPAN = TypeAdapter(Span)
log = logging.getLogger("mkdocs.buildkit")

EnvFactory = Callable[[Spec], AbstractAsyncContextManager[dict[str, str]]]


def _path_replacements(root: Path, python: str) -> list[tuple[str, str]]:
    pairs = [(str(root) + os.sep, "")]
    paths = runtime(python).paths
    for key, label in (("purelib", "<site-packages>"), ("platlib", "<site-packages>"), ("stdlib", "<python>")):
        p = paths.get(key)
        if p:
            pairs.append((str(Path(p)), label))
            pairs.append((str(Path(p).resolve()), label))
    # longest first, so site-packages inside the repo's .venv beats the repo root
    return sorted(set(pairs), key=lambda kv: -len(kv[0]))


def shorten_paths(text: str, root: Path, python: str, extra: Iterable[tuple[str, str]] = ()) -> str:
    for old, new in [*extra, *_path_replacements(root, python)]:
        text = text.replace(old, new)
    return text


# What a snippet may see of the build's environment: how to find programs, its locale and time zone,
# Python's own switches. Nothing else (tokens, passwords, the build's own settings) reaches it.
PASSED_ENV = ("PATH", "LANG", "LANGUAGE", "TZ", "TERM", "SYSTEMROOT")


def snippet_environment(build_env: Mapping[str, str], home: Path) -> dict[str, str]:
    """The allow-listed environment of one run; ``home`` (its temporary directory) is its HOME and TMPDIR."""
    env = {k: v for k, v in build_env.items() if k in PASSED_ENV or k.startswith(("LC_", "PYTHON"))}
    env["HOME"] = env["TMPDIR"] = str(home)
    return env


def _spans(data: bytes) -> tuple[Span, ...]:
    """The timeline the run recorded; lines that are not a valid span (non-finite, malformed) are dropped."""
    spans = []
    for line in data.decode("utf-8", errors="replace").splitlines()[:MAX_SPANS]:
        with contextlib.suppress(ValueError, ValidationError):
            spans.append(SPAN.validate_python(json.loads(line)))
    return tuple(spans)


def _inputs(data: bytes, root: Path, script: Path) -> tuple[tuple[str, str], ...]:
    """The files under snippets/ the run opened (as it recorded them) besides its own source, which
    the cache key covers, with their digests now. A line naming anything else is ignored."""
    found = []
    under = root.resolve()
    for line in sorted(set(data.decode("utf-8", errors="replace").splitlines()) - {str(script)}):
        path = Path(line)
        if not path.is_absolute() or not _inside(path, under):
            continue
        rel = str(path.relative_to(under))
        if regular_snippet(root, rel) and path.is_file():
            found.append((rel, digest(path)))
    return tuple(found)


def _inside(path: Path, folder: Path) -> bool:
    return folder in path.parents and ".." not in path.parts


async def _exit(proc: asyncio.subprocess.Process) -> None:
    """Until the snippet's own process has exited. Not ``proc.wait()``: that also waits for its output
    pipe to close, which a process it left behind (a daemon) would keep open until the timeout."""
    while proc.returncode is None:  # noqa: ASYNC110  # asyncio offers no event for the exit alone
        await asyncio.sleep(0.01)


async def run_snippet(
    spec: Spec,
    root: Path,
    interp: Interpreter,
    env_for: EnvFactory | None = None,
    *,
    sandbox: Sandbox,
) -> Result:
    """Run one snippet in a fresh ``interp``, contained by ``sandbox`` (:mod:`buildkit.sandbox`:
    what this machine offers, ``Site.sandbox``), and return what it printed.

    """
    script = (root / spec.path).resolve()
    if not regular_snippet(root, spec.path):
        raise FileNotFoundError(f"snippet {spec.path}: not a regular file under snippets/")
    cm = env_for(spec) if env_for else nullcontext({})
    async with cm as extra_env:
        for _ in range(SETUP_ATTEMPTS):
            with sandbox.enter() as cell:
                result = await _run_process(
                    spec, script, cell, _environment(spec, cell, extra_env, root, script), root, interp
                )
            if not _setup_failed(result):
                break
            log.info(
                "snippets: %s: the sandbox could not be set up, trying again (%s)", spec.command, result.stderr.strip()
            )
    return result


# What the run writes for the build to read back, in its own folder (read with Cell.read).
STDERR, TIMELINE, INPUTS = ".stderr", ".timeline.jsonl", ".inputs"


def _setup_failed(result: Result) -> bool:
    return result.returncode == 1 and result.stderr.startswith("bwrap: ") and result.stderr.count("\n") <= 1


def _environment(spec: Spec, cell: Cell, extra_env: Mapping[str, str], root: Path, script: Path) -> dict[str, str]:
    """What the snippet's process gets: the cell's allow-listed environment, the services' URLs
    and what the injected sitecustomize reads."""
    cwd = cell.folder
    env = cell.environment(snippet_environment(os.environ, cwd))
    env.update(extra_env)
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONIOENCODING"] = "utf-8"
    # The injected sitecustomize keeps runs on loopback and, when asked, records a
    # timeline; the snippet's own code stays exactly what the reader copies.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(INJECT_DIR), env.get("PYTHONPATH", "")]))
    env["GUIDE_INPUTS"] = str(cwd / INPUTS)
    env["GUIDE_INPUTS_UNDER"] = str((root / "snippets").resolve())
    env["GUIDE_LOOPBACK_ONLY"] = "1"
    env["GUIDE_STDERR_COPY"] = str(cwd / STDERR)
    env.pop("GUIDE_STDERR_ID", None)  # set by the snippet's own interpreter (sitecustomize)
    if spec.timeline:
        env["GUIDE_TIMELINE"] = str(cwd / TIMELINE)
        env["GUIDE_TIMELINE_SCRIPT"] = str(script)
    return env


def _readable(root: Path, interp: Interpreter) -> list[Path]:
    """What a run reads that may sit in a masked folder: the snippets, this package, the
    environment and the interpreter it was made from."""
    return [root, PACKAGE.parent, interp.venv, Path(interp.python).resolve().parents[1]]


def _network(env: dict[str, str]) -> tuple[dict[str, str], list[Path], bool]:
    """What a run's network holds: the build's services it reaches on its own loopback, at the
    address of the URL it gets, each passed on to the service's Unix socket (``{"127.0.0.1:PORT":
    socket}``; the sockets are taken out of the environment, the snippet needs only the URL); the
    socket folders it connects to itself (a PostgreSQL URL with ``?host=/folder``); and whether it
    must share the machine's network instead (a service over TCP that cannot be brought in)."""
    forwards = {}
    folders = []
    shared = False
    for url_var, socket_var in (("HTTPBIN_URL", HTTPBIN_SOCKET), ("DATABASE_URL", DATABASE_SOCKET)):
        sock = env.pop(socket_var, None)
        url = urlsplit(env.get(url_var, ""))
        folder = dict(parse_qsl(url.query)).get("host", "")
        if folder.startswith("/"):
            folders.append(Path(folder))
            continue
        if not url.hostname:
            continue
        if sock:
            host = "127.0.0.1" if url.hostname == "localhost" else url.hostname
            forwards[f"{host}:{url.port or 5432}"] = sock
        else:
            shared = True
    return forwards, folders, shared


async def _run_process(
    spec: Spec,
    script: Path,
    cell: Cell,
    env: dict[str, str],
    root: Path,
    interp: Interpreter,
) -> Result:
    sandbox = cell.sandbox
    chunks: list[bytes] = []  # stdout and fd 2 as they arrive: what the page shows
    fd2: list[bytes] = []  # what reached fd 2 other than through sys.stderr
    kept = fd2_kept = 0
    dropped = 0

    forwards, sockets, shared = _network(env)
    argv = cell.command(
        [interp.python, str(script), *spec.args],
        _readable(root, interp),
        network=shared,
        forwards=forwards,
        sockets=sockets,
    )
    # The clock starts before the process does: the coroutine may resume long after the process
    # started (a loop busy with other runs), and a run must never look shorter than it was.
    start = last_output = time.perf_counter()
    proc: asyncio.subprocess.Process | None = None
    pumps: asyncio.Future[tuple[None, None]] | None = None
    try:
        proc = await asyncio.create_subprocess_exec(
            *argv,
            cwd=cell.folder,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,  # sys.stderr goes to stdout (sitecustomize): only fd 2 comes here
            start_new_session=True,  # its own process group: a timeout kills children too
        )
        meter = ContentionMeter(proc.pid) if spec.exclusive else None

        async def pump(stream: asyncio.StreamReader, fd_2: bool) -> None:
            nonlocal kept, fd2_kept, dropped, last_output
            while data := await stream.read(65536):
                last_output = time.perf_counter()
                if meter is not None:
                    meter.output()
                room = MAX_OUTPUT - kept
                if room > 0:
                    chunks.append(data[:room])
                    kept += min(room, len(data))
                dropped += max(0, len(data) - max(room, 0))
                if fd_2 and fd2_kept < MAX_OUTPUT:
                    fd2.append(data[: MAX_OUTPUT - fd2_kept])
                    fd2_kept += len(fd2[-1])

        assert proc.stdout and proc.stderr
        pumps = asyncio.gather(pump(proc.stdout, False), pump(proc.stderr, True))
        timed_out = False
        # asyncio.timeout, not wait_for: on Python 3.11 wait_for swallows a cancellation (Ctrl-C) that
        # arrives as the awaited thing ends, and the build then went on running (gh-86296)
        try:
            async with asyncio.timeout(spec.timeout):
                await _exit(proc)
        except TimeoutError:
            timed_out = True
        exited = time.perf_counter()
        await asyncio.to_thread(cell.end, proc.pid)
        try:
            async with asyncio.timeout(5):
                await proc.wait()
                await pumps
        except TimeoutError:  # something outside the run still holds the pipe
            pumps.cancel()
    except BaseException:  # interrupted or cancelled (Ctrl-C, SIGTERM): the run still ends entirely
        cell.end(proc.pid if proc is not None else None)
        if pumps is not None:  # read to the end or cancelled: nothing left to report at exit
            pumps.cancel()
            with contextlib.suppress(BaseException):
                pumps.exception()
        raise

    def text(parts: list[bytes]) -> str:
        decoded = b"".join(parts).decode("utf-8", errors="replace")
        return shorten_paths(decoded, root, interp.python, [(str(script), spec.path), (str(cell.folder) + os.sep, "")])

    return Result(
        spec=spec,
        returncode=None if timed_out or proc.returncode is None else sandbox.returncode(proc.returncode),
        output=text(chunks),
        stderr=text([cell.read(STDERR, MAX_OUTPUT), *fd2]),
        duration=round(exited - start, 3),
        linger=round(max(0.0, exited - last_output), 3),
        truncated_bytes=dropped,
        timed_out=timed_out,
        contention=meter.worst() if meter is not None else 0.0,
        spans=_spans(cell.read(TIMELINE, MAX_TRACE)) if spec.timeline else (),
        inputs=_inputs(cell.read(INPUTS, MAX_TRACE), root, script),
        python=interp.full,
    )


Job = tuple[Spec, Interpreter]


async def run_many(
    jobs: Iterable[Job],
    root: Path,
    env_for: EnvFactory | None = None,
    *,
    parallel: int,
    retries: Retries | None = None,
    on_result: Callable[[Job, Result], None] | None = None,
    sandbox: Sandbox,
    progress: bool = True,
    alone: Callable[[Job], bool] = lambda job: job[0].exclusive,
) -> list[Result]:
    """Run independent jobs (a spec on an interpreter) concurrently, at most ``parallel`` at once;
    the ``alone`` ones afterwards, one after another (by default every ``exclusive`` spec's; an
    exclusive job run beside the others still has its contention measured, and is marked ``shared``).
    ``retries``: how many contended alone runs may still be measured again, shared by every call of
    one build. ``progress``: say how far it is every ``PROGRESS_EVERY`` s (off when the caller says it itself)."""
    jobs = list(dict.fromkeys(jobs))
    gate = asyncio.Semaphore(max(1, parallel))
    results: dict[Job, Result] = {}

    def store(job: Job, r: Result) -> None:
        results[job] = r
        if on_result:
            on_result(job, r)

    async def one(job: Job) -> None:
        spec, interp = job
        async with gate:
            result = await run_snippet(spec, root, interp, env_for, sandbox=sandbox)
        store(job, replace(result, shared=True) if spec.exclusive else result)

    async def report() -> None:  # a cold build runs for minutes: say how far it is
        while True:
            await asyncio.sleep(PROGRESS_EVERY)
            log.info("snippets: %d of %d runs done", len(results), len(jobs))

    budget = retries if retries is not None else Retries()
    reporter = asyncio.ensure_future(report() if progress else asyncio.sleep(0))
    try:
        async with asyncio.TaskGroup() as tg:
            for job in jobs:
                if not alone(job):
                    tg.create_task(one(job))
        for job in jobs:
            if alone(job):
                store(job, await _alone(job, root, env_for, sandbox, budget))
    finally:
        reporter.cancel()
    return [results[job] for job in jobs]


@dataclass
class Retries:
    """How many more times this build may measure a contended exclusive run again (all runs together):
    a run that makes its own contention (database back ends) must not triple every build."""

    left: int = RETRIES_PER_BUILD


async def _alone(job: Job, root: Path, env_for: EnvFactory | None, sandbox: Sandbox, retries: Retries) -> Result:
    """An exclusive run on a quiet machine: measured again while some phase shared the CPUs, at most
    ``EXCLUSIVE_ATTEMPTS`` times and while the build's ``retries`` last."""
    spec, interp = job
    best: Result | None = None
    for attempt in range(EXCLUSIVE_ATTEMPTS):
        if attempt:
            if retries.left <= 0:
                break
            retries.left -= 1
        if await asyncio.to_thread(wait_until_quiet, QUIET) >= QUIET:
            log.info("snippets: %s measures timings; the machine is busy, running it anyway", spec.command)
        r = await run_snippet(spec, root, interp, env_for, sandbox=sandbox)
        if best is None or r.contention < best.contention:
            best = r
        if r.problem() or r.contention <= CONTENDED:
            break  # a failure is reported as it is; an uncontended run is the one to show
    assert best is not None
    return best

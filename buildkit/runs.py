"""The one way to get the results of snippet runs: :func:`ensure`.

The build hook, the test fixtures and the benchmarks all call it. It reads what is stored,
runs what is missing (concurrently, published timings alone, services started first) and stores
what succeeded. Each key has a lock held while its run is under way, so concurrent builds and
test workers wait for that one run instead of starting their own: everyone shows the same run.

Each job (a spec on an interpreter) takes one step, :func:`claim`: it is stored (:class:`Hit`), or
this process takes its lock and runs it (:class:`Claim`), or another process holds the lock
(:class:`Busy`): once this process's own runs are done, it waits for that lock and claims again:
the other's run was stored (a hit), or it failed there and runs here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, replace

from filelock import FileLock, Timeout

from .compare import groups
from .contention import busy_fraction
from .meta import needs
from .model import Matrix, Result, Spec
from .pythons import Interpreter
from .runner import CONTENDED, QUIET, Job, Retries, run_many
from .services import ServiceError
from .site import Site

log = logging.getLogger("mkdocs.buildkit")
# A run measured on a busy machine is shown with a note saying so. Within this time every build and
# test shows that same run; after it, a build on a quiet machine measures again.
REMEASURE_AFTER = 30 * 60.0


@dataclass(frozen=True)
class Hit:
    """Stored: shown as it is."""

    result: Result


@dataclass(frozen=True)
class Claim:
    """This process holds the key's lock and runs it."""

    lock: FileLock
    key: str  # the key when the run starts: its files as the run reads them
    again: bool = False  # the second run, the snippet having been saved while the first ran


@dataclass(frozen=True)
class Busy:
    """Another process holds the key's lock: its run is under way."""


Step = Hit | Claim | Busy


@dataclass
class Unsettled(Result):
    """A run whose snippet was saved while it ran, and again while it ran a second time: the output
    may belong to another version of the code than the page shows. Never stored."""

    def problem(self) -> str | None:
        return "运行期间示例被保存了两次，输出可能与页面上的代码不符；再构建一次 (saved while it ran, twice)"


def unsettled(result: Result) -> Unsettled:
    return Unsettled(**{f.name: getattr(result, f.name) for f in fields(result)})


class NotStored(RuntimeError):
    """``GUIDE_STORED_ONLY=1`` and runs are missing: the build was to run nothing. One line."""

    def __init__(self, jobs: list[Job]):
        spec, interp = jobs[0]
        super().__init__(
            f"GUIDE_STORED_ONLY=1: {len(jobs)} runs are not stored, e.g. {spec.command} on Python {interp.full} "
            "(an artifact missing from the merge, or a job of another commit?)"
        )


def alone(job: Job, site: Site) -> bool:
    """Whether a job runs alone, nothing beside it: an ``exclusive`` spec's run whose timings a page
    shows. That is the newest Python's (the main output) and, for a spec with a ``chart``, every
    version's. An older Python's run of any other timing snippet runs beside the rest, its contention
    measured and the result marked ``shared``: its output almost always normalises to the newest's, so
    no page shows it; when it does turn out to be a version tab, :func:`ensure` measures it again
    alone. A site without the newest Python (a CI job per interpreter) cannot tell which runs will be
    tabs: every exclusive run there runs alone."""
    spec, interp = job
    if not spec.exclusive:
        return False
    return interp.minor == site.main or bool(spec.chart) or all(i.minor != site.main for i in site.pythons)


def _stored(job: Job, site: Site, *, refresh: bool, made_alone: bool = False) -> Result | None:
    """The stored run of ``job`` to show, or None to run it. ``made_alone``: a run made beside others
    (``shared``) does not count (it is to be shown as a version tab)."""
    cache = site.cache
    hit = None if refresh else cache.get(*job)
    if hit is not None and made_alone and hit.shared:
        return None
    if site.stored_only:
        return hit  # shown as stored, however busy its machine was
    # a shared run is contended by design and no page shows its timings: measuring it again buys nothing
    stale = hit is not None and not hit.shared and hit.contention > CONTENDED and cache.age(*job) > REMEASURE_AFTER
    if stale and busy_fraction(0.1) < QUIET:
        return None  # measured on a busy machine a while ago, and it is quiet now: measure again
    return hit


def peek(job: Job, site: Site) -> Result | None:
    """A job's stored run as :func:`ensure` shows it, or None; nothing is run or locked."""
    hit = _stored(job, site, refresh=site.refresh)
    return None if hit is None else _described(job, hit, site)


def claim(job: Job, site: Site, *, wait: bool = False, made_alone: bool = False) -> Step:
    """One job's step. ``wait``: the job was :class:`Busy`; block until the other process's run of
    it ends, then take what it stored (even under ``GUIDE_REFRESH``: it has just run) or claim it.
    ``made_alone``: only a run made alone counts as stored (see :func:`_stored`)."""
    if not wait and (hit := _stored(job, site, refresh=site.refresh, made_alone=made_alone)) is not None:
        return Hit(hit)
    lock = site.cache.lock(*job)
    try:
        lock.acquire(timeout=-1 if wait else 0)
    except Timeout:
        return Busy()
    try:
        hit = _stored(job, site, refresh=site.refresh and not wait, made_alone=made_alone)  # stored meanwhile?
        if hit is not None:
            lock.release()
            return Hit(hit)
        return Claim(lock, site.cache.key(*job))
    except BaseException:
        lock.release()
        raise


def ensure(
    specs: Iterable[Spec],
    site: Site,
    *,
    pythons: tuple[Interpreter, ...] | None = None,
    on_result: Callable[[Job, Result], None] | None = None,
    progress: bool = True,
) -> dict[Spec, Matrix]:
    """Every spec's runs on every interpreter of the site (``pythons``: on these of them only):
    stored, or run now (by this process or, if another holds the key, by it). ``on_result``: each
    job's result as it becomes known, stored or run. ``progress``: the build log says how far the
    runs are (off for a caller that says it itself, :class:`buildkit.filler.Filler`).

    Failed runs are returned too. A failure on the newest interpreter is never stored (it is the
    page's main output: fixing the snippet must run it again); on an older one it is what that
    version does (a feature it lacks) and is kept like any other measurement. A snippet saved while
    it ran runs again, once; saved during that run too, its result is :class:`Unsettled` (a problem).
    Timings a page shows are measured alone (:func:`alone`); a run made beside others that turns out
    to be a version tab is measured again alone, until every tab is (:func:`_shared_tabs`).
    What the code needs (:func:`buildkit.meta.needs`) is read here, for the newest interpreter's run.
    """
    wanted = list(dict.fromkeys(specs))
    pythons = site.pythons if pythons is None else pythons
    results: dict[Job, Result] = {}
    claims: dict[Job, Claim] = {}
    retries = Retries()  # one budget for re-measuring contended runs, whatever this build runs
    tabs: set[Job] = set()  # older Pythons' shared runs that are version tabs: measured again alone

    def runs_alone(job: Job) -> bool:
        return job in tabs or alone(job, site)

    def settle(jobs: Iterable[Job], *, wait: bool = False) -> list[Job]:
        busy = []
        with site.cache.snapshot():  # each spec's files read once for all its Pythons
            steps = [(job, claim(job, site, wait=wait, made_alone=job in tabs)) for job in jobs]
        for job, step in steps:
            match step:
                case Hit(result):
                    results[job] = _described(job, result, site)
                    if on_result is not None:
                        on_result(job, results[job])
                case Claim() as mine:
                    claims[job] = mine
                case Busy():
                    busy.append(job)
        return busy

    def finished(job: Job, result: Result) -> Job | None:
        """A run of this process ended: stored and released, or (saved while it ran) to run again."""
        mine = claims[job]
        if site.cache.key(*job) != mine.key:  # saved while it ran: it may have read either version
            if not mine.again:
                claims[job] = replace(mine, key=site.cache.key(*job), again=True)
                return job
            result = unsettled(result)
        result = _described(job, result, site)
        if not isinstance(result, Unsettled) and (result.problem() is None or job[1].minor != site.main):
            site.cache.put(result, job[1], before=mine.key)
        claims.pop(job).lock.release()
        results[job] = result
        if on_result is not None:
            on_result(job, result)
        return None

    def get(jobs: Iterable[Job]) -> None:
        busy = settle(jobs)
        if site.stored_only and (claims or busy):
            raise NotStored([*claims, *busy])
        if not claims and not busy and not tabs:
            log.info("snippets: all %d runs stored, none run (Python %s)", len(results), _versions(site))
        _run(list(claims), site, len(results), finished, retries, progress, runs_alone)
        for job in busy:  # wait for the other processes' runs, holding no lock while waiting
            settle([job], wait=True)  # (two processes each holding one and waiting for the other's: a deadlock)
            _run(list(claims), site, len(results), finished, retries, progress, runs_alone)

    try:
        # newest Python first: the pages' main outputs come before the version tabs
        get((spec, interp) for interp in pythons for spec in wanted)
        while more := _shared_tabs(wanted, results, site) - tabs:  # each job at most once: this ends
            tabs.update(more)
            get(sorted(more, key=lambda job: (job[0].command, job[1].version)))
    finally:
        for mine in claims.values():
            mine.lock.release()
    return {spec: Matrix(spec, tuple(results[(spec, i)] for i in pythons)) for spec in wanted}


def _shared_tabs(specs: Iterable[Spec], results: dict[Job, Result], site: Site) -> set[Job]:
    """The runs made beside others (``shared``) that a page shows: the newest run of each group of
    versions printing the same, i.e. a version tab (on a site without the newest Python, also its first
    group). Only specs with a run on every Python of the site here (the groups are the page's)."""
    found = set()
    for spec in specs:
        jobs = [(spec, interp) for interp in site.pythons]
        if not spec.exclusive or any(job not in results for job in jobs):
            continue
        by_result = {id(results[job]): job for job in jobs}
        found |= {
            by_result[id(g.result)]
            for g in groups(Matrix(spec, tuple(results[job] for job in jobs)))
            if g.result.shared
        }
    return found


def failures(matrices: Iterable[Matrix], site: Site) -> list[Result]:
    """The runs that fail a build: a problem on the main Python (:attr:`Site.main`). On another
    version a failure is what that version does, shown like a version tab."""
    return [r for m in matrices for r in m.results if r.problem() and "{}.{}".format(*r.version) == site.main]


def _versions(site: Site) -> str:
    return ", ".join(i.minor for i in site.pythons)


def _described(job: Job, result: Result, site: Site) -> Result:
    """The newest interpreter's run with what the code needs (read once per stored run; a run stored
    while another Python was the newest has none yet)."""
    if job[1].minor != site.main or result.needs is not None:
        return result
    # on the loop's thread, never beside another thread parsing: ast.parse in two threads at once
    # fails on Python 3.11 (SystemError: AST constructor recursion depth mismatch, gh-106905)
    return replace(result, needs=needs(site.root / job[0].path))


def _run(
    todo: list[Job],
    site: Site,
    stored: int,
    finished: Callable[[Job, Result], Job | None],
    retries: Retries,
    progress: bool,
    alone: Callable[[Job], bool],
) -> None:
    """Run the claimed jobs (the ``alone`` ones alone), and again those whose snippet was saved while they ran."""
    again: list[Job] = []

    def done(job: Job, result: Result) -> None:
        if finished(job, result) is not None:
            again.append(job)

    while todo:
        log.info(
            "snippets: running %d (%d stored) on Python %s",
            len(todo),
            stored,
            _versions(site),
        )
        try:
            asyncio.run(
                run_many(
                    site.services.schedule(todo),
                    site.root,
                    site.services.env_for,
                    parallel=site.parallel,
                    on_result=done,
                    retries=retries,
                    sandbox=site.sandbox,
                    progress=progress,
                    alone=alone,
                )
            )
        except* ServiceError as group:  # a service that cannot start: its one clear message
            raise group.exceptions[0] from None
        todo = again.copy()
        again.clear()

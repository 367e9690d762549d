"""The one way to get the results of snippet runs: :func:`ensure`.

The build hook, the test fixtures and the benchmarks all call it. It reads what is stored,
runs what is missing (concurrently, exclusive runs alone, services started first) and stores
what succeeded. Each key has a lock held while its run is under way, so concurrent builds and
test workers wait for that one run instead of starting their own: everyone shows the same run.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable

from filelock import FileLock, Timeout

from .contention import busy_fraction
from .meta import needs
from .model import Matrix, Result, Spec
from .runner import CONTENDED, QUIET, Job, run_many
from .services import ServiceError
from .site import Site

log = logging.getLogger("mkdocs.buildkit")
# A run measured on a busy machine is shown with a note saying so. Within this time every build and
# test shows that same run; after it, a build on a quiet machine measures again.
REMEASURE_AFTER = 30 * 60.0


def ensure(
    specs: Iterable[Spec], site: Site, *, on_result: Callable[[Result], None] | None = None
) -> dict[Spec, Matrix]:
    """Every spec's runs on every interpreter of the site: stored, or run now (by this process or,
    if another holds the key, by it).

    Failed runs are returned too. A failure on the newest interpreter is never stored (it is the
    page's main output: fixing the snippet must run it again); on an older one it is what that
    version does (a feature it lacks) and is kept like any other measurement.
    """
    wanted = list(dict.fromkeys(specs))
    pythons = site.pythons
    jobs: list[Job] = [(spec, interp) for spec in wanted for interp in pythons]
    cache = site.cache
    results: dict[Job, Result] = {}
    mine: dict[Job, FileLock] = {}
    keys: dict[Job, str] = {}  # of the jobs run here, taken before they run
    theirs: list[Job] = []

    def lookup(job: Job) -> Result | None:
        hit = None if site.refresh else cache.get(*job)
        stale = hit is not None and hit.contention > CONTENDED and cache.age(*job) > REMEASURE_AFTER
        if stale and busy_fraction(0.1) < QUIET:
            return None  # measured on a busy machine a while ago, and it is quiet now: measure again
        return hit

    try:
        for job in jobs:
            if (hit := lookup(job)) is not None:
                results[job] = hit
                continue
            lock = cache.lock(*job)
            try:
                lock.acquire(timeout=0)
            except Timeout:
                theirs.append(job)  # another process is running it right now
                continue
            if (hit := lookup(job)) is not None:  # stored meanwhile
                lock.release()
                results[job] = hit
                continue
            mine[job] = lock
            keys[job] = cache.key(*job)

        def stored(job: Job, result: Result) -> None:
            if result.problem() is None or job[1] != pythons[0]:
                cache.put(result, job[1], before=keys[job])
            mine.pop(job).release()
            results[job] = result
            if on_result is not None:
                on_result(result)

        def run(todo: list[Job]) -> None:
            log.info(
                "snippets: running %d (%d stored) on Python %s",
                len(todo),
                len(results),
                ", ".join(i.minor for i in pythons),
            )
            todo = site.services.schedule(todo)
            env_for = site.services.env_for
            try:
                asyncio.run(
                    run_many(
                        todo,
                        site.root,
                        env_for,
                        parallel=site.parallel,
                        describe=pythons[0],
                        on_result=stored,
                        sandbox=site.sandbox,
                    )
                )
            except* ServiceError as group:  # a service that cannot start: its one clear message
                raise group.exceptions[0] from None

        if mine:
            run(list(mine))
        again = []
        for job in theirs:
            with cache.lock(*job):  # wait for the other process's run of it
                hit = cache.get(*job)
            if hit is not None:
                results[job] = hit
                continue
            lock = cache.lock(*job)  # it failed there (not stored): run it here
            lock.acquire()
            mine[job] = lock
            keys[job] = cache.key(*job)
            again.append(job)
        if again:
            run(again)
    finally:
        for lock in mine.values():
            lock.release()
    matrices = {spec: Matrix(spec, tuple(results[(spec, i)] for i in pythons)) for spec in wanted}
    for m in matrices.values():
        if m.main.needs is None:  # stored when this Python was not the newest one (GUIDE_PYTHONS changed)
            m.main.needs = needs(site.root / m.spec.path)
    return matrices

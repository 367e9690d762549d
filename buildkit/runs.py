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

from .model import Result, Spec
from .runner import run_many
from .site import Site

log = logging.getLogger("mkdocs.buildkit")


def ensure(
    specs: Iterable[Spec], site: Site, *, on_result: Callable[[Result], None] | None = None
) -> dict[Spec, Result]:
    """A result for every spec: stored, or run now (by this process or, if another holds the key, by it).

    Failed runs are returned too (never stored): the caller decides what a failure means.
    """
    wanted = list(dict.fromkeys(specs))
    cache = site.cache
    results: dict[Spec, Result] = {}
    mine: dict[Spec, FileLock] = {}
    theirs: list[Spec] = []
    try:
        for spec in wanted:
            if not site.refresh and (hit := cache.get(spec)) is not None:
                results[spec] = hit
                continue
            lock = cache.lock(spec)
            try:
                lock.acquire(timeout=0)
            except Timeout:
                theirs.append(spec)  # another process is running it right now
                continue
            if not site.refresh and (hit := cache.get(spec)) is not None:  # stored meanwhile
                lock.release()
                results[spec] = hit
                continue
            mine[spec] = lock

        def stored(result: Result) -> None:
            cache.put(result)
            mine.pop(result.spec).release()
            results[result.spec] = result
            if on_result is not None:
                on_result(result)

        if mine:
            todo = site.services.schedule(list(mine))
            log.info("snippets: running %d (%d stored)", len(todo), len(results))
            run = run_many(
                todo, site.root, site.services.env_for, parallel=site.parallel, python=site.python, on_result=stored
            )
            asyncio.run(run)
        for spec in theirs:
            with cache.lock(spec):  # wait for the other process's run of it
                hit = cache.get(spec)
            results[spec] = hit if hit is not None else ensure([spec], site, on_result=on_result)[spec]
    finally:
        for lock in mine.values():
            lock.release()
    return {spec: results[spec] for spec in wanted}

"""Shared fixtures: the real services and one run per snippet per test session.

Every test that needs a snippet's output calls ``run("snippets/…")``: it runs the file once
(fresh interpreter, temp cwd, the page's declared settings) and shares the result with every
other test, across pytest-xdist workers too (a file lock + a session cache directory).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from filelock import FileLock

from guide.cache import Cache, key
from guide.pages import all_pages
from guide.runner import ROOT, Result, Spec, run_many
from guide.services import Services

Run = Callable[..., Result]


def declared_specs() -> dict[tuple[str, ...], Spec]:
    """(snippet path, *args) -> the settings its page declares in show()."""
    return {(s.path, *s.args): s for p in all_pages() for s in p.specs}


class _Prerun:
    thread: threading.Thread | None = None


def pytest_sessionstart(session: pytest.Session) -> None:
    """Run the snippets up front, in the controller, sharing their runs with every worker.

    * ``exclusive`` snippets (they measure CPU time) run first, alone, before any xdist worker
      exists: with workers running tests beside them they would measure the suite instead;
    * with several workers (the full suite), every other snippet then runs in the background,
      16 at once (they mostly sleep), while the workers start on tests that need no snippet.
      Each pending run holds its file lock, so a test that needs it waits for exactly that run;
      the site build waits for all of them and then runs nothing itself.
    """
    if os.environ.get("PYTEST_XDIST_WORKER") or session.config.option.collectonly:
        return
    workers = getattr(session.config.option, "numprocesses", None) or 0
    base = session.config._tmp_path_factory.getbasetemp()
    cache_dir = base / "snippet-runs"  # = session_cache_dir
    cache_dir.mkdir(exist_ok=True)
    cache = Cache(cache_dir)
    specs = [s for s in declared_specs().values() if cache.get(s) is None]
    alone = [s for s in specs if s.exclusive]
    shared = [s for s in specs if not s.exclusive and workers]
    services = Services()
    for result in asyncio.run(run_many(alone, services.env_for)):
        cache.put(result)  # a failed run is not stored: its test runs it again and reports it
    if not shared:
        services.close()
        return
    locks = {s: FileLock(cache_dir / f"{key(s)}.lock", thread_local=False) for s in shared}
    done = FileLock(base / "prerun.lock", thread_local=False)
    for lock in [*locks.values(), done]:
        lock.acquire()

    def stored(result: Result) -> None:
        cache.put(result)
        locks.pop(result.spec).release()

    def background() -> None:
        try:
            asyncio.run(run_many(services.schedule(shared), services.env_for, on_result=stored))
        finally:
            for lock in locks.values():
                lock.release()
            done.release()
            services.close()

    _Prerun.thread = threading.Thread(target=background, name="snippet-prerun", daemon=True)
    _Prerun.thread.start()


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _Prerun.thread is not None:
        _Prerun.thread.join()


@pytest.fixture(scope="session")
def services() -> Iterator[Services]:
    with Services() as s:
        yield s


@pytest.fixture(scope="session")
def session_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # shared by all xdist workers of this session
    d = base / "snippet-runs"
    d.mkdir(exist_ok=True)
    return d


@pytest.fixture(scope="session")
def run_spec(services: Services, session_cache_dir: Path) -> Callable[[Spec], Result]:
    cache = Cache(session_cache_dir)

    def _run(spec: Spec) -> Result:
        with FileLock(session_cache_dir / f"{key(spec)}.lock"):
            hit = cache.get(spec)
            if hit is not None:
                return hit
            return cache.put(asyncio.run(run_many([spec], services.env_for))[0])

    return _run


@pytest.fixture(scope="session")
def run(run_spec: Callable[[Spec], Result]) -> Run:
    specs = declared_specs()

    def _run(path: str, *args: str) -> Result:
        """The run of ``python path *args`` that a page declares."""
        assert (path, *args) in specs, f"{path} {args} is not shown by any page (no show() cell)"
        result = run_spec(specs[(path, *args)])
        assert result.problem() is None, f"{path}: {result.problem()}\n{result.output}"
        return result

    return _run


@pytest.fixture(scope="session")
def ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def built_site(session_cache_dir: Path) -> Path:
    """The real site, built once per session with ``--strict`` (xdist workers share it), reusing
    this session's snippet runs: a page and the run a test reads are the same run."""
    out = session_cache_dir.parent / "site"
    with FileLock(session_cache_dir.parent / "prerun.lock"):
        pass  # the controller's background runs (full suite) are all stored: the build runs none
    with FileLock(session_cache_dir.parent / "site.lock"):
        if (out / "index.html").is_file():
            return out
        proc = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDE_CACHE_DIR": str(session_cache_dir)},
        )
        assert proc.returncode == 0, proc.stderr[-4000:]
        assert "WARNING" not in proc.stderr, proc.stderr
    return out


def pytest_report_header() -> str:
    return f"snippets: {len(list((ROOT / 'snippets').rglob('*.py')))} files, {len(all_pages())} pages"

"""Shared fixtures: the real services and one run per snippet per test session.

Every test that needs a snippet's output calls ``run("snippets/…")``: it runs the file once
(fresh interpreter, temp cwd, the page's declared settings) and shares the result with every
other test, across pytest-xdist workers too (a file lock + a session cache directory).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from filelock import FileLock

from guide.cache import Cache, key
from guide.pages import all_pages
from guide.runner import ROOT, Result, Spec, run_snippet
from guide.services import Services

Run = Callable[[str], Result]


def declared_specs() -> dict[str, Spec]:
    """snippet path -> the settings its page declares in show()."""
    return {s.path: s for p in all_pages() for s in p.specs}


@pytest.fixture(scope="session")
def services() -> Iterator[Services]:
    with Services() as s:
        yield s


@pytest.fixture(scope="session")
def session_cache_dir(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    base = tmp_path_factory.getbasetemp()
    if worker_id != "master":
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
            result = asyncio.run(run_snippet(spec, services.env_for))
            cache.put(result)
            return result

    return _run


@pytest.fixture(scope="session")
def run(run_spec: Callable[[Spec], Result]) -> Run:
    specs = declared_specs()

    def _run(path: str) -> Result:
        assert path in specs, f"{path} is not shown by any page (no show() cell)"
        result = run_spec(specs[path])
        assert result.problem() is None, f"{path}: {result.problem()}\n{result.output}"
        return result

    return _run


@pytest.fixture(scope="session")
def ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_report_header() -> str:
    return f"snippets: {len(list((ROOT / 'snippets').rglob('*.py')))} files, {len(all_pages())} pages"

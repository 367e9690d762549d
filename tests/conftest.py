"""Shared fixtures: the session's Site and one run per snippet and Python per test session.

Every test that needs a snippet's output calls ``run("snippets/…")``, which asks
:func:`buildkit.runs.ensure` — the same function the build hook uses — for the runs the page
declares. A test that uses ``run`` is repeated for every Python the site runs on (``[3.13]``…)
and skipped on a version below the snippet's measured minimum. Runs are stored in a directory
shared by all xdist workers and the site build, and each key's lock makes everyone wait for the
one run of it: the site's own cache (``.cache/snippets``, what ``mkdocs serve`` and ``build``
stored: a key covers everything that changes a run's output), or ``GUIDE_CACHE_DIR``. With
``CI=true`` and no ``GUIDE_CACHE_DIR``, an empty folder of this session: everything runs.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from filelock import FileLock

from buildkit import record
from buildkit.compare import minimum
from buildkit.model import Matrix, Result, Spec, version_key
from buildkit.runs import ensure
from buildkit.sandbox import Sandbox, detect
from buildkit.services import Services
from buildkit.site import Site

from .config import MKDOCS_YML, ROOT, SITE, declared_specs, pages

Run = Callable[..., Result]
RECORDED = record.load(ROOT / record.RECORD)


def _session_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The directory this test session shares between the controller and its xdist workers."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _site(cache_dir: Path) -> Site:
    return Site.load(MKDOCS_YML, {**os.environ, "GUIDE_CACHE_DIR": str(cache_dir)})


def _runs_dir(session_dir: Path) -> Path:
    """Where this session's runs are stored (see the module's docstring)."""
    if os.environ.get("GUIDE_CACHE_DIR"):
        return Path(os.environ["GUIDE_CACHE_DIR"])
    ci = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
    return session_dir / "snippet-runs" if ci else SITE.cache_dir


class _Prerun:
    thread: threading.Thread | None = None


def pytest_sessionstart(session: pytest.Session) -> None:
    """Run the snippets up front, in the controller.

    ``exclusive`` snippets (they measure CPU time) run first, before any xdist worker exists: the
    runs whose timings a page shows alone, an older Python's others beside each other
    (:func:`buildkit.runs.alone`). With workers, every other snippet then runs in the background while the workers
    start on tests that need none; a test that needs one waits for exactly that run.
    """
    if os.environ.get("PYTEST_XDIST_WORKER") or session.config.option.collectonly:
        return
    factory: pytest.TempPathFactory = session.config._tmp_path_factory  # type: ignore[attr-defined]  # pytest's own
    site = _site(_runs_dir(factory.getbasetemp()))  # = session_site's
    specs = list(declared_specs().values())
    exclusive = [s for s in specs if s.exclusive]
    say = session.config.get_terminal_writer().line
    say(f"snippet runs in {site.cache_dir}: {len(specs)} per Python, on {', '.join(i.full for i in site.pythons)}")
    say(f"first the {len(exclusive)} that measure time (stored ones are reused); the rest beside the tests")
    ensure(exclusive, site)
    if not getattr(session.config.option, "numprocesses", None):
        site.close()
        return

    def background() -> None:
        try:
            ensure([s for s in specs if not s.exclusive], site)
        finally:
            site.close()

    _Prerun.thread = threading.Thread(target=background, name="snippet-prerun", daemon=True)
    _Prerun.thread.start()


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _Prerun.thread is not None:
        _Prerun.thread.join()


@pytest.fixture(scope="session")
def session_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with _site(_runs_dir(_session_dir(tmp_path_factory))) as site:
        yield site


@pytest.fixture(scope="session")
def services(session_site: Site) -> Services:
    return session_site.services


@pytest.fixture(scope="session")
def run_matrix(session_site: Site) -> Callable[[Spec], Matrix]:
    """A spec's runs on every Python of the site."""
    return lambda spec: ensure([spec], session_site)[spec]


@pytest.fixture(scope="session")
def run_spec(run_matrix: Callable[[Spec], Matrix]) -> Callable[[Spec], Result]:
    """A spec's run on the newest Python: the page's main output."""
    return lambda spec: run_matrix(spec).main


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "run" in metafunc.fixturenames:
        marked = [pytest.param(i.minor, marks=pytest.mark.per_python) for i in SITE.pythons]
        metafunc.parametrize("python", marked)


@pytest.fixture
def run(run_matrix: Callable[[Spec], Matrix], python: str) -> Run:
    specs = declared_specs()

    def _run(path: str, *args: str) -> Result:
        """The run on this test's Python of ``python path *args`` as a page declares it; the test is
        skipped on a version the snippet does not support (below its measured minimum)."""
        assert (path, *args) in specs, f"{path} {args} is not shown by any page (no output fence)"
        matrix = run_matrix(specs[(path, *args)])
        result = matrix.on(python)
        least = minimum(matrix)
        # the checked-in minimum (tests/test_record.py holds it to the runs): a CI job running one
        # old Python has nothing newer to measure it against
        floor = RECORDED.get(" ".join((path, *args)))
        version = floor.minimum if floor is not None else least.version
        if version_key(python) < version_key(version):
            pytest.skip(f"{path} 需要 Python ≥ {version}（{least.reason or '见 snippets/record.json'}）")
        assert result.problem() is None, f"{path} on Python {result.python}: {result.problem()}\n{result.output}"
        return result

    return _run


@pytest.fixture(scope="session")
def ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def built_site(session_site: Site, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per session with ``--strict`` (xdist workers share it), from this
    session's runs: a page and the run a test reads are the same run."""
    out = _session_dir(tmp_path_factory) / "site"
    with FileLock(_session_dir(tmp_path_factory) / "site.lock"):
        if (out / "index.html").is_file():
            return out
        proc = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDE_CACHE_DIR": str(session_site.cache_dir)},
        )
        assert proc.returncode == 0, proc.stderr[-4000:]
        assert "WARNING" not in proc.stderr, proc.stderr
    return out


def pytest_report_header() -> str:
    return f"snippets: {len(list((ROOT / 'snippets').rglob('*.py')))} files, {len(pages())} pages"


@pytest.fixture(scope="session")
def sandbox() -> Sandbox:
    """This machine's sandbox, for the containment tests: they skip, saying so, where there is no
    working bubblewrap, except with CI=true, which requires it."""
    box = detect()
    if not box.bwrap:
        msg = "no working bubblewrap here: apt-get install bubblewrap"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(msg + " (CI=true requires it)")
        pytest.skip(msg)
    return box


@pytest.fixture
def tmp_path(tmp_path: Path) -> Path:
    """pytest's, readable by others: where the build is root a run is nobody, and it must read the
    snippets a test writes there (pytest makes the folder private)."""
    tmp_path.chmod(0o755)
    return tmp_path

"""Every snippet runs on every Python its page says it needs: CI's version matrix.

Under each output the page says which Python the snippet needs (``vermin``, lowered to the build's
Python when a guarded newer feature ran fine there) and which packages to ``pip install``. With
``GUIDE_PYTHON=/path/to/python`` (a 3.10 … 3.15 with those packages installed; see
``snippet_requirements()``), each snippet whose stated minimum is at most that version runs on it,
with the page's settings and the local services, and must end as the page declares: exit 0 (or
non-zero for ``expect_error``), no undeclared stderr (a new DeprecationWarning counts), no timeout.
Exact outputs and timings are the chapter tests' business, on the build's Python.
Without ``GUIDE_PYTHON`` these tests are skipped: the chapter tests already run every snippet here.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import pytest

from buildkit.meta import needs
from buildkit.model import Result, Spec
from buildkit.runs import ensure
from buildkit.site import Site

from .config import MKDOCS_YML, ROOT, declared_specs

TARGET = os.environ.get("GUIDE_PYTHON", "")
needs_target = pytest.mark.skipif(not TARGET, reason="GUIDE_PYTHON (the Python to run the snippets on) is not set")


def _version(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in v.split("."))


def stated_minimum(spec: Spec) -> str:
    """The Python the page states under this snippet's output (as the build computes it)."""
    n = needs(ROOT / spec.path, ran=not spec.expect_error)
    assert n is not None, spec.path
    return n.python


def snippet_requirements() -> list[str]:
    """``name==version`` for every package a page tells readers to install (for GUIDE_PYTHON's venv)."""
    found: set[str] = set()
    for spec in declared_specs().values():
        n = needs(ROOT / spec.path)
        if n is not None:
            found.update(f"{name}=={version}" for name, version in n.packages if version)
    return sorted(found)


@pytest.fixture(scope="module")
def target_version() -> str:
    out = subprocess.run([TARGET, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], capture_output=True)
    assert out.returncode == 0, f"GUIDE_PYTHON={TARGET} does not run: {out.stderr.decode()}"
    return out.stdout.decode().strip()


@pytest.fixture(scope="module")
def target_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The site with GUIDE_PYTHON running the snippets (its runs are stored apart: the key has the interpreter)."""
    cache = tmp_path_factory.mktemp("runs-on-target")
    with Site.load(MKDOCS_YML, {**os.environ, "GUIDE_CACHE_DIR": str(cache), "GUIDE_PARALLEL": "8"}) as site:
        yield site


@pytest.fixture(scope="module")
def runs(target_site: Site, target_version: str) -> dict[tuple[str, ...], Result]:
    """One run on GUIDE_PYTHON of each snippet that should work there."""
    specs = [s for s in declared_specs().values() if _version(stated_minimum(s)) <= _version(target_version)]
    return {(s.path, *s.args): r for s, r in ensure(specs, target_site).items()}


@needs_target
@pytest.mark.parametrize("command", sorted(declared_specs()), ids=" ".join)
def test_snippet_runs_on_every_python_its_page_states(command: tuple[str, ...], target_version: str, runs) -> None:
    minimum = stated_minimum(declared_specs()[command])
    if _version(minimum) > _version(target_version):
        pytest.skip(f"the page says it needs Python {minimum}")
    result = runs[command]
    assert result.problem() is None, f"Python {target_version}: {result.problem()}\n{result.tail()}"


def test_requirements_are_the_pinned_ones() -> None:
    pins = {line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text("utf-8").splitlines()}
    assert snippet_requirements() and set(snippet_requirements()) <= pins

"""Every snippet on every Python: what the pages say about version differences is what the runs show.

Each snippet runs on every CPython the site has (:mod:`buildkit.pythons`). Where its output differs
between two versions it supports, the page must say so in the output fence (``changes:``), and
nowhere else: a new Python that changes an output, or a fix that removes a difference, fails here
until the page is updated. The chapter tests assert each page's claims per version.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable

import pytest

from buildkit.compare import boundaries, groups, minimum, normalise, span
from buildkit.model import Matrix, Spec
from buildkit.pythons import REQUIREMENTS

from .config import ROOT, SITE, declared_specs, pages


def declared_changes() -> dict[tuple[str, ...], dict[str, str]]:
    return {(s.path, *s.args): f.changes() for p in pages() for f, s in p.runs}


def _num(v: str) -> tuple[int, ...]:
    return tuple(int(x) for x in v.split("."))


def expected_boundaries(changes: dict[str, str], supported: list[str]) -> set[str]:
    """The versions (among those run, oldest first) where the page says the output changes: a declared
    change at 3.12 is seen at the first version run that is 3.12 or newer, if one older was run too."""
    seen = set()
    for since in changes:
        newer = [v for v in supported if _num(v) >= _num(since)]
        older = [v for v in supported if _num(v) < _num(since)]
        if newer and older:
            seen.add(newer[0])
    return seen


@pytest.mark.parametrize("command", sorted(declared_specs()), ids=" ".join)
def test_the_page_says_where_the_output_changes_between_versions(
    command: tuple[str, ...], run_matrix: Callable[[Spec], Matrix]
) -> None:
    matrix = run_matrix(declared_specs()[command])
    assert matrix.main.problem() is None, matrix.main.problem()
    changes = declared_changes()[command]
    measured = boundaries(matrix)
    supported = sorted((v for v in minimum(matrix).checked if _num(v) >= _num(minimum(matrix).version)), key=_num)
    expected = expected_boundaries(changes, supported)
    detail = "\n".join(f"--- Python {g.label}\n{normalise(g.result.output)}" for g in groups(matrix))
    assert set(measured) == expected, (
        f"{' '.join(command)}: the output changes at {measured or 'no version'}, "
        f"the page says {sorted(changes) or 'nothing'} (changes: in its output fence)\n{detail}"
    )


def test_a_declared_change_is_looked_for_only_where_the_versions_run_can_show_it() -> None:
    assert expected_boundaries({"3.12": "…"}, ["3.10", "3.11", "3.12", "3.13"]) == {"3.12"}
    assert expected_boundaries({"3.12": "…"}, ["3.11", "3.13"]) == {"3.13"}  # 3.12 not here: seen at 3.13
    assert expected_boundaries({"3.12": "…"}, ["3.13"]) == set()  # GUIDE_PYTHONS=3.13: nothing to compare
    assert expected_boundaries({"3.12": "…"}, ["3.10", "3.11"]) == set()


def test_outputs_are_compared_without_what_varies_from_run_to_run() -> None:
    frame = '  File "<python>/asyncio/base_events.py", line {}, in run\n'
    a = f"took 0.52 秒 at 0x7f3a2b1c9d90\n{frame.format(684)}    return f()\n           ^^^\nValueError: x"
    b = f"took 0.61 秒 at 0x7f00aa11bb22\n{frame.format(721)}    return g()\nValueError: x"
    assert normalise(a) == normalise(b) == "took N.N 秒 at 0x…\nValueError: x"
    assert normalise("ValueError: x") != normalise("TypeError: x")  # what a reader would see differ, differs
    graph = "|   File '<python>/asyncio/taskgroups.py', line {}, in async TaskGroup._aexit()"  # print_call_graph()
    assert normalise(graph.format(121)) == normalise(graph.format(125))
    assert normalise("|   File 'snippets/x.py', line 5, in async leaf()") != normalise(
        "|   File 'snippets/x.py', line 6, in async leaf()"
    )  # the snippet's own lines are the reader's: they count
    slow = "Executing <Task finished name='Task-1' coro=<main() done> result=None> took 0.140 seconds"
    assert normalise(f"a\n{slow}\nb") == normalise("a\nb")  # debug mode's slow-step report: a matter of load


def test_version_spans_read_as_ranges() -> None:
    assert span(["3.13", "3.12", "3.11"]) == "3.11–3.13"
    assert span(["3.10", "3.12", "3.13"]) == "3.10、3.12–3.13"
    assert span(["3.13"]) == "3.13"


def test_the_newest_python_produces_the_main_output() -> None:
    versions = [i.version for i in SITE.pythons]
    assert versions == sorted(versions, reverse=True) and len(set(v[:2] for v in versions)) == len(versions)


def test_snippet_environments_have_the_pinned_requirements() -> None:
    """What readers are told to install is what every snippet environment has."""
    pins = {line.split("#")[0].strip() for line in REQUIREMENTS.read_text("utf-8").splitlines()} - {""}
    main = (ROOT / "requirements.txt").read_text("utf-8")
    assert f"-r {REQUIREMENTS.name}" in main.splitlines()
    for interp in SITE.pythons:
        # importlib.metadata, not pip: the environments of fetched interpreters are made without pip
        code = "import importlib.metadata as m; print('\\n'.join(f'{d.name}=={d.version}' for d in m.distributions()))"
        out = subprocess.run([interp.python, "-I", "-c", code], capture_output=True, text=True).stdout
        installed = {line.strip().lower().replace("_", "-") for line in out.splitlines()}
        assert {p.lower() for p in pins} <= installed, (interp.full, pins - installed)

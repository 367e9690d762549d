"""The checked-in record (snippets/record.json) against this session's runs: a snippet whose minimum
Python or version groups changed fails, naming it, the versions and both outputs."""

from __future__ import annotations

import json
from pathlib import Path

from buildkit.model import Matrix, Result, Spec
from buildkit.record import RECORD, Entry, disagreement, load, updated, write

from .config import ROOT, declared_specs


def _run(version: str, output: str, code: int = 0) -> Result:
    return Result(Spec("snippets/x.py"), code, output, "", 0.1, python=f"{version}.0")


def test_every_run_agrees_with_the_record(run_matrix) -> None:
    record = load(ROOT / RECORD)
    problems = [
        problem
        for spec in declared_specs().values()
        if (problem := disagreement(run_matrix(spec), record.get(spec.command)))
    ]
    assert not problems, "\n\n".join(problems)


def test_the_record_names_only_runs_a_page_declares() -> None:
    commands = {spec.command for spec in declared_specs().values()}
    assert set(load(ROOT / RECORD)) <= commands


def test_a_snippet_that_stops_working_on_the_oldest_python_is_named_with_both_outputs() -> None:
    m = Matrix(Spec("snippets/x.py"), (_run("3.15", "ok\n"), _run("3.11", "ok\n"), _run("3.10", "TypeError: new\n", 1)))
    said = disagreement(m, Entry("3.10", (("3.15", "3.11", "3.10"),)))
    assert said is not None
    assert said.startswith("snippets/x.py: the record says it needs Python ≥ 3.10, the runs say ≥ 3.11")
    assert "--- Python 3.15 (newest):\nok" in said and "--- Python 3.10:\nTypeError: new" in said


def test_a_release_that_now_prints_differently_is_named() -> None:
    m = Matrix(Spec("snippets/x.py"), (_run("3.15", "new\n"), _run("3.14", "old\n")))
    said = disagreement(m, Entry("3.14", (("3.15", "3.14"),)))
    assert said is not None and "Python 3.14 and 3.15 print the same" in said
    assert "--- Python 3.15:\nnew" in said and "--- Python 3.14:\nold" in said
    assert disagreement(m, Entry("3.14", (("3.15",), ("3.14",)))) is None


def test_versions_this_machine_lacks_are_neither_checked_nor_forgotten(tmp_path: Path) -> None:
    m = Matrix(Spec("snippets/x.py"), (_run("3.15", "a\n"), _run("3.14", "a\n")))
    before = Entry("3.10", (("3.15", "3.14", "3.13"), ("3.10",)))
    assert disagreement(m, before) is None  # 3.10 did not run here: its word stands
    after = updated({"snippets/x.py": before}, [m])
    assert after["snippets/x.py"] == Entry("3.10", (("3.15", "3.14", "3.13"), ("3.10",)))
    write(tmp_path / "r.json", after)
    assert json.loads((tmp_path / "r.json").read_text())["snippets/x.py"]["minimum"] == "3.10"


def test_a_run_missing_from_the_record_says_how_to_record_it() -> None:
    m = Matrix(Spec("snippets/x.py"), (_run("3.15", "a\n"),))
    assert disagreement(m, None) == f"snippets/x.py: not in {RECORD} (record it: python -m buildkit.record)"

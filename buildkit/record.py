"""The checked-in record of what each run needs and where its output changes: ``snippets/record.json``.

For every run a page declares (``path`` plus its arguments) the record keeps the oldest Python it
runs on as on the newest (:func:`buildkit.compare.minimum`) and which versions print the same
(:func:`buildkit.compare.groups`). A measurement that disagrees is a change someone must see: a
snippet that stopped working on 3.10, or a release whose output now differs. The tests compare the
session's runs with the record (``tests/test_record.py``) and fail naming the run, the versions and
both outputs. Updating it is one deliberate command that shows up as a diff:

    python -m buildkit.record

It runs what is not stored yet (through :func:`buildkit.runs.ensure`, like the build) and rewrites
the record for the versions this machine has, keeping what it says about versions the machine lacks.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .compare import groups, minimum, minor
from .model import Matrix, Spec, version_key

RECORD = Path("snippets/record.json")  # relative to the site's root


@dataclass(frozen=True)
class Entry:
    """What one run needs and which versions print alike (each group newest first)."""

    minimum: str
    groups: tuple[tuple[str, ...], ...]

    def as_json(self) -> dict[str, object]:
        return {"minimum": self.minimum, "groups": [list(g) for g in self.groups]}

    @classmethod
    def from_json(cls, data: object) -> Entry:
        if not (
            isinstance(data, dict) and isinstance(data.get("minimum"), str) and isinstance(data.get("groups"), list)
        ):
            raise ValueError(f"not a record entry: {data!r}")
        return cls(data["minimum"], tuple(tuple(str(v) for v in g) for g in data["groups"]))


def measure(matrix: Matrix) -> Entry:
    return Entry(minimum(matrix).version, tuple(g.versions for g in groups(matrix)))


def load(path: Path) -> dict[str, Entry]:
    """command (``path args…``) → entry; empty when there is no record yet."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {command: Entry.from_json(entry) for command, entry in data.items()}


def _older(a: str, b: str) -> bool:
    return version_key(a) < version_key(b)


def disagreement(matrix: Matrix, recorded: Entry | None) -> str | None:
    """Why the runs contradict the record (one paragraph naming the run, the versions and both
    outputs), or None. Only the versions that ran are compared: a machine without 3.10 cannot
    contradict what the record says of 3.10."""
    command = matrix.spec.command
    if recorded is None:
        return f"{command}: not in {RECORD} (record it: python -m buildkit.record)"
    ran = [minor(r) for r in matrix.results]
    oldest = ran[-1]
    measured = minimum(matrix)
    if _seen(measured.version, oldest) != _seen(recorded.minimum, oldest):
        below = max(measured.version, recorded.minimum, key=version_key)
        failing = next((r for r in matrix.results if minor(r) == _previous(ran, below)), None)
        shown = f"\n--- Python {minor(failing)}:\n{failing.tail()}" if failing else ""
        return (
            f"{command}: the record says it needs Python ≥ {recorded.minimum}, the runs say ≥ {measured.version}"
            f" ({measured.reason or 'it behaves as on the newest down to ' + oldest})"
            f"\n--- Python {minor(matrix.main)} (newest):\n{matrix.main.tail()}{shown}"
        )
    recorded_group = {v: i for i, g in enumerate(recorded.groups) for v in g}
    measured_group = {v: i for i, g in enumerate(groups(matrix)) for v in g.versions}
    by_version = {minor(r): r for r in matrix.results}
    for a in ran:
        for b in ran:
            if _older(a, b) and a in recorded_group and b in recorded_group:
                same_recorded = recorded_group[a] == recorded_group[b]
                if same_recorded != (measured_group[a] == measured_group[b]):
                    said = "the same" if same_recorded else "differently"
                    return (
                        f"{command}: the record says Python {a} and {b} print {said}, the runs say otherwise"
                        f"\n--- Python {b}:\n{by_version[b].tail()}\n--- Python {a}:\n{by_version[a].tail()}"
                    )
    return None


def _seen(version: str, oldest: str) -> str:
    """What runs down to ``oldest`` can tell of a minimum: nothing below ``oldest``."""
    return max(version, oldest, key=version_key)


def _previous(ran: list[str], version: str) -> str:
    """The version that ran just below ``version`` (the first one that fails), else ``version``."""
    older = [v for v in ran if _older(v, version)]
    return older[0] if older else version


def updated(old: Mapping[str, Entry], matrices: Iterable[Matrix]) -> dict[str, Entry]:
    """The record after these runs: each run's entry measured anew for the versions that ran, the
    record's word kept for versions that did not (their group membership and a lower minimum)."""
    new = {}
    for matrix in matrices:
        entry = measure(matrix)
        before = old.get(matrix.spec.command)
        ran = {minor(r) for r in matrix.results}
        oldest = minor(matrix.results[-1])
        if before is not None:
            # a version that did not run here stays with the versions it printed alike before
            merged = [list(g) for g in entry.groups]
            for old_group in before.groups:
                absent = [v for v in old_group if v not in ran]
                present = [v for v in old_group if v in ran]
                home = next((g for g in merged if present and present[0] in g), None)
                if absent:
                    (home.extend(absent) if home is not None else merged.append(absent))
            entry = Entry(
                before.minimum if _seen(before.minimum, oldest) == _seen(entry.minimum, oldest) else entry.minimum,
                tuple(tuple(sorted(g, key=version_key, reverse=True)) for g in merged),
            )
        new[matrix.spec.command] = entry
    return dict(sorted(new.items()))


def write(path: Path, record: Mapping[str, Entry]) -> None:
    lines = [f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(e.as_json())}" for k, e in record.items()]
    path.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")


def main() -> int:
    from .pages import all_pages
    from .runs import ensure
    from .site import Site

    with Site.load(Path("mkdocs.yml")) as site:
        specs: dict[str, Spec] = {s.command: s for p in all_pages(site.docs_dir) for s in p.specs}
        matrices = ensure(list(specs.values()), site)
        path = site.root / RECORD
        old = load(path)
        record = updated(old, matrices.values())
    write(path, record)
    changed = sorted(k for k in record if old.get(k) != record[k])
    gone = sorted(set(old) - set(record))
    print(f"{RECORD}: {len(record)} runs, {len(changed)} changed, {len(gone)} removed", file=sys.stderr)
    for k in changed:
        print(f"  {k}: {record[k].as_json()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

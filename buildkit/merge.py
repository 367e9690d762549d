"""A distributed build's two steps: each job packs its runs, one job merges them all.

CI runs one job per CPython (``GUIDE_PYTHONS=3.12``); each stores its runs in its own cache folder
and :func:`pack` copies exactly the runs the pages declare on that job's interpreters into an
artifact folder, with a manifest: the versions it ran and the fingerprint of the code and packages
that ran them (:func:`buildkit.cache.environment_fingerprint`). :func:`merge` checks every artifact
and copies the runs into one cache folder: a union, since a key includes the interpreter's build and
keys never collide across jobs. A build from that folder then runs nothing
(``GUIDE_STORED_ONLY=1`` makes a missing run an error instead of a run).

An artifact is data from another job, so it is read like any cache entry: the manifest and every
run are validated field by field (:func:`buildkit.model.load_result`), a run must be one of the
manifest's versions, and a file that is neither is rejected, in one line naming the artifact. The
same code runs in CI and in ``tests/test_merge.py``, which plays the matrix on one machine.

    python -m buildkit.merge pack ARTIFACT             # run this job's runs (GUIDE_PYTHONS) and pack them
    python -m buildkit.merge merge CACHE ARTIFACT...   # every job's artifact into one cache folder
    (``--config path/mkdocs.yml`` before either: another site than ./mkdocs.yml)
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from .cache import SCHEMA, environment_fingerprint
from .model import Result, SnippetError, load_result
from .pages import all_pages
from .runs import ensure, failures
from .site import Site

MANIFEST = "manifest.json"
_RUN = re.compile(r"[0-9a-f]{32}\.json")


class ArtifactError(ValueError):
    """An artifact that cannot be merged: missing, damaged, foreign or incomplete. One line."""


@dataclass(frozen=True)
class Manifest:
    schema: str
    fingerprint: str  # the code and packages that made the runs
    pythons: tuple[str, ...]  # full versions, newest first: the interpreters this job ran
    runs: int


_MANIFEST: TypeAdapter[Manifest] = TypeAdapter(Manifest)


def pack(site: Site, artifact: Path) -> Manifest:
    """Run (:func:`buildkit.runs.ensure`) and copy the runs of every spec the pages declare, on this
    site's interpreters, into ``artifact`` with its manifest. A failure on the main Python
    (:attr:`buildkit.site.Site.main`) fails the job as it fails a build (:class:`SnippetError`); a
    declared run that is not stored (saved while it ran) is an error too."""
    specs = list(dict.fromkeys(s for page in all_pages(site.docs_dir) for s in page.specs))
    if failed := failures(ensure(specs, site).values(), site):
        raise SnippetError(failed)
    artifact.mkdir(parents=True, exist_ok=True)
    missing: list[str] = []
    count = 0
    for interp in site.pythons:
        for spec in specs:
            if site.cache.get(spec, interp) is None:
                missing.append(f"{spec.command} (Python {interp.full})")
                continue
            key = site.cache.key(spec, interp)
            shutil.copyfile(site.cache_dir / f"{key}.json", artifact / f"{key}.json")
            count += 1
    if missing:
        raise ArtifactError(f"{len(missing)} declared runs are not stored, e.g. {missing[0]}: run them first")
    manifest = Manifest(SCHEMA, environment_fingerprint(), tuple(i.full for i in site.pythons), count)
    (artifact / MANIFEST).write_bytes(_MANIFEST.dump_json(manifest))
    return manifest


def read(artifact: Path) -> tuple[Manifest, list[tuple[Path, Result]]]:
    """An artifact's manifest and runs, each checked; :class:`ArtifactError` names the first fault."""
    where = f"artifact {artifact}"
    if not artifact.is_dir():
        raise ArtifactError(f"{where}: missing (a job's artifact was not downloaded?)")
    try:
        manifest = _MANIFEST.validate_json((artifact / MANIFEST).read_bytes(), strict=True)
    except (OSError, ValidationError):
        raise ArtifactError(f"{where}: no valid {MANIFEST} (not made by `python -m buildkit.merge pack`)") from None
    if manifest.schema != SCHEMA or manifest.fingerprint != environment_fingerprint():
        raise ArtifactError(
            f"{where}: made by other code or packages (fingerprint {manifest.fingerprint[:12]}, "
            f"here {environment_fingerprint()[:12]}): a job of another commit?"
        )
    runs = []
    for f in sorted(artifact.iterdir()):
        if f.name == MANIFEST:
            continue
        result = load_result(f.read_bytes()) if _RUN.fullmatch(f.name) and f.is_file() else None
        if result is None:
            raise ArtifactError(f"{where}: {f.name} is not a stored run (damaged or foreign)")
        if result.python not in manifest.pythons:
            raise ArtifactError(f"{where}: {f.name} ran on Python {result.python}, not one of the job's")
        runs.append((f, result))
    if len(runs) != manifest.runs:
        raise ArtifactError(f"{where}: {len(runs)} runs, the manifest says {manifest.runs}")
    return manifest, runs


def merge(cache_dir: Path, artifacts: Sequence[Path], expected: Sequence[str] = ()) -> list[Manifest]:
    """Every artifact's runs into ``cache_dir``. All artifacts are checked before anything is
    copied. ``expected``: the full versions the site runs on; one without an artifact is an error."""
    read_all = [read(a) for a in artifacts]
    covered = {v for manifest, _ in read_all for v in manifest.pythons}
    if lacking := [v for v in expected if v not in covered]:
        raise ArtifactError(f"no artifact has the runs of Python {', '.join(lacking)} (a job failed or is missing?)")
    cache_dir.mkdir(parents=True, exist_ok=True)
    for _, runs in read_all:
        for f, _result in runs:
            tmp = cache_dir / f".{f.name}.{os.getpid()}.tmp"
            shutil.copyfile(f, tmp)
            os.replace(tmp, cache_dir / f.name)
    return [manifest for manifest, _ in read_all]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m buildkit.merge", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("pack", help="this job's declared runs → an artifact folder")
    p.add_argument("artifact", type=Path)
    m = sub.add_parser("merge", help="artifact folders → one cache folder (GUIDE_CACHE_DIR of the build)")
    m.add_argument("cache", type=Path)
    m.add_argument("artifacts", type=Path, nargs="+")
    parser.add_argument("--config", type=Path, default=Path("mkdocs.yml"), help="the site's mkdocs.yml")
    args = parser.parse_args(argv)
    site = Site.load(args.config)
    try:
        if args.command == "pack":
            made = pack(site, args.artifact)
            print(f"packed {made.runs} runs on Python {', '.join(made.pythons)} into {args.artifact}")
        else:
            merged = merge(args.cache, args.artifacts, [i.full for i in site.pythons])
            total = sum(m.runs for m in merged)
            print(f"merged {total} runs from {len(merged)} artifacts into {args.cache}")
    except (ArtifactError, SnippetError) as e:
        print(f"buildkit.merge: {e}", file=sys.stderr)
        return 1
    finally:
        site.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

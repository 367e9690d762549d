"""The CI matrix played on one machine (buildkit/merge.py, as .github/workflows/ci.yml runs it).

Two "jobs" each run a throwaway site's snippets on half of this machine's Pythons into a cache
folder of their own and pack them (``pack`` runs them); the merge puts both into one folder; a build from it with
``GUIDE_STORED_ONLY=1`` runs nothing, says so, and renders the same bytes as an ordinary build of
that same cache. A missing, corrupt or foreign artifact is refused in one line.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .config import ROOT, SITE
from .minisite import build, make_site, page_for

SNIPPETS = {
    "snippets/hello.py": 'import asyncio\n\n\nasync def main() -> None:\n    print("hello")\n\n\nasyncio.run(main())\n',
    "snippets/version.py": (
        "import asyncio\nimport sys\n\n\nasync def main() -> None:\n"
        "    print(sys.version_info >= (3, 13))\n\n\nasyncio.run(main())\n"
    ),
}
VERSIONS = [i.minor for i in SITE.pythons]


def _merge(site: Path, *args: object, **env: str) -> subprocess.CompletedProcess[str]:
    """``python -m buildkit.merge …`` for the throwaway site, as a CI step runs it. (Not through
    PYTHONPATH: the PYTHON* variables are part of every key.)"""
    return subprocess.run(
        [sys.executable, "-m", "buildkit.merge", "--config", str(site / "mkdocs.yml"), *map(str, args)],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def jobs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """The site and each job's artifact: its own cache folder, its own Pythons."""
    if len(VERSIONS) < 2:
        pytest.skip("a matrix needs two Pythons; this machine has one")
    tmp = tmp_path_factory.mktemp("matrix")
    tmp.chmod(0o755)
    site = make_site(tmp / "site", {"index.md": page_for(*SNIPPETS)}, SNIPPETS)
    artifacts = []
    for n, subset in enumerate((VERSIONS[::2], VERSIONS[1::2])):
        # as in ci.yml: each job knows which Python gives the main output, though it may not run it
        env = {
            "GUIDE_CACHE_DIR": str(tmp / f"job{n}"),
            "GUIDE_PYTHONS": ",".join(subset),
            "GUIDE_MAIN_PYTHON": VERSIONS[0],
        }
        packed = _merge(site, "pack", tmp / f"artifact{n}", **env)
        assert packed.returncode == 0, packed.stderr
        assert f"packed {len(SNIPPETS) * len(subset)} runs" in packed.stdout
        artifacts.append(tmp / f"artifact{n}")
    return site, artifacts


def _covers(label: str, version: str) -> bool:
    """Whether a tab's label ("3.13–3.15", "3.12", "3.10、3.12") names this version."""
    key = tuple(map(int, version.split(".")))
    for part in re.split("[、,]", label):
        first, _, last = part.strip().partition("–")
        low, high = (tuple(map(int, v.split("."))) for v in (first, last or first))
        if low <= key <= high:
            return True
    return False


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_merged_runs_build_a_site_that_runs_nothing(jobs: tuple[Path, list[Path]], tmp_path: Path) -> None:
    site, artifacts = jobs
    merged = _merge(site, "merge", tmp_path / "merged", *artifacts, GUIDE_PYTHONS="")
    assert merged.returncode == 0, merged.stderr
    assert f"merged {len(SNIPPETS) * len(VERSIONS)} runs from 2 artifacts" in merged.stdout

    final = build(
        site, tmp_path / "final", GUIDE_STORED_ONLY="1", GUIDE_CACHE_DIR=str(tmp_path / "merged"), GUIDE_PYTHONS=""
    )
    assert final.returncode == 0, final.stderr[-3000:]
    assert f"snippets: all {len(SNIPPETS) * len(VERSIONS)} runs stored, none run" in final.stderr
    assert "snippets: running" not in final.stderr

    # every version's run is on the page, from whichever job made it: 3.13+ print True, the rest False
    page = (tmp_path / "final" / "index.html").read_text("utf-8")
    block = page[page.index('data-snippet="snippets/version.py"') :]
    block = block[: block.index('class="snippet-checked"')]
    labels = re.findall(r'class="tabbed-block snippet-version" data-python="([^"]+)"', block)
    shown = {v for label in labels for v in VERSIONS if _covers(label, v)}
    assert shown == set(VERSIONS), labels

    shutil.copytree(tmp_path / "merged", tmp_path / "single")
    single = build(site, tmp_path / "single-site", GUIDE_CACHE_DIR=str(tmp_path / "single"), GUIDE_PYTHONS="")
    assert single.returncode == 0, single.stderr[-3000:]
    assert _files(tmp_path / "final") == _files(tmp_path / "single-site")


def test_a_missing_artifact_fails_the_merge_and_the_build(jobs: tuple[Path, list[Path]], tmp_path: Path) -> None:
    site, artifacts = jobs
    merged = _merge(site, "merge", tmp_path / "merged", artifacts[0], GUIDE_PYTHONS="")
    assert merged.returncode == 1
    lacking = ", ".join(i.full for i in SITE.pythons[1::2])
    said = f"buildkit.merge: no artifact has the runs of Python {lacking} (a job failed or is missing?)\n"
    assert merged.stderr == said
    assert not (tmp_path / "merged").exists()  # nothing copied

    # merged by hand all the same: the build that was to run nothing refuses, naming a missing run
    shutil.copytree(artifacts[0], tmp_path / "partial")
    final = build(
        site, tmp_path / "final", GUIDE_STORED_ONLY="1", GUIDE_CACHE_DIR=str(tmp_path / "partial"), GUIDE_PYTHONS=""
    )
    assert final.returncode == 1
    assert f"GUIDE_STORED_ONLY=1: {len(SNIPPETS) * len(SITE.pythons[1::2])} runs are not stored" in final.stderr
    assert "snippets: running" not in final.stderr


def _damage(artifact: Path, how: str) -> None:
    runs = sorted(p for p in artifact.iterdir() if p.name != "manifest.json")
    manifest = json.loads((artifact / "manifest.json").read_text())
    if how == "corrupt run":
        runs[0].write_bytes(runs[0].read_bytes()[:-20])
    elif how == "forged type":
        data = json.loads(runs[0].read_text())
        data["returncode"] = "0"
        runs[0].write_text(json.dumps(data))
    elif how == "foreign file":
        (artifact / "notes.txt").write_text("not a run")
    elif how == "another commit":
        manifest["fingerprint"] = "0" * 64
    elif how == "another job's Python":
        manifest["pythons"] = ["3.9.0"]
    elif how == "run left out":
        runs[0].unlink()
    elif how == "no manifest":
        (artifact / "manifest.json").unlink()
        return
    (artifact / "manifest.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize(
    ("how", "says"),
    [
        ("corrupt run", "is not a stored run (damaged or foreign)"),
        ("forged type", "is not a stored run (damaged or foreign)"),
        ("foreign file", "notes.txt is not a stored run (damaged or foreign)"),
        ("another commit", "made by other code or packages"),
        ("another job's Python", "not one of the job's"),
        ("run left out", "runs, the manifest says"),
        ("no manifest", "no valid manifest.json"),
    ],
)
def test_a_damaged_or_foreign_artifact_is_refused_in_one_line(
    jobs: tuple[Path, list[Path]], tmp_path: Path, how: str, says: str
) -> None:
    site, artifacts = jobs
    copies = [shutil.copytree(a, tmp_path / a.name) for a in artifacts]
    _damage(copies[0], how)
    merged = _merge(site, "merge", tmp_path / "merged", *copies, GUIDE_PYTHONS="")
    assert merged.returncode == 1
    assert merged.stderr.count("\n") == 1, merged.stderr
    assert merged.stderr.startswith(f"buildkit.merge: artifact {copies[0]}: ")
    assert says in merged.stderr
    assert not (tmp_path / "merged").exists()

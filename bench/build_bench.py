"""Build and test speed, as ratios measured in one run (the machine is shared and noisy).

    python bench/build_bench.py            # builds + test suite
    python bench/build_bench.py --no-tests # builds only
    python bench/build_bench.py --matrix   # the CI matrix played here (see below), then builds only

Prints: plain build (GUIDE_EXECUTE=0), cold build (empty cache, every snippet runs on every Python),
warm rebuild (nothing runs), rebuild after editing one snippet (it runs on each Python at once), the
README's test command (``bash scripts/test``) and the serial sum of snippet run times — each with its
target ratio. The cold build's bound is the CPU its snippet runs used, spread over the cores, plus the
plain build: CPU-seconds are the build's and everything it started, minus the plain build's. They are
read from a cgroup v1 ``cpuacct`` group the build runs in: ``getrusage`` misses the snippet runs, whose
bubblewrap sandbox never reaps its PID namespace into the build's accounting. Without such a cgroup
the bench falls back to ``getrusage`` and says what it misses.
The serial sum is measured, not added up from the cold build: each snippet runs alone, one after
another (runs side by side take longer each, which would flatter the suite's ratio).

``--matrix`` plays ci.yml's jobs one after another on this machine: per Python, ``buildkit.merge
pack`` from an empty cache (GUIDE_PYTHONS, GUIDE_MAIN_PYTHON as the workflow sets them); then the
merge and the build that runs nothing (GUIDE_STORED_ONLY=1), against a warm rebuild and the plain
build. On GitHub the jobs run side by side: the longest is the matrix's wall time, the sum its cost.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
COPY = [
    ".git",
    "mkdocs.yml",
    "docs",
    "snippets",
    "includes",
    "overrides",
    "hooks",
    "buildkit",
    "requirements-snippets.txt",
    "requirements.txt",  # part of every run's key
]


CPUACCT = Path("/sys/fs/cgroup/cpuacct")  # cgroup v1: the runs' pids cgroups do not move them out of it


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _cpu_group() -> Path | None:
    group = CPUACCT / f"guide-bench-{os.getpid()}"
    try:
        group.mkdir()
    except OSError:
        print("no writable cgroup v1 cpuacct: CPU-seconds from getrusage, which misses sandboxed runs")
        return None
    return group


def build(site: Path, cache: Path, **env: str) -> tuple[float, float]:
    """Wall time and CPU-seconds (the build and everything it started) of one ``mkdocs build``."""
    out = Path(tempfile.mkdtemp(prefix="bench-site-"))
    group = _cpu_group()
    join = ["/bin/sh", "-c", 'echo $$ > "$0/cgroup.procs" && exec "$@"', str(group)] if group else []
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(
        [*join, sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out / "site")],
        cwd=site,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDE_CACHE_DIR": str(cache), **env},
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    if group is not None:
        cpu = int((group / "cpuacct.usage").read_text()) / 1e9
        group.rmdir()
    shutil.rmtree(out, ignore_errors=True)
    if proc.returncode:
        sys.exit(f"build failed:\n{proc.stderr[-3000:]}")
    return elapsed, cpu


def durations(cache: Path) -> dict[str, float]:
    from buildkit.model import load_result

    runs = (load_result(f.read_bytes()) for f in cache.glob("*.json"))
    return {f"{r.spec.command} @{r.python}": r.duration for r in runs if r is not None}


def alone() -> dict[str, float]:
    """Every snippet the pages run, alone and one after another: command -> wall time."""
    from buildkit.pages import all_pages
    from buildkit.runs import ensure
    from buildkit.site import Site

    with tempfile.TemporaryDirectory(prefix="bench-serial-") as cache:
        site = Site.load(ROOT / "mkdocs.yml", {"GUIDE_CACHE_DIR": cache, "GUIDE_PARALLEL": "1"})
        with site:
            specs = [s for p in all_pages(site.docs_dir) for s in p.specs]
            results = ensure(specs, site)
    return {f"{m.spec.command} @{r.python}": r.duration for m in results.values() for r in m.results}


def merge(site: Path, *args: str, **env: str) -> float:
    """Wall time of one ``python -m buildkit.merge`` step for the copy of the site."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "buildkit.merge", "--config", str(site / "mkdocs.yml"), *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    if proc.returncode:
        sys.exit(f"buildkit.merge {args[0]} failed:\n{proc.stderr[-3000:]}")
    return time.perf_counter() - start


def matrix(site: Path, work: Path) -> None:
    """ci.yml's jobs, one after another: the per-Python packs, the merge, the build that runs nothing."""
    from buildkit.site import Site

    versions = [i.minor for i in Site.load(ROOT / "mkdocs.yml").pythons]
    jobs = {}
    for v in versions:
        env = {"GUIDE_CACHE_DIR": str(work / f"job-{v}"), "GUIDE_PYTHONS": v, "GUIDE_MAIN_PYTHON": versions[0]}
        jobs[v] = merge(site, "pack", str(work / f"artifact-{v}"), **env)
    merged = work / "merged"
    merge_time = merge(site, "merge", str(merged), *(str(work / f"artifact-{v}") for v in versions), GUIDE_PYTHONS="")
    plain, _ = build(site, work / "plain", GUIDE_EXECUTE="0")
    stored, _ = build(site, merged, GUIDE_STORED_ONLY="1", GUIDE_PYTHONS="")
    warm, _ = build(site, merged, GUIDE_PYTHONS="")
    longest = max(jobs, key=lambda v: jobs[v])
    print("simulated matrix (one job per Python, each from an empty cache):")
    print("  " + ", ".join(f"{v} {t:.1f} s" for v, t in jobs.items()))
    total = sum(jobs.values())
    print(f"  sum {total:.1f} s, longest {jobs[longest]:.1f} s (Python {longest}); merge {merge_time:.1f} s")
    print(f"  build from the merged runs (runs nothing) {stored:.1f} s = {stored / plain:.2f} × plain ({plain:.1f} s)")
    print(f"  (target ≤ 1.3); a warm rebuild of the same cache {warm:.1f} s = {warm / plain:.2f} × plain")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-tests", action="store_true", help="builds only (no serial runs, no test suite)")
    parser.add_argument("--matrix", action="store_true", help="play the CI matrix first; implies --no-tests")
    args = parser.parse_args()
    args.no_tests = args.no_tests or args.matrix
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        site = work / "repo"
        site.mkdir()
        for name in COPY:
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, site / name)
        (site / ".cache").mkdir()
        (site / ".cache" / "pythons").symlink_to(ROOT / ".cache" / "pythons")  # the snippet environments
        cache = work / "cache"
        if args.matrix:
            matrix(site, work)

        runs = {} if args.no_tests else alone()  # first, on a quiet machine
        plain, plain_cpu = build(site, cache, GUIDE_EXECUTE="0")
        cold, cold_cpu = build(site, cache, GUIDE_REFRESH="1")
        cores = os.cpu_count() or 1
        bound = (cold_cpu - plain_cpu) / cores + plain
        runs = runs or durations(cache)  # --no-tests: the cold build's runs (side by side: longer each)
        longest_path, longest = max(runs.items(), key=lambda kv: kv[1])
        serial = sum(runs.values())
        warm, _ = build(site, cache)
        edited = "snippets/basics/await_result.py"
        (site / edited).write_text((site / edited).read_text("utf-8") + "# edited\n", "utf-8")
        edit, _ = build(site, cache)
        edited_run = max(t for key, t in runs.items() if key.startswith(f"{edited} @"))  # on each Python at once

        rows = [
            ("plain build (no execution)", plain, None, None),
            (f"cold build ({len(runs)} runs)", cold, cold / bound, 1.25),
            ("warm rebuild", warm, warm / plain, 1.3),
            ("rebuild after one snippet edit", edit, edit / (plain + edited_run), 1.3),
        ]
        if not args.no_tests:
            start = time.perf_counter()
            proc = subprocess.run(["bash", "scripts/test", "-q"], cwd=ROOT, capture_output=True, text=True)
            suite = time.perf_counter() - start
            if proc.returncode:
                print(proc.stdout[-2000:])
            rows.append(("test suite (bash scripts/test)", suite, suite / serial, 0.5))

        source = "each run alone, one after another" if not args.no_tests else "the cold build's runs, side by side"
        print(f"runs: {len(runs)}; serial sum {serial:.1f} s, longest {longest:.1f} s ({longest_path}) [{source}]")
        print(f"cold build: {cold_cpu - plain_cpu:.1f} CPU-s of snippet runs on {cores} cores + plain = {bound:.1f} s")
        print(f"{'measure':<34}{'seconds':>9}{'ratio':>8}{'target':>9}")
        for name, secs, ratio, target in rows:
            r = f"{ratio:.2f}" if ratio is not None else "-"
            t = f"≤ {target}" if target is not None else "-"
            print(f"{name:<34}{secs:>9.2f}{r:>8}{t:>9}")
        print(
            "ratios: cold / (snippet CPU / cores + plain), warm / plain, edit / (plain + that snippet's longest run),"
        )
        print("        suite / serial sum")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

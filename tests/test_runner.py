"""Runner details that the mini-site builds do not show."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from buildkit.contention import wait_until_quiet
from buildkit.model import Result

from .config import ROOT, SITE

MAIN = SITE.pythons[0]  # the Python that produces the pages' main output

HOG = "while True: pass"


def test_exclusive_runs_wait_while_every_cpu_is_busy() -> None:
    hogs = [subprocess.Popen([sys.executable, "-c", HOG]) for _ in range(os.cpu_count() or 1)]
    try:
        assert wait_until_quiet(limit=1.0) >= 0.3  # gave up after the limit: still busy
    finally:
        for h in hogs:
            h.kill()
            h.wait()


ENSURE = """
import sys
from pathlib import Path
from buildkit.model import Spec
from buildkit.runs import ensure
from buildkit.site import Site

root = Path(sys.argv[1])
with Site(root=root, docs_dir=root / "docs", cache_dir=root / "cache", pythons_wanted=sys.argv[2]) as site:
    print(ensure([Spec("snippets/s.py")], site)[Spec("snippets/s.py")].main.output, end="")
"""


def test_concurrent_builds_share_one_run_of_a_snippet(tmp_path) -> None:
    """Two processes asking for the same run at once: one runs it, the other waits and shows that run."""
    (tmp_path / "snippets").mkdir()
    code = "import time, uuid\ntime.sleep(1)\nprint('run', uuid.uuid4().hex)\n"  # each run prints its own id
    (tmp_path / "snippets" / "s.py").write_text(code, "utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", ENSURE, str(tmp_path), MAIN.minor], stdout=subprocess.PIPE, text=True, env=env
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=120)[0] for p in procs]
    assert outs[0] == outs[1] and outs[0].startswith("run ")  # ran once: a second run prints another id
    assert len(list((tmp_path / "cache").glob("*.json"))) == 1
    assert list((tmp_path / "cache").glob("*.tmp")) == []


def test_a_damaged_or_planted_cache_entry_is_not_shown(tmp_path) -> None:
    from buildkit.cache import Cache
    from buildkit.model import Result, Spec

    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "s.py").write_text('print("x")\n', "utf-8")
    cache = Cache(tmp_path / "cache", tmp_path)
    spec = Spec("snippets/s.py")
    cache.put(Result(spec, 0, "x\n", "", 0.1, python=MAIN.full), MAIN)
    assert cache.get(spec, MAIN) is not None
    stored = next((tmp_path / "cache").glob("*.json"))
    text = stored.read_text()
    for damaged in (
        text.replace('"returncode":0', '"returncode":"0 onmouseover=alert(1)"'),
        text.replace('"duration":0.1', '"duration":Infinity'),
        text.replace('"path":"snippets/s.py"', '"path":"snippets/other.py"'),  # another run's output
        text[: len(text) // 2],
    ):
        stored.write_text(damaged)
        assert cache.get(spec, MAIN) is None, damaged


def test_linger_is_the_time_from_the_last_output_to_exit(tmp_path) -> None:
    """Tests bound what a run waits for after printing, not start-up time on a loaded machine."""
    import asyncio

    from buildkit.model import Spec
    from buildkit.runner import run_snippet

    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "quick.py").write_text('print("done")\n', "utf-8")
    (tmp_path / "snippets" / "waits.py").write_text('import time\nprint("done")\ntime.sleep(1.0)\n', "utf-8")
    quick = asyncio.run(run_snippet(Spec("snippets/quick.py"), tmp_path, MAIN, sandbox=SITE.sandbox))
    waits = asyncio.run(run_snippet(Spec("snippets/waits.py"), tmp_path, MAIN, sandbox=SITE.sandbox))
    assert quick.output == waits.output == "done\n"
    assert 0 <= quick.linger < 0.4
    # reading the last output can lag on a busy machine, which only shortens linger
    assert 0.7 <= waits.linger < waits.duration


def test_contention_counts_other_processes_cpu_during_the_run(tmp_path) -> None:
    """An exclusive run records how many CPUs others kept busy, so a speed-up claim can be judged."""
    import asyncio

    from buildkit.model import Spec
    from buildkit.runner import run_snippet

    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "waits.py").write_text("import time\nprint('a')\ntime.sleep(0.6)\nprint('b')\n", "utf-8")
    hog = subprocess.Popen([sys.executable, "-c", HOG])
    try:
        r = asyncio.run(run_snippet(Spec("snippets/waits.py", exclusive=True), tmp_path, MAIN, sandbox=SITE.sandbox))
    finally:
        hog.kill()
        hog.wait()
    # the hog alone keeps one CPU busy, or the rest of the machine fills in for what it did not get
    assert 0.8 <= r.contention <= (os.cpu_count() or 1) + 0.2


def test_contention_is_judged_per_phase() -> None:
    """A load during one phase counts fully, however quiet the rest of the run was."""
    from buildkit.contention import ContentionMeter

    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        meter = ContentionMeter(sleeper.pid)
        time.sleep(1.5)  # a long phase that is quiet as far as this test is concerned
        meter.output()
        hog = subprocess.Popen([sys.executable, "-c", HOG])
        try:
            time.sleep(0.6)  # a short phase with a hog beside it
            meter.output()
        finally:
            hog.kill()
            hog.wait()
    finally:
        sleeper.kill()
        sleeper.wait()
    assert meter.worst() >= 0.8  # an average over the whole 2.1 s would be about 0.3


def test_a_contended_measurement_says_so_on_the_page() -> None:
    from buildkit.model import Matrix, Result, Spec
    from buildkit.render import output_block
    from buildkit.runner import CONTENDED

    spec = Spec("snippets/x/y.py", exclusive=True)
    quiet = Matrix(spec, (Result(spec, 0, "加速比 1.9 倍\n", "", 1.0, contention=0.1, python="3.13.0"),))
    busy = Matrix(spec, (Result(spec, 0, "加速比 1.0 倍\n", "", 1.0, contention=CONTENDED + 1.4, python="3.13.0"),))
    assert "snippet-contended" not in output_block(spec, quiet, str)
    assert "其他进程占用了 1.9 个 CPU" in output_block(spec, busy, str)


def test_only_stderr_that_reaches_the_page_counts_as_stderr(tmp_path) -> None:
    """A child Python's stderr counts when it shares the snippet's stderr (it shows on the page), not when
    the snippet sends it to DEVNULL (debug-mode children warn about slow callbacks on a busy machine)."""
    import asyncio

    from buildkit.model import Spec
    from buildkit.runner import run_snippet

    child = (
        "import subprocess, sys\nsubprocess.run([sys.executable, '-c', 'import sys; print(1, file=sys.stderr)']{})\n"
    )
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "hidden.py").write_text(child.format(", stderr=subprocess.DEVNULL"), "utf-8")
    (tmp_path / "snippets" / "shown.py").write_text(child.format(""), "utf-8")
    hidden = asyncio.run(run_snippet(Spec("snippets/hidden.py"), tmp_path, MAIN, sandbox=SITE.sandbox))
    shown = asyncio.run(run_snippet(Spec("snippets/shown.py"), tmp_path, MAIN, sandbox=SITE.sandbox))
    assert (hidden.stderr, hidden.problem()) == ("", None)
    assert shown.stderr == "1\n" and shown.problem() is not None


def test_stderr_below_python_counts_as_stderr_and_python_stderr_keeps_its_order(tmp_path) -> None:
    """What reaches fd 2 without sys.stderr (a write from C, a ``python -I`` child that loads no
    sitecustomize) is shown and counts as stderr; what goes through sys.stderr stays exactly in
    order with print()."""
    import asyncio

    from buildkit.model import Spec
    from buildkit.runner import run_snippet

    (tmp_path / "snippets").mkdir()
    code = (
        "import os, subprocess, sys\n"
        "for i in range(100):\n"
        "    print('out', i)\n"
        "    print('err', i, file=sys.stderr)\n"
        "os.write(2, b'from C\\n')\n"
        "subprocess.run([sys.executable, '-I', '-c', 'import sys; print(\"child\", file=sys.stderr)'])\n"
    )
    (tmp_path / "snippets" / "fd2.py").write_text(code, "utf-8")
    r = asyncio.run(run_snippet(Spec("snippets/fd2.py", stderr=True), tmp_path, MAIN, sandbox=SITE.sandbox))
    python_level = [f"{kind} {i}" for i in range(100) for kind in ("out", "err")]
    assert [line for line in r.lines if line[:3] in ("out", "err")] == python_level  # not one pair swapped
    assert sorted(line for line in r.lines if line[:3] not in ("out", "err")) == ["child", "from C"]
    assert sorted(r.stderr.splitlines()) == sorted([f"err {i}" for i in range(100)] + ["child", "from C"])
    undeclared = asyncio.run(run_snippet(Spec("snippets/fd2.py"), tmp_path, MAIN, sandbox=SITE.sandbox))
    assert undeclared.problem() is not None


def test_a_snippet_sees_no_secrets_and_a_home_of_its_own(tmp_path, monkeypatch) -> None:
    """Only an allow-listed environment reaches a snippet: never the build's tokens; HOME/TMPDIR are its temp dir."""
    import asyncio

    from buildkit.model import Spec
    from buildkit.runner import run_snippet

    monkeypatch.setenv("GITHUB_TOKEN", "secret-token")
    monkeypatch.setenv("GUIDE_CACHE_DIR", str(tmp_path / "cache"))
    (tmp_path / "snippets").mkdir()
    code = (
        "import os, tempfile\n"
        "print(sorted(k for k in os.environ if 'TOKEN' in k or k.startswith('GUIDE_CACHE')))\n"
        "print(os.environ['HOME'] == os.getcwd() == tempfile.gettempdir())\n"
        "print('PATH' in os.environ)\n"
    )
    (tmp_path / "snippets" / "env.py").write_text(code, "utf-8")
    r = asyncio.run(run_snippet(Spec("snippets/env.py"), tmp_path, MAIN, sandbox=SITE.sandbox))
    assert r.lines == ["[]", "True", "True"], r.output


def test_the_stderr_copy_is_bounded(tmp_path) -> None:
    """A snippet writing to stderr without end cannot fill the disk through the runner's copy of it."""
    from buildkit.runner import INJECT_DIR, MAX_OUTPUT

    copy = tmp_path / ".stderr"
    code = "import sys\nfor _ in range(4000):\n    sys.stderr.write('x' * 1000)\n"
    env = {**os.environ, "PYTHONPATH": str(INJECT_DIR), "GUIDE_STDERR_COPY": str(copy)}
    env.pop("GUIDE_STDERR_ID", None)
    proc = subprocess.run([MAIN.python, "-c", code], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert proc.returncode == 0
    assert MAX_OUTPUT <= copy.stat().st_size < MAX_OUTPUT + 2000  # 4 MB written, the copy stops after the limit


def test_a_run_that_ends_leaves_no_daemon_behind(tmp_path) -> None:
    """A snippet may exit 0 after starting a process in a session of its own (a daemon): the run still
    ends with it, and the daemon's grip on the output pipe does not hold the run up."""
    import asyncio
    import uuid

    import psutil

    from buildkit.model import Spec
    from buildkit.runner import run_snippet

    marker = f"daemon-{uuid.uuid4().hex}"
    code = (
        "import subprocess, sys\n"
        f'argv = [sys.executable, "-c", "import time; time.sleep(600)", "{marker}"]\n'
        "subprocess.Popen(argv, start_new_session=True)\n"
        'print("started")\n'
    )
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "daemon.py").write_text(code, "utf-8")
    r = asyncio.run(run_snippet(Spec("snippets/daemon.py"), tmp_path, MAIN, sandbox=SITE.sandbox))
    assert r.returncode == 0 and r.output == "started\n"
    assert r.duration < 4  # not the 5 s the runner would wait for a pipe the daemon keeps open
    time.sleep(0.2)
    left = [p.pid for p in psutil.process_iter(["cmdline"]) if marker in (p.info["cmdline"] or [])]
    assert left == [], left


def test_a_run_measured_on_a_busy_machine_is_measured_again_later_when_quiet(tmp_path, monkeypatch) -> None:
    """Shown with its note while fresh (every build and test of a session shows the same run); half an
    hour later, a quiet machine measures it again instead of repeating the busy result."""
    from buildkit import runs
    from buildkit.model import Result, Spec
    from buildkit.site import Site

    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "s.py").write_text('print("measured now")\n', "utf-8")
    spec = Spec("snippets/s.py")
    with Site(
        root=tmp_path, docs_dir=tmp_path / "docs", cache_dir=tmp_path / "cache", pythons_wanted=MAIN.minor
    ) as site:
        site.cache.put(Result(spec, 0, "busy\n", "", 0.1, contention=1.0, python=MAIN.full), MAIN)
        (entry,) = (tmp_path / "cache").glob("*.json")
        monkeypatch.setattr(runs, "busy_fraction", lambda sample: 0.0)  # the machine is quiet now
        assert runs.ensure([spec], site)[spec].main.output == "busy\n"  # fresh: reused
        old = time.time() - runs.REMEASURE_AFTER - 60
        os.utime(entry, (old, old))
        monkeypatch.setattr(runs, "busy_fraction", lambda sample: 1.0)
        assert runs.ensure([spec], site)[spec].main.output == "busy\n"  # old, but still busy: nothing better
        monkeypatch.setattr(runs, "busy_fraction", lambda sample: 0.0)
        assert runs.ensure([spec], site)[spec].main.output == "measured now\n"


def test_only_timings_a_page_shows_run_alone(tmp_path, monkeypatch) -> None:
    """An exclusive spec's run on the newest Python, and every run of a charted one, runs alone. An older
    Python's run of another runs beside the rest (marked ``shared``) unless its output is a version tab
    of its own: then it is measured again alone, and that run is stored. A site without the newest
    Python (one CI job per interpreter) runs every exclusive run alone."""
    from buildkit import runner, runs
    from buildkit.model import Spec
    from buildkit.site import Site

    if len(SITE.pythons) < 2:
        pytest.skip("needs two Pythons")
    old = SITE.pythons[-1]
    (tmp_path / "snippets").mkdir()
    sources = {
        "same": 'print("每个版本都一样")',
        "tab": f'import sys\n\nprint("旧" if sys.version_info[:2] == {old.version[:2]} else "新")',
        "charted": 'print("耗时：1.0 秒")',
    }
    for name, code in sources.items():
        (tmp_path / "snippets" / f"{name}.py").write_text(code + "\n", "utf-8")
    same, tab = (Spec(f"snippets/{name}.py", exclusive=True) for name in ("same", "tab"))
    charted = Spec("snippets/charted.py", exclusive=True, chart=("耗时",))
    went_alone: list[tuple[str, str]] = []
    measure_alone = runner._alone

    async def recording(job: runner.Job, *args: object) -> Result:
        went_alone.append((job[0].path, job[1].minor))
        return await measure_alone(job, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "_alone", recording)
    monkeypatch.setattr(runner, "wait_until_quiet", lambda quiet: 0.0)  # no waiting for a quiet machine here

    def site(pythons: str, main: str = "") -> Site:
        return Site(
            root=tmp_path,
            docs_dir=tmp_path / "docs",
            cache_dir=tmp_path / "cache",
            pythons_wanted=pythons,
            main_wanted=main,
        )

    with site(f"{MAIN.minor},{old.minor}") as both:
        got = runs.ensure([same, tab, charted], both)
    assert [r.output for r in got[tab].results] == ["新\n", "旧\n"]  # the older Python is a tab of its own
    assert sorted(went_alone) == sorted(
        [(s.path, MAIN.minor) for s in (same, tab, charted)] + [(tab.path, old.minor), (charted.path, old.minor)]
    )
    shared = {(spec.path, r.python) for spec, m in got.items() for r in m.results if r.shared}
    assert shared == {(same.path, old.full)}  # the one run no page shows: it ran beside the others

    went_alone.clear()
    with site(f"{MAIN.minor},{old.minor}") as both:
        again = runs.ensure([same, tab, charted], both)
    assert went_alone == [] and again[tab].on(old.minor) == got[tab].on(old.minor)  # stored: nothing runs again

    with site(old.minor, main=MAIN.minor) as job_of_one_python:
        alone = runs.ensure([same], job_of_one_python)[same].main
    assert went_alone == [(same.path, old.minor)] and not alone.shared  # it cannot know the tabs: all alone


def test_a_shared_run_is_not_measured_again_for_its_contention(tmp_path, monkeypatch) -> None:
    """A run made beside others is contended by design and no page shows its timings: unlike a run that
    was to be alone, it is reused however long ago it was measured, even on a quiet machine."""
    from buildkit import runs
    from buildkit.model import Spec
    from buildkit.site import Site

    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "s.py").write_text('print("now")\n', "utf-8")
    spec = Spec("snippets/s.py", exclusive=True)
    monkeypatch.setattr(runs, "busy_fraction", lambda sample: 0.0)  # the machine is quiet now
    with Site(
        root=tmp_path, docs_dir=tmp_path / "docs", cache_dir=tmp_path / "cache", pythons_wanted=MAIN.minor
    ) as site:
        for shared in (True, False):
            site.cache.put(Result(spec, 0, "busy\n", "", 0.1, contention=1.0, shared=shared, python=MAIN.full), MAIN)
            (entry,) = (tmp_path / "cache").glob("*.json")
            old = time.time() - runs.REMEASURE_AFTER - 60
            os.utime(entry, (old, old))
            hit = runs.peek((spec, MAIN), site)
            assert (hit is not None) is shared, shared


def test_a_long_build_says_how_far_it_is(tmp_path, monkeypatch, caplog) -> None:
    """Runs that take a while report progress in the build log (every 15 s; here every 0.2 s)."""
    import asyncio
    import logging

    from buildkit import runner
    from buildkit.model import Spec

    monkeypatch.setattr(runner, "PROGRESS_EVERY", 0.2)
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "slow.py").write_text("import time\n\ntime.sleep(1.5)\n", "utf-8")
    (tmp_path / "snippets" / "quick.py").write_text("print(1)\n", "utf-8")
    jobs = [(Spec("snippets/slow.py"), MAIN), (Spec("snippets/quick.py"), MAIN)]
    with caplog.at_level(logging.INFO, logger="mkdocs.buildkit"):
        asyncio.run(runner.run_many(jobs, tmp_path, parallel=2, sandbox=SITE.sandbox))
    assert "snippets: 1 of 2 runs done" in [r.getMessage() for r in caplog.records]


def test_a_run_never_looks_shorter_than_it_was(tmp_path) -> None:
    """The event loop may be busy elsewhere when the run's process has started (other runs' output,
    a slow step): its duration still covers the whole run."""
    import asyncio

    from buildkit.model import Spec
    from buildkit.runner import run_snippet

    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "naps.py").write_text("import time\n\ntime.sleep(0.3)\nprint('done')\n", "utf-8")

    async def main():
        run = asyncio.ensure_future(run_snippet(Spec("snippets/naps.py"), tmp_path, MAIN, sandbox=SITE.sandbox))
        await asyncio.sleep(0)  # the run's first step: its process starts
        time.sleep(1.0)  # noqa: ASYNC251  # the loop busy with something else all the while
        return await run

    r = asyncio.run(main())
    assert r.lines == ["done"] and r.duration >= 0.3

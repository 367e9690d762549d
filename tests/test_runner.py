"""Runner details that the mini-site builds do not show."""

from __future__ import annotations

import os
import subprocess
import sys

from guide.runner import wait_until_quiet

HOG = "while True: pass"


def test_exclusive_runs_wait_while_every_cpu_is_busy() -> None:
    hogs = [subprocess.Popen([sys.executable, "-c", HOG]) for _ in range(os.cpu_count() or 1)]
    try:
        assert wait_until_quiet(limit=1.0) >= 0.3  # gave up after the limit: still busy
    finally:
        for h in hogs:
            h.kill()
            h.wait()


def test_the_first_stored_run_wins_unless_a_rerun_is_forced(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Concurrent builds and test workers must all show one run of a snippet, not each their own."""
    from guide.cache import Cache
    from guide.runner import Result, Spec

    (tmp_path / "s.py").write_text('print("x")\n', "utf-8")
    cache = Cache(tmp_path / "cache", tmp_path)
    spec = Spec("s.py")
    first, second, forced = (Result(spec, 0, f"run {i}\n", "", 0.1) for i in (1, 2, 3))
    assert cache.put(first).output == "run 1\n"
    assert cache.put(second).output == "run 1\n"  # someone stored it first: theirs is shown
    assert cache.get(spec).output == "run 1\n"
    assert cache.put(forced, replace=True).output == "run 3\n"  # GUIDE_REFRESH=1
    assert cache.get(spec).output == "run 3\n"
    assert list((tmp_path / "cache").glob("*.tmp")) == []


def test_linger_is_the_time_from_the_last_output_to_exit(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Tests bound what a run waits for after printing, not start-up time on a loaded machine."""
    import asyncio

    from guide.runner import Spec, run_snippet

    (tmp_path / "quick.py").write_text('print("done")\n', "utf-8")
    (tmp_path / "waits.py").write_text('import time\nprint("done")\ntime.sleep(1.0)\n', "utf-8")
    quick = asyncio.run(run_snippet(Spec("quick.py"), root=tmp_path))
    waits = asyncio.run(run_snippet(Spec("waits.py"), root=tmp_path))
    assert quick.output == waits.output == "done\n"
    assert 0 <= quick.linger < 0.4
    # reading the last output can lag on a busy machine, which only shortens linger
    assert 0.7 <= waits.linger < waits.duration


def test_contention_counts_other_processes_cpu_during_the_run(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """An exclusive run records how many CPUs others kept busy, so a speed-up claim can be judged."""
    import asyncio

    from guide.runner import Spec, _measured, run_snippet

    (tmp_path / "waits.py").write_text("import time\ntime.sleep(0.6)\n", "utf-8")
    hog = subprocess.Popen([sys.executable, "-c", HOG])
    try:
        r = asyncio.run(_measured(run_snippet(Spec("waits.py"), root=tmp_path)))
    finally:
        hog.kill()
        hog.wait()
    # the hog alone keeps one CPU busy, or the rest of the machine fills in for what it did not get
    assert 0.8 <= r.contention <= (os.cpu_count() or 1) + 0.2


def test_a_contended_measurement_says_so_on_the_page() -> None:
    from guide.render import output_block
    from guide.runner import CONTENDED, Result, Spec

    spec = Spec("snippets/x/y.py", exclusive=True)
    quiet = Result(spec, 0, "加速比 1.9 倍\n", "", 1.0, contention=0.1)
    busy = Result(spec, 0, "加速比 1.0 倍\n", "", 1.0, contention=CONTENDED + 1.4)
    assert "snippet-contended" not in output_block(quiet)
    assert "其他进程平均占用了 1.9 个 CPU" in output_block(busy)


def test_only_stderr_that_reaches_the_page_counts_as_stderr(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A child Python's stderr counts when it shares the snippet's stderr (it shows on the page), not when
    the snippet sends it to DEVNULL (debug-mode children warn about slow callbacks on a busy machine)."""
    import asyncio

    from guide.runner import Spec, run_snippet

    child = (
        "import subprocess, sys\nsubprocess.run([sys.executable, '-c', 'import sys; print(1, file=sys.stderr)']{})\n"
    )
    (tmp_path / "hidden.py").write_text(child.format(", stderr=subprocess.DEVNULL"), "utf-8")
    (tmp_path / "shown.py").write_text(child.format(""), "utf-8")
    hidden = asyncio.run(run_snippet(Spec("hidden.py"), root=tmp_path))
    shown = asyncio.run(run_snippet(Spec("shown.py"), root=tmp_path))
    assert (hidden.stderr, hidden.problem()) == ("", None)
    assert shown.stderr == "1\n" and shown.problem() is not None

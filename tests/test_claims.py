"""The claim protocol of :func:`buildkit.runs.ensure` and what it must not trust: the cache folder,
forged entries, code saved while it runs, a changed build package; and the hooks' independence."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import psutil
import pytest
from mkdocs.exceptions import PluginError

from buildkit import PACKAGE, cache, runner, runs
from buildkit.cache import Cache, CacheError
from buildkit.model import Matrix, Result, Spec, digest
from buildkit.site import Site

from .config import SITE
from .minisite import build, make_site, page_for

MAIN = SITE.pythons[0]
S = "snippets/t/s.py"


def _site(tmp: Path) -> Site:
    root = tmp / "repo"  # not tmp itself: runs are another user, and pytest's folders are private
    return Site(root=root, docs_dir=root / "docs", cache_dir=tmp / "cache", pythons_wanted=MAIN.minor)


def _snippet(tmp: Path, code: str) -> Path:
    script = tmp / "repo" / S
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(code, "utf-8")
    return script


def test_the_code_fingerprint_covers_every_file_of_the_package(tmp_path: Path, monkeypatch) -> None:
    """A module added to buildkit/ (or a template changed) runs everything again; bytecode does not."""
    copy = tmp_path / "buildkit"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", copy)

    def fingerprint() -> str:
        cache.environment_fingerprint.cache_clear()
        return cache.environment_fingerprint()

    try:
        before = fingerprint()
        (copy / "__pycache__").mkdir(exist_ok=True)
        (copy / "__pycache__" / "new.cpython-311.pyc").write_bytes(b"bytecode")
        assert fingerprint() == before
        (copy / "new_module.py").write_text("X = 1\n")
        assert fingerprint() != before
        (copy / "new_module.py").unlink()
        assert fingerprint() == before
        (copy / "templates" / "output.html").write_text("changed")
        assert fingerprint() != before
    finally:
        cache.environment_fingerprint.cache_clear()


@pytest.mark.parametrize("kind", ["file", "dangling link"])
def test_a_cache_folder_that_is_not_one_says_so_in_one_line(tmp_path: Path, kind: str) -> None:
    _snippet(tmp_path, 'print("x")\n')
    site = _site(tmp_path)
    if kind == "file":
        site.cache_dir.write_text("not a folder")
    else:
        site.cache_dir.symlink_to(tmp_path / "nowhere")
    with site, pytest.raises(CacheError) as e:
        runs.ensure([Spec(S)], site)
    message = str(e.value)
    assert "\n" not in message and str(site.cache_dir) in message and "GUIDE_CACHE_DIR" in message
    assert ("dangling" if kind != "file" else "not a folder") in message


def test_a_build_whose_cache_folder_is_a_file_fails_in_one_line(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"index.md": page_for(S)}, {S: 'print("x")\n'})
    (site / "cache-file").write_text("not a folder")
    proc = build(site, GUIDE_CACHE_DIR=str(site / "cache-file"))
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert "cache-file (GUIDE_CACHE_DIR): not a folder" in proc.stderr


@pytest.mark.parametrize("where", ["relative", "absolute", "too long", "not a snippet"])
def test_an_entry_recording_an_input_outside_snippets_is_a_miss(tmp_path: Path, where: str) -> None:
    """A forged entry may name any file with its true digest: it is never shown, and never raises."""
    root = tmp_path / "repo"
    (root / "snippets").mkdir(parents=True)
    (root / "snippets" / "s.py").write_text('print("x")\n')
    (root / "README.md").write_text("in the repository, not a snippet\n")
    outside = tmp_path / "outside.txt"
    outside.write_text("secret\n")
    rel = {
        "relative": "snippets/../../outside.txt",
        "absolute": str(outside),
        "too long": "snippets/" + "a/" * 3000 + "x.py",
        "not a snippet": "README.md",
    }[where]
    recorded = digest(root / "README.md") if where == "not a snippet" else digest(outside)
    store = Cache(tmp_path / "cache", root)
    spec = Spec("snippets/s.py")
    store.put(Result(spec, 0, "x\n", "", 0.1, python=MAIN.full), MAIN)
    assert store.get(spec, MAIN) is not None
    store.put(Result(spec, 0, "forged\n", "", 0.1, python=MAIN.full, inputs=((rel, recorded),)), MAIN)
    assert store.get(spec, MAIN) is None


def _deep(folder: Path, depth: int) -> str:
    """``folder/a/a/…/deep.py``, ``depth`` folders down (too long a name for the system to open at once)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("a", dir_fd=fd)
            inner = os.open("a", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        with open(os.open("deep.py", os.O_WRONLY | os.O_CREAT, dir_fd=fd), "w") as f:
            f.write('print("deep")\n')
    finally:
        os.close(fd)
    return "snippets/" + "a/" * depth + "deep.py"


def _remove(folder: Path) -> None:
    """Remove a tree of any depth (shutil.rmtree, and so pytest's clean-up, recurses: 3,000 is too
    deep): the folders inside are emptied into ``folder`` until none is left."""
    top = os.open(folder, os.O_RDONLY)
    moved = 0
    try:
        while dirs := [e.name for e in os.scandir(top) if e.is_dir(follow_symlinks=False)]:
            for name in dirs:
                fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW, dir_fd=top)
                try:
                    for entry in [e.name for e in os.scandir(fd)]:
                        moved += 1
                        os.rename(entry, f"up-{moved}", src_dir_fd=fd, dst_dir_fd=top)
                finally:
                    os.close(fd)
                os.rmdir(name, dir_fd=top)
        for entry in [e.name for e in os.scandir(top)]:
            os.unlink(entry, dir_fd=top)
    finally:
        os.close(top)
    folder.rmdir()


def test_a_snippet_nested_3000_folders_deep_fails_in_one_line(tmp_path: Path) -> None:
    site = make_site(tmp_path, {}, {S: 'print("x")\n'})
    try:
        deep = _deep(site / "snippets", 3000)
        (site / "docs" / "index.md").write_text(page_for(S, deep), "utf-8")
        proc = build(site)
    finally:
        _remove(site / "snippets" / "a")
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert "index.md: snippets/a/a/" in proc.stderr and "cannot be read (File name too long)" in proc.stderr


def _running(script: Path, since: float = 0.0, within: float = 30.0) -> bool:
    """Whether a process started after ``since`` runs ``script`` (waiting for it ``within`` seconds)."""
    deadline = time.monotonic() + within
    while not any(
        p.info["create_time"] > since and str(script) in " ".join(p.info["cmdline"] or [])
        for p in psutil.process_iter(["cmdline", "create_time"])
    ):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_a_snippet_saved_while_it_runs_runs_again_and_shows_the_new_code(tmp_path: Path) -> None:
    script = _snippet(tmp_path, 'import time\nprint("old", flush=True)\ntime.sleep(2)\n')
    spec = Spec(S)

    def save_once_running() -> None:
        assert _running(script)
        time.sleep(0.5)
        script.write_text('print("new")\n', "utf-8")

    saver = threading.Thread(target=save_once_running, daemon=True)
    saver.start()
    with _site(tmp_path) as site:
        main = runs.ensure([spec], site)[spec].main
        saver.join(timeout=30)
        assert (main.output, main.problem()) == ("new\n", None)
        assert site.cache.get(spec, MAIN) == main  # stored under the new code's key, and only there
        assert len(list((tmp_path / "cache").glob("*.json"))) == 1


def test_a_snippet_saved_during_both_runs_is_a_failure_naming_it(tmp_path: Path) -> None:
    script = _snippet(tmp_path, 'import time\nprint("v1", flush=True)\ntime.sleep(2)\n')
    spec = Spec(S)

    def save_during_each_run() -> None:
        saved = 0.0
        for version in ("v2", "v3"):
            if not _running(script, since=saved, within=10):  # the first run, then one started after the save
                return  # no second run
            time.sleep(0.5)
            saved = time.time()
            script.write_text(f'import time\nprint("{version}", flush=True)\ntime.sleep(2)\n', "utf-8")

    saver = threading.Thread(target=save_during_each_run, daemon=True)
    saver.start()
    with _site(tmp_path) as site:
        main = runs.ensure([spec], site)[spec].main
        saver.join(timeout=30)
        assert isinstance(main, runs.Unsettled)
        assert main.problem() is not None and "saved while it ran" in (main.problem() or "")
        assert list((tmp_path / "cache").glob("*.json")) == []  # never stored


def test_a_snippet_saved_after_its_run_fails_the_page(tmp_path: Path, monkeypatch) -> None:
    """Between the runs and the page that includes the file: the hook compares what ran with the file."""
    import importlib.util

    from buildkit.session import SESSION

    loader = importlib.util.spec_from_file_location("snippets_hook", PACKAGE.parent / "hooks" / "snippets.py")
    assert loader is not None and loader.loader is not None
    hook = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(hook)
    script = _snippet(tmp_path, 'print("x")\n')
    spec = Spec(S)
    outputs = hook.SnippetOutputs()
    outputs.site = _site(tmp_path)
    outputs.results = {spec: Matrix(spec, (Result(spec, 0, "x\n", "", 0.1, python=MAIN.full),))}
    outputs.ran = {S: digest(script)}
    assert outputs._as_ran(spec) is outputs.results[spec]
    script.write_text('print("y")\n', "utf-8")
    monkeypatch.setattr(SESSION, "command", "build")
    with pytest.raises(PluginError, match=f"snippet {S}: saved after its run"):
        outputs._as_ran(spec)
    monkeypatch.setattr(SESSION, "command", "serve")
    shown = outputs._as_ran(spec)
    assert shown is not None and shown.main.problem() is not None  # the failure box


def test_what_the_code_needs_is_read_once_by_ensure(tmp_path: Path, monkeypatch) -> None:
    """Not by the runner as well: one reading per run, stored with it, none for a stored run."""
    calls: list[str] = []
    real = runs.needs

    def counted(who: str):
        def reading(script: Path):
            calls.append(who)
            return real(script)

        return reading

    monkeypatch.setattr(runs, "needs", counted("ensure"))
    monkeypatch.setattr(runner, "needs", counted("runner"), raising=False)  # the runner no longer imports it
    _snippet(tmp_path, "import asyncio\n\nasync def main():\n    async with asyncio.TaskGroup():\n        pass\n")
    spec = Spec(S)
    with _site(tmp_path) as site:
        first = runs.ensure([spec], site)[spec].main
        again = runs.ensure([spec], site)[spec].main
    assert calls == ["ensure"]
    assert first.needs is not None and first.needs.python == "3.11"
    assert again.needs == first.needs


def test_a_snapshot_reads_each_snippet_once_for_every_python_and_a_key_outside_it_reads_anew(
    tmp_path: Path, monkeypatch
) -> None:
    """A build looks up a spec's runs on six Pythons at one moment: its files are read once, and the
    keys are the ones computed outside a snapshot. Outside one, every key reads the files now: a
    snippet saved while it ran is seen."""
    script = _snippet(tmp_path, 'print("one")\n')
    spec, pythons = Spec(S), SITE.pythons
    store = Cache(tmp_path / "cache", tmp_path / "repo")
    reads: list[str] = []
    real = cache.spec_digest

    def reading(spec: Spec, root: Path) -> bytes:
        reads.append(spec.path)
        return real(spec, root)

    monkeypatch.setattr(cache, "spec_digest", reading)
    outside = [store.key(spec, i) for i in pythons]
    assert len(reads) == len(pythons) and len(set(outside)) == len(pythons)  # one key per Python
    reads.clear()
    with store.snapshot():
        inside = [store.key(spec, i) for i in pythons]
        script.write_text('print("two")\n', "utf-8")
        assert store.key(spec, pythons[0]) == inside[0]  # the moment the snapshot first read it
    assert inside == outside and reads == [S]
    assert store.key(spec, pythons[0]) != outside[0]  # after it: read anew, the save is seen


def test_a_build_failing_on_a_warning_leaves_the_previous_site(tmp_path: Path) -> None:
    """--strict fails the build after on_post_build: the site must not have been swapped by then."""
    site = make_site(tmp_path, {"index.md": page_for(S)}, {S: 'print("good")\n'})
    assert build(site).returncode == 0
    good = (site / "site" / "index.html").read_text("utf-8")
    (site / "docs" / "index.md").write_text(page_for(S) + "\n[broken](missing.md)\n", "utf-8")
    proc = build(site)
    assert proc.returncode != 0 and "missing.md" in proc.stderr
    assert (site / "site" / "index.html").read_text("utf-8") == good
    assert sorted(p.name for p in site.iterdir() if p.name.startswith("site")) == ["site"]


def test_the_atomic_site_hook_reads_no_other_hooks_state() -> None:
    source = (PACKAGE.parent / "hooks" / "atomic_site.py").read_text("utf-8")
    assert "SESSION" not in source and "buildkit" not in source

"""The everyday ``mkdocs serve`` loop is quiet and quick: Ctrl-C ends it with one line and nothing left
running, and a rebuild runs a kernel page's cells again only when that page changed.

Each test serves a mini-site of its own (:mod:`tests.minisite`) in a process group of its own, as a
terminal runs it."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from .config import one_python
from .minisite import free_port, make_site, page_for, wait_for

pytestmark = pytest.mark.build

WEB = "snippets/t/web.py"  # uses the local HTTP server
DB = "snippets/t/db.py"  # uses PostgreSQL (the embedded one, and the relay runs reach it through)
SNIPPETS = {
    WEB: 'import os\nimport urllib.request\n\nprint(urllib.request.urlopen(os.environ["HTTPBIN_URL"] + "/get").status)\n',  # noqa: E501
    DB: 'import os\n\nprint("DATABASE_URL" in os.environ)\n',
}


@dataclass
class Served:
    url: str
    proc: subprocess.Popen[bytes]
    log: Path  # what serve printed (stdout and stderr, as a terminal shows them)

    def printed(self) -> str:
        return self.log.read_text("utf-8", errors="replace")


@contextmanager
def _serve(site: Path, **env: str) -> Iterator[Served]:
    port = free_port()
    log = site / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=site,
            env={
                **os.environ,
                "NO_MKDOCS_2_WARNING": "1",
                "GUIDE_CACHE_DIR": str(site / "cache"),
                **one_python(),
                **env,
            },
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, as a shell's job: what Ctrl-C signals
        )
    try:
        yield Served(f"http://127.0.0.1:{port}/", proc, log)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _quiet(served: Served, still: float = 3.0, at_most: float = 30.0) -> str:
    """What serve printed once it has printed nothing for ``still`` seconds (longer than the
    watcher's delay and a rebuild of this small site)."""
    deadline = time.monotonic() + at_most
    printed = served.printed()
    while time.monotonic() < deadline:
        time.sleep(still)
        if (now := served.printed()) == printed:
            return printed
        printed = now
    raise AssertionError(f"serve kept printing for {at_most:g} s:\n{printed}")


def _postmaster(helpers: list[psutil.Process]) -> psutil.Process | None:
    """The embedded PostgreSQL: its folder is the reaper's argument (it is no child of the build)."""
    for p in helpers:
        cmdline = p.cmdline()
        if "buildkit.reaper" in cmdline:
            pidfile = Path(cmdline[-1]) / "data" / "postmaster.pid"
            return psutil.Process(int(pidfile.read_text().split()[0]))
    return None


@pytest.mark.parametrize(
    "how",
    [
        pytest.param("ctrl-c", id="Ctrl-C: SIGINT to the process group"),
        pytest.param("sigterm", id="SIGTERM to mkdocs"),
    ],
)
def test_stopping_serve_prints_one_line_and_leaves_nothing_running(tmp_path: Path, how: str) -> None:
    site = make_site(tmp_path, {"index.md": page_for(WEB, DB)}, SNIPPETS)
    with _serve(site) as served:
        wait_for(served.url, lambda html: "snippet-output" in html and "200" in html and "True" in html)
        helpers = psutil.Process(served.proc.pid).children(recursive=True)
        server = _postmaster(helpers)
        assert server is not None and server.is_running()
        before = _quiet(served)  # what Ctrl-C prints, not the end of a rebuild under way
        start = time.monotonic()
        if how == "ctrl-c":
            os.killpg(served.proc.pid, signal.SIGINT)  # the terminal signals its foreground job's group
        else:
            served.proc.send_signal(signal.SIGTERM)
        served.proc.wait(60)
        took = time.monotonic() - start
        printed = served.printed()
    assert "Traceback" not in printed and "KeyboardInterrupt" not in printed, printed
    said = [re.sub(r"\s+", " ", line) for line in printed[len(before) :].splitlines() if line.strip()]
    assert said == ["INFO - Shutting down..."], printed
    assert served.proc.returncode == 0, printed
    assert took < 20, f"stopping took {took:.1f} s"
    deadline = time.monotonic() + 10
    while (left := [p for p in [*helpers, server] if _alive(p)]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not left, [p.cmdline() for p in left if _alive(p)]


def _alive(p: psutil.Process) -> bool:
    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


KERNEL_PAGE = """\
---
execute: true
---

# Kernel

```python
import os

print("nonce", os.urandom(8).hex())
```
"""


def _nonce(html: str) -> str:
    found = re.findall(r"nonce ([0-9a-f]{16})", html)
    assert len(found) == 1, html[-3000:]
    return found[0]


def test_a_rebuild_runs_a_kernel_page_again_only_when_it_changed(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"index.md": "# Home\n", "kernel.md": KERNEL_PAGE, "zz.md": "# Other\n"}, {})
    with _serve(site) as served:
        first = _nonce(wait_for(served.url + "kernel/", lambda html: "nonce" in html))
        # Another page saved: a rebuild, the kernel page's cells unchanged (zz.md is built after it)
        (site / "docs" / "zz.md").write_text("# Other\n\nedited once\n", "utf-8")
        wait_for(served.url + "zz/", lambda html: "edited once" in html)
        assert _nonce(wait_for(served.url + "kernel/", lambda html: "nonce" in html)) == first
        # The kernel page saved with a change: its cells run again
        (site / "docs" / "kernel.md").write_text(KERNEL_PAGE + "\nedited\n", "utf-8")
        again = wait_for(served.url + "kernel/", lambda html: "edited" in html)
        assert _nonce(again) != first
        served.proc.terminate()
        served.proc.wait(60)
    printed = served.printed()
    assert "kernel.md: cells unchanged since the last build" in printed, printed


OUTPUT = re.compile(r'<div class="snippet-output[^"]*"[^>]*>.*?</code>', re.S)  # the block, not the listing


def test_runs_that_cannot_start_say_why_on_the_page_and_cause_no_rebuild_loop(tmp_path: Path) -> None:
    """The database never answers: the page first says 「正在运行…」, then why the runs stopped, after
    one rebuild (not one every few seconds, each starting the same failing runs), and a save tries again."""
    site = make_site(tmp_path, {"index.md": page_for(DB)}, SNIPPETS)
    with socket.socket() as silent:  # accepts connections (the kernel does), never answers one
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        nobody = f"postgresql://guide@127.0.0.1:{silent.getsockname()[1]}/guide"
        with _serve(site, DATABASE_URL=nobody) as served:
            first = wait_for(served.url, lambda html: "snippet-output" in html)
            assert "正在运行" in OUTPUT.findall(first)[0]  # the connection is still being tried (5 s)
            html = wait_for(served.url, lambda html: "没有运行" in html)
            blocks = OUTPUT.findall(html)
            assert len(blocks) == 1 and "正在运行" not in blocks[0], blocks
            assert "无法连接" in blocks[0], blocks  # why, as the service says it
            time.sleep(12)  # longer than a fill's rebuild interval: a loop would have rebuilt by now
            printed = served.printed()
            assert printed.count("snippets: stopped:") == 1, printed
            assert printed.count("Building documentation") == 2, printed  # the first build, the one showing why
            (site / "docs" / "index.md").write_text(page_for(DB) + "\n保存一次。\n", "utf-8")
            wait_for(served.url, lambda html: "保存一次" in html)
            deadline = time.monotonic() + 60
            while served.printed().count("snippets: stopped:") < 2 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert served.printed().count("snippets: stopped:") == 2, served.printed()  # the save tried again


SLOW = "snippets/t/slow.py"  # longer than the first build waits for its runs (SERVE_WAIT)
SLOW_KERNEL = KERNEL_PAGE.replace('print("nonce"', 'import time\n\ntime.sleep(6)\nprint("nonce"')


def test_runs_ending_during_the_first_build_are_shown_without_a_save(tmp_path: Path) -> None:
    """The first build waits 2 s for its runs, then goes on (here: a kernel page that computes for
    6 s); the run ends meanwhile, before ``mkdocs serve`` watches anything. The page must still show
    its output, with nobody saving a file: the request for a rebuild is repeated until one reads it."""
    snippets = {SLOW: 'import time\n\ntime.sleep(3)\nprint("slow done")\n'}
    site = make_site(tmp_path, {"index.md": page_for(SLOW), "kernel.md": SLOW_KERNEL}, snippets)
    with _serve(site) as served:
        html = wait_for(served.url, lambda html: "slow done</code>" in html, limit=90)
        assert "正在运行" not in OUTPUT.findall(html)[0]
    printed = served.printed()
    if printed.index("snippets: done") > printed.index("Serving on"):  # a machine so busy the run ended later
        pytest.skip("the run ended after serve began watching: the race this test is about did not happen")

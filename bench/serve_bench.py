"""What a newcomer waits for: ``bash scripts/serve`` on a fresh clone, then the everyday edits.

    python bench/serve_bench.py

Clones this repository into a temp folder (its runs cache empty; the interpreters fetched once per
machine are reused, as on any clone), then measures:

* set-up: ``source scripts/setup`` (.venv, pip, one environment per Python);
* serve: from ``mkdocs serve`` starting to the first page with real output (an output block of the
  main Python, not 「正在运行…」), to that page complete, and to every run done;
* a prose edit: saving a page until the served page has the new sentence (goal ≤ 3 s);
* a snippet edit: saving a snippet until its page shows the new output.

Goal: the first page with real output ≤ 60 s after set-up ends. Times are wall clock on this
machine, as it is; report them with the machine's load.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = "basics/async-await"  # its first snippet runs in a fraction of a second
SNIPPET = "snippets/basics/await_result.py"
# a block with the main Python's output (its other versions may still be running: snippet-pending)
REAL = re.compile(r'<div class="snippet-output[^"]*" data-snippet="[^"]+"[^>]* data-exit="0" data-python="')


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return str(r.read().decode("utf-8"))
    except OSError:
        return ""


def _until(condition: Callable[[], bool], limit: float) -> float:
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > limit:
            sys.exit(f"not within {limit:.0f} s")
        time.sleep(0.2)
    return time.perf_counter() - start


def main() -> None:
    # Started in the background by a shell (``python bench/serve_bench.py &``), this process ignores
    # SIGINT, and so would serve, which inherits that: Ctrl-C below must reach it as a terminal's does.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GUIDE_", "VIRTUAL_ENV"))}
        env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if ".venv" not in p)
        start = time.perf_counter()
        subprocess.run(["bash", "-c", "source scripts/setup"], cwd=clone, env=env, check=True, capture_output=True)
        setup = time.perf_counter() - start

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        url = f"http://127.0.0.1:{port}/{PAGE}/"
        log = (Path(tmp) / "serve.log").open("w")
        start = time.perf_counter()
        serve = subprocess.Popen(
            ["bash", "scripts/serve", "-a", f"127.0.0.1:{port}"],
            cwd=clone,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            served = _until(lambda: _get(url) != "", 300)
            first = _until(lambda: REAL.search(_get(url)) is not None, 300) + served
            complete = _until(lambda: "snippet-pending" not in _get(url), 900) + first
            everything = _until(lambda: "snippets: done" in (Path(tmp) / "serve.log").read_text(), 1800) + complete
            time.sleep(3)  # the rebuild the last runs caused

            page = clone / "docs" / f"{PAGE}.md"
            marker = f"散文编辑{int(time.time())}"
            page.write_text(page.read_text("utf-8") + f"\n{marker}\n", "utf-8")
            prose = _until(lambda: marker in _get(url), 60)

            source = clone / SNIPPET
            token = f"edited-{int(time.time())}"
            text = source.read_text("utf-8").replace("asyncio.run(main())", f'asyncio.run(main())\nprint("{token}")')
            source.write_text(text, "utf-8")
            edit = _until(lambda: f"{token}</code>" in _get(url), 120)  # the output block, not the listing
        finally:
            stopping = time.perf_counter()
            os.killpg(serve.pid, signal.SIGINT)  # Ctrl-C in the terminal
            try:
                serve.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(serve.pid, signal.SIGKILL)
                tail = (Path(tmp) / "serve.log").read_text("utf-8", errors="replace")[-4000:]
                sys.exit(f"mkdocs serve still running 60 s after Ctrl-C; its output ended with:\n{tail}")
            stopped = time.perf_counter() - stopping
        print(f"fresh clone of {ROOT.name}: {setup:.1f} s set-up (source scripts/setup)")
        print(f"mkdocs serve: serving after {served:.1f} s; /{PAGE}/ shows a real output after {first:.1f} s,")
        print(f"  all its outputs after {complete:.1f} s; every run on every Python done after {everything:.1f} s")
        print(f"prose edit shown after {prose:.1f} s; snippet edit shown after {edit:.1f} s")
        print(f"Ctrl-C: serve ended after {stopped:.1f} s")
        total = setup + first
        print(f"first page with real output, from scripts/serve: {total:.1f} s (set-up {setup:.1f} + {first:.1f})")


if __name__ == "__main__":
    main()

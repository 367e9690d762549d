"""A bad snippet can never ship a wrong page: hostile mini-sites built with the real hook/plugin."""

from __future__ import annotations

import os
import re
import socket
import sys
import threading
import time
import uuid
from pathlib import Path

import psutil
import pytest

from buildkit.blocks import output_blocks, outputs
from buildkit.render import visible

from .config import one_python
from .minisite import build, make_site, page_for

pytestmark = pytest.mark.build

S = "snippets/t/bad.py"


def _fails_naming_snippet(proc, *needles: str) -> None:
    assert proc.returncode != 0, proc.stderr
    assert S in proc.stderr, proc.stderr[-3000:]
    for n in needles:
        assert n in proc.stderr, f"{n!r} not in:\n{proc.stderr[-3000:]}"


def _processes_with(marker: str) -> list[str]:
    """Every live process whose command line carries ``marker``."""
    return [
        f"{p.pid}: {' '.join(p.info['cmdline'] or [])}"
        for p in psutil.process_iter(["cmdline"])
        if marker in " ".join(p.info["cmdline"] or [])
    ]


# Each bad snippet gets its own path; one build runs them all (the hook runs every snippet, then
# fails listing each failure with its path, problem and output tail), and each test reads its part.
BAD = {
    "raises": ('print("before the error")\nraise ValueError("boom")\n', {}, "ValueError: boom"),
    "exit-3": ('import sys\nprint("exiting with 3")\nsys.exit(3)\n', {}, "退出状态 3"),
    "os-exit": ('import os\nprint("hard exit", flush=True)\nos._exit(7)\n', {}, "退出状态 7"),
    "signal": (
        'import os, signal\nprint("killing myself", flush=True)\nos.kill(os.getpid(), signal.SIGKILL)\n',
        {},
        "退出状态 -9",
    ),
    "succeeds-but-expected-to-fail": ('print("all good")\n', {"expect_error": True}, "expect_error=True"),
    "unexpected-stderr": ('import warnings\nwarnings.warn("surprise")\nprint("done")\n', {}, "stderr"),
}
HANGING = {
    "sleeps": "import time\ntime.sleep(10_000)  # {m}\n",
    "ignores-sigterm": "import signal, time\n"
    "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "time.sleep(10_000)  # {m}\n",
    "hanging-child": "import subprocess, sys, time\n"
    'subprocess.Popen([sys.executable, "-c", "import time; time.sleep(10_000)", "{m}"])\n'
    "time.sleep(10_000)\n",
    # a child in a session of its own is out of the snippet's process group: killing the group misses it
    "child-leaves-the-group": "import subprocess, sys, time\n"
    'subprocess.Popen([sys.executable, "-c", "import time; time.sleep(10_000)", "{m}"], start_new_session=True)\n'
    "time.sleep(10_000)\n",
}


def _path(name: str) -> str:
    return f"snippets/t/bad_{name.replace('-', '_')}.py"  # prefixed: signal.py would shadow the stdlib


def _page(runs: dict[str, dict]) -> str:
    return "\n".join(page_for(_path(name), **settings).split("\n# Test\n", 1)[-1] for name, settings in runs.items())


def _failure(stderr: str, path: str) -> str:
    """The part of the build's error about one snippet: its line and the output tail under it."""
    lines = stderr.splitlines()
    start = next(i for i, line in enumerate(lines) if f"snippet {path}:" in line)
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("    |")), len(lines))
    return "\n".join(lines[start:end])


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("bad")
    page = "# Test\n" + _page({name: kw for name, (_, kw, _) in BAD.items()})
    site = make_site(tmp, {"index.md": page}, {_path(name): code for name, (code, _, _) in BAD.items()})
    return build(site)


@pytest.mark.parametrize("name", list(BAD))
def test_failing_snippet_fails_the_build_with_its_path_and_tail(bad_build, name: str) -> None:
    code, _, needle = BAD[name]
    assert bad_build.returncode != 0, bad_build.stderr
    part = _failure(bad_build.stderr, _path(name))
    assert needle in part, part
    if 'print("' in code:
        assert code.split('print("', 1)[1].split('"', 1)[0] in part  # the tail of its output is shown
    assert not (Path(bad_build.args[-1]) / "index.html").exists()  # no page was written


@pytest.fixture(scope="module")
def hanging_build(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("hanging")
    markers = {name: f"marker-{uuid.uuid4().hex}" for name in HANGING}
    page = "# Test\n" + _page({name: {"timeout": 2} for name in HANGING})
    snippets = {_path(name): code.replace("{m}", markers[name]) for name, code in HANGING.items()}
    site = make_site(tmp, {"index.md": page}, snippets)
    start = time.monotonic()
    proc = build(site, timeout=240)
    elapsed = time.monotonic() - start
    time.sleep(0.2)
    return proc, elapsed, markers


@pytest.mark.parametrize("name", list(HANGING))
def test_hanging_snippet_fails_within_its_timeout_and_leaves_nothing(hanging_build, name: str) -> None:
    proc, elapsed, markers = hanging_build
    assert proc.returncode != 0, proc.stderr
    failure = _failure(proc.stderr, _path(name))
    assert "超时" in failure
    m = re.search(r"timed out after (\d+\.\d+) s", failure)
    assert m and 2.0 <= float(m[1]) < 3.0, failure  # the runner's own clock: killed at its 2 s timeout
    assert elapsed < 120, elapsed  # the build ended (a hang would run into the 240 s limit)
    assert _processes_with(markers[name]) == []


def test_missing_include_fails_naming_page_and_path(tmp_path: Path) -> None:
    page = '# T\n\n```py title="x"\n--8<-- "snippets/t/missing.py"\n```\n'
    site = make_site(tmp_path, {"broken.md": page}, {})
    proc = build(site)
    assert proc.returncode != 0
    assert "snippets/t/missing.py" in proc.stderr
    assert "broken.md" in proc.stderr


def test_huge_unterminated_and_invalid_output_is_bounded(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "sys.stdout.buffer.write(b'bad bytes: \\xff\\xfe\\n')\n"
        "sys.stdout.write('x' * 50_000_000)  # 50 MB, never a newline\n"
    )
    site = make_site(tmp_path, {"index.md": page_for(S)}, {S: code})
    wrapper = (
        "import resource, sys\n"
        "from mkdocs.__main__ import cli\n"
        "try:\n    cli(sys.argv[1:], standalone_mode=False)\n"
        "finally:\n    print('MAXRSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    )
    import subprocess

    proc = subprocess.run(
        [sys.executable, "-c", wrapper, "build", "--strict", "-d", str(site / "site")],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDE_CACHE_DIR": str(site / ".cache"), **one_python()},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    maxrss_mb = int(proc.stderr.rsplit("MAXRSS", 1)[1].split()[0]) / 1024
    assert maxrss_mb < 400, f"build used {maxrss_mb:.0f} MB for a 50 MB output"
    page = (site / "site" / "index.html").read_text("utf-8")
    assert len(page) < 1_000_000
    shown = outputs(page)[S]
    assert shown.startswith("bad bytes: \ufffd\ufffd\n")
    assert "输出过长，已截断" in shown


def test_hostile_output_is_shown_literally(tmp_path: Path) -> None:
    evil = [
        "<script>alert(1)</script>",
        "**not bold** _not em_ [not a link](http://x)",
        '--8<-- "mkdocs.yml"',
        "{{ config.site_name }} {% if x %}{% endif %}",
        "!!! note",
        "&amp; &lt;",
        "协程对象 事件循环",  # glossary terms: no tooltip inside an output
        "\x1b[31mred\x1b[0m \x07",  # control characters: shown, not passed on raw
    ]
    code = "".join(f"print({line!r})\n" for line in evil)
    site = make_site(tmp_path, {"index.md": page_for(S)}, {S: code})
    proc = build(site)
    assert proc.returncode == 0, proc.stderr[-3000:]
    page = (site / "site" / "index.html").read_text("utf-8")
    assert "<script>alert(1)</script>" not in page and "\x1b" not in page and "\x07" not in page
    assert outputs(page)[S] == visible("\n".join(evil))
    (block,) = output_blocks(page)
    assert block.element.select("abbr") == []


def test_non_loopback_connection_fails_fast(tmp_path: Path) -> None:
    code = (
        "import socket\n"
        'print("connecting")\n'
        + FAILS_AFTER.format('socket.create_connection(("192.0.2.1", 80), timeout=60)')  # TEST-NET-1: would hang
    )
    site = make_site(tmp_path, {"index.md": page_for(S)}, {S: code})
    proc = build(site, timeout=240)
    _fails_naming_snippet(proc, "only loopback is reachable")
    assert _failed_after(proc.stderr) < 5  # measured in the run: refused at once, not after the 60 s timeout


def test_name_lookup_of_public_host_fails_fast(tmp_path: Path) -> None:
    code = "import urllib.request\n" + FAILS_AFTER.format(
        'urllib.request.urlopen("https://httpbin.org/get", timeout=60)'
    )
    site = make_site(tmp_path, {"index.md": page_for(S)}, {S: code})
    proc = build(site, timeout=240)
    _fails_naming_snippet(proc, "only loopback is reachable")
    assert _failed_after(proc.stderr) < 5


# The snippet times its own failing call: a bound on the whole build would also count a busy
# machine's interpreter and MkDocs start-up.
FAILS_AFTER = """\
import sys
import time
t0 = time.perf_counter()
try:
    {}
except OSError as e:
    sys.exit(f"failed after {{time.perf_counter() - t0:.2f}} s: {{e}}")
"""


def _failed_after(stderr: str) -> float:
    m = re.search(r"failed after (\d+\.\d+) s", stderr)
    assert m, stderr[-3000:]
    return float(m[1])


DB_SNIPPET = """\
import asyncio
import os

import asyncpg


async def main() -> None:
    conn = await asyncpg.connect(os.environ.get("DATABASE_URL", "postgresql://postgres@localhost/postgres"))
    print("db:", await conn.fetchval("select current_database() like 'guide_%'"))
    await conn.close()


asyncio.run(main())
"""

HTTP_SNIPPET = """\
import asyncio
import os

import aiohttp

BASE_URL = os.environ.get("HTTPBIN_URL", "https://httpbin.org")


async def main() -> None:
    async with aiohttp.ClientSession() as session, session.get(f"{BASE_URL}/get?x=1") as resp:
        print("http:", resp.status, (await resp.json())["args"])


asyncio.run(main())
"""


def test_database_url_pointing_at_a_closed_port_fails_clearly_and_fast(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends
    site = make_site(tmp_path, {"index.md": page_for(S)}, {S: DB_SNIPPET})
    proc = build(site, timeout=240, DATABASE_URL=f"postgresql://postgres@127.0.0.1:{port}/postgres")
    assert proc.returncode != 0
    assert "DATABASE_URL" in proc.stderr and "无法连接" in proc.stderr


def test_embedded_postgres_that_cannot_start_says_what_to_do(tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "pgserver.py").write_text('raise ImportError("simulated: no PostgreSQL binaries")\n')
    site = make_site(tmp_path / "site", {"index.md": page_for(S)}, {S: DB_SNIPPET})
    proc = build(site, PYTHONPATH=str(broken))
    assert proc.returncode != 0
    assert "pgserver" in proc.stderr and "DATABASE_URL" in proc.stderr


def test_http_port_taken_uses_another_free_port(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        site = make_site(tmp_path, {"index.md": page_for(S)}, {S: HTTP_SNIPPET})
        proc = build(site, GUIDE_HTTP_PORT=str(port))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert outputs((site / "site" / "index.html").read_text("utf-8"))[S] == "http: 200 {'x': '1'}"


def test_two_builds_at_once_do_not_collide(tmp_path: Path) -> None:
    sites = [
        make_site(
            tmp_path / name,
            {"index.md": page_for("snippets/t/query.py", "snippets/t/fetch.py")},
            {"snippets/t/query.py": DB_SNIPPET, "snippets/t/fetch.py": HTTP_SNIPPET},
        )
        for name in ("a", "b")
    ]
    procs: list = [None, None]

    def go(i: int) -> None:
        procs[i] = build(sites[i])

    threads = [threading.Thread(target=go, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for site, proc in zip(sites, procs, strict=True):
        assert proc.returncode == 0, proc.stderr[-3000:]
        blocks = outputs((site / "site" / "index.html").read_text("utf-8"))
        assert blocks == {"snippets/t/query.py": "db: True", "snippets/t/fetch.py": "http: 200 {'x': '1'}"}


def test_failed_build_leaves_the_previous_site_untouched(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"index.md": page_for(S)}, {S: 'print("good")\n'})
    assert build(site).returncode == 0
    good = (site / "site" / "index.html").read_text("utf-8")
    (site / S).write_text('raise SystemExit("broken")\n')
    assert build(site).returncode != 0
    assert (site / "site" / "index.html").read_text("utf-8") == good
    assert sorted(p.name for p in site.iterdir() if p.name.startswith("site")) == ["site"]


def test_messages_name_a_database_url_without_its_password(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under serve the message is shown on the page too: a password in DATABASE_URL never is."""
    from buildkit.services import _where

    for url in (
        "postgresql://guide:s3cret@db.example:5432/guide",
        "postgresql://guide@db/guide?password=s3cret&sslmode=off",
    ):
        monkeypatch.setenv("DATABASE_URL", url)
        shown = _where(url)
        assert "s3cret" not in shown and shown.startswith("DATABASE_URL=postgresql://guide") and "***" in shown, shown
    plain = "postgresql://postgres@127.0.0.1:5432/postgres"
    monkeypatch.setenv("DATABASE_URL", plain)
    assert _where(plain) == f"DATABASE_URL={plain}"  # what the other tests read in the build's errors

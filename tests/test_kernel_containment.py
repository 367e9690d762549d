"""A kernel page is a guest too: a page with ``execute: true`` front matter runs its cells in an
IPython kernel (mkdocs-execute-plugin), and any pull request can add that front matter. Hostile
mini-sites built with the real hooks check that the kernel is contained like a snippet run
(:mod:`buildkit.kernel`), or refused where it cannot be and must be.

Where this machine offers no sandbox (no working bubblewrap) the containment tests skip, saying
so; with CI=true they must run.
"""

from __future__ import annotations

import logging
import os
import random
import re
import socket
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
from bs4 import BeautifulSoup

from buildkit import kernel
from buildkit.sandbox import Sandbox, detect

from .minisite import build, make_site

pytestmark = pytest.mark.build

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

HOSTILE = """\
---
execute: true
---

# Kernel guest

```python
import os
import socket
import subprocess
from pathlib import Path

print("cwd:", os.getcwd())
```

```python
found = 0
for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
    try:
        found += b"GUIDE_TEST_SECRET=" in Path(f"/proc/{{pid}}/environ").read_bytes()
    except OSError:
        pass
print("env:", "GUIDE_TEST_SECRET" in os.environ, "processes with the secret:", found)
```

```python
try:
    Path({planted!r}).write_text("# planted by a kernel cell")
    print("docs: wrote")
except OSError as e:
    print("docs: refused", e.errno)
```

```python
sleeper = subprocess.Popen(["sleep", {sleep!r}], start_new_session=True)
print("sleep: started")
```

```python
try:
    with socket.create_connection(("127.0.0.1", {port}), timeout=3):
        print("network: connected")
except OSError as e:
    print("network: refused", e.errno)
```
"""


@pytest.fixture(scope="module")
def sandbox() -> Sandbox:
    box = detect()
    if not box.bwrap:
        msg = "no working bubblewrap here: apt-get install bubblewrap"
        if CI:
            pytest.fail(msg + " (CI=true requires it)")
        pytest.skip(msg)
    return box


def _sleepers(duration: str) -> list[int]:
    found = []
    for p in psutil.process_iter(["cmdline"]):
        if p.info["cmdline"] == ["sleep", duration]:
            found.append(p.pid)
    return found


@dataclass
class Built:
    html: str
    printed: str  # what the cells printed
    secret: str  # in the build's environment
    planted: Path  # where a cell tried to write, in the site's docs/
    left: list[int]  # pids of the sleeper a cell started, still running after the build
    accepted: int  # connections the test's listener accepted from the cells


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, sandbox: Sandbox):
    """The hostile page, built once."""
    tmp = tmp_path_factory.mktemp("kernel-guest")
    secret = "s3cr3t-" + os.urandom(6).hex()
    planted = tmp / "docs" / "planted.md"
    sleep = f"300.{random.randrange(10**8):08d}"  # a duration no other process has: how it is found
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        page = HOSTILE.format(planted=str(planted), sleep=sleep, port=port)
        site = make_site(tmp, {"index.md": page}, {})
        proc = build(site, GUIDE_TEST_SECRET=secret)
        accepted = 0
        with pytest.raises(TimeoutError):
            while True:
                listener.accept()[0].close()
                accepted += 1
    left = _sleepers(sleep)
    for pid in left:  # the test leaves nothing behind either
        psutil.Process(pid).kill()
    assert proc.returncode == 0, proc.stderr[-3000:]
    html = (site / "site" / "index.html").read_text("utf-8")
    return Built(html, _printed(html), secret, planted, left, accepted)


def _printed(html: str) -> str:
    """What the kernel printed: the page's code blocks other than the cells' Python source."""
    article = BeautifulSoup(html, "html.parser").select_one("article")
    assert article is not None
    blocks = article.select("div.highlight")
    return "".join(div.get_text() for div in blocks if "language-python" not in (div.get("class") or []))


def test_a_kernel_cell_sees_no_secret_of_the_build(hostile: Built) -> None:
    assert "env: False processes with the secret: 0" in hostile.printed  # neither its environment nor /proc
    assert hostile.secret not in hostile.html


def test_a_kernel_cell_cannot_write_into_docs(hostile: Built) -> None:
    assert "docs: refused" in hostile.printed and "docs: wrote" not in hostile.printed, hostile.printed
    assert not hostile.planted.exists()


def test_nothing_a_kernel_cell_started_outlives_the_build(hostile: Built) -> None:
    assert "sleep: started" in hostile.printed, hostile.printed  # it did start
    assert hostile.left == [], f"still running after the build: {hostile.left}"


def test_a_kernel_cell_cannot_reach_the_hosts_network(hostile: Built) -> None:
    assert "network: refused" in hostile.printed and "network: connected" not in hostile.printed, hostile.printed
    assert hostile.accepted == 0


def test_the_kernels_folder_is_removed(hostile: Built) -> None:
    m = re.search(r"cwd: (\S+)", hostile.printed)
    assert m, hostile.printed
    assert not Path(m[1]).exists()


def _without(tool: str, folder: Path) -> str:
    """A PATH like this one where ``tool`` cannot be found: every other program of its folders,
    linked into ``folder``."""
    folder.mkdir()
    for entry in os.environ["PATH"].split(os.pathsep):
        if not Path(entry).is_dir():
            continue
        for program in Path(entry).iterdir():
            link = folder / program.name
            if program.name != tool and not link.exists():
                link.symlink_to(program)
    return str(folder)


def test_without_a_sandbox_where_containment_is_required_the_page_fails_the_build(tmp_path: Path) -> None:
    ran = tmp_path / "ran.txt"
    page = f'---\nexecute: true\n---\n\n# Kernel\n\n```python\nopen({str(ran)!r}, "w").close()\n```\n'
    site = make_site(tmp_path / "site", {"index.md": page}, {})
    started = time.time()
    proc = build(site, PATH=_without("bwrap", tmp_path / "bin"), GUIDE_CONTAINMENT="required")
    assert proc.returncode != 0
    lines = [line for line in proc.stderr.splitlines() if "index.md" in line and "bubblewrap" in line]
    assert len(lines) == 1, proc.stderr[-3000:]
    assert "execute: true" in lines[0]
    assert not ran.exists()  # no cell ran
    assert time.time() - started < 120


def test_containment_is_required_in_ci_or_when_asked() -> None:
    assert kernel.required({"CI": "true"}) and kernel.required({"CI": "1"})
    assert kernel.required({"GUIDE_CONTAINMENT": "required"})
    assert not kernel.required({}) and not kernel.required({"CI": "false"})
    assert not kernel.required({"CI": "true", "GUIDE_CONTAINMENT": "best-effort"})


def test_without_a_sandbox_elsewhere_the_kernel_runs_saying_so_once(caplog: pytest.LogCaptureFixture) -> None:
    box = Sandbox(bwrap=None, prlimit=None, pids_root=None)
    kernel._warn_uncontained.cache_clear()
    with caplog.at_level(logging.WARNING, logger="mkdocs.buildkit"):
        kernel.check(box, {})
        kernel.check(box, {})
    assert [r.getMessage() for r in caplog.records if "kernel pages" in r.getMessage()] == [
        "kernel pages: no working bubblewrap, the IPython kernel runs outside a sandbox "
        "(own folder and allow-listed environment only; it can write elsewhere and reach the network)"
    ]
    with pytest.raises(kernel.ContainmentUnavailable):
        kernel.check(box, {"CI": "true"})

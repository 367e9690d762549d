"""What the Jupyter page claims, checked against what the IPython kernel printed while building it.

The page's cells run in mkdocs-execute-plugin's kernel (they need its running event loop and top-level
await, so pytest-codeblocks cannot run them: they are exempted with that reason, and this is their test).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def cells(built_site: Path) -> list[tuple[str, str]]:
    """(source, output) of each kernel cell, in page order: a cell's Python source, then what it printed."""
    soup = BeautifulSoup((built_site / "apps" / "jupyter" / "index.html").read_text("utf-8"), "html.parser")
    article = soup.select_one("article")
    assert article is not None
    out: list[tuple[str, str]] = []
    for div in article.select("div.highlight"):
        if "language-python" in (div.get("class") or []) or "language-py" in (div.get("class") or []):
            out.append((div.get_text(), ""))  # a cell's source (highlighted as Python)
        elif out:
            source, printed = out[-1]
            out[-1] = (source, printed + div.get_text())  # what the kernel printed for it
    return out


def output_of(cells: list[tuple[str, str]], marker: str) -> str:
    found = [output for source, output in cells if marker in source]
    assert len(found) == 1, f"no single cell containing {marker!r}"
    return found[0]


def test_the_kernel_already_runs_an_event_loop(cells) -> None:
    assert re.fullmatch(r"_UnixSelectorEventLoop 正在运行: True\n", output_of(cells, "get_running_loop()"))


def test_top_level_await_shows_the_value(cells) -> None:
    assert output_of(cells, "await main()").strip() == "'完成'"


def test_asyncio_run_fails_inside_the_running_loop(cells) -> None:
    assert output_of(cells, "asyncio.run(coro)").strip() == (
        "RuntimeError: asyncio.run() cannot be called from a running event loop"
    )


def test_a_background_task_runs_between_and_during_cells(cells) -> None:
    assert output_of(cells, "create_task(ticker())").strip() == "任务已创建，单元格结束"
    m = re.fullmatch(r"0\.5 秒里记录了 (\d+) 次\n", output_of(cells, "await asyncio.sleep(0.5)"))
    assert m and 2 <= int(m[1]) <= 6  # one every 0.1 s (fewer only if the machine stalls the kernel)


def test_blocking_stops_the_loop_and_to_thread_does_not(cells) -> None:
    lines = [line for line in output_of(cells, "asyncio.to_thread(time.sleep").splitlines() if line.strip()]
    assert lines[0] == "time.sleep(0.5) 期间记录了 0 次"
    m = re.fullmatch(r"to_thread 期间记录了 (\d+) 次", lines[1])
    assert m and 2 <= int(m[1]) <= 6  # the loop kept running: not 0
    assert lines[2] == "取消后台任务： True"


def test_no_warning_or_error_output_from_the_kernel(cells) -> None:
    for source, output in cells:
        assert "Warning" not in output and "Traceback" not in output, (source, output)

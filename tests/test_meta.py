"""Under each output: a download link to the very file, the Python it needs, the packages to install."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from buildkit.blocks import output_blocks
from buildkit.meta import needs

from .config import ROOT, SITE


def pins() -> dict[str, str]:
    lines = [
        line
        for f in ("requirements.txt", "requirements-snippets.txt")
        for line in (ROOT / f).read_text("utf-8").splitlines()
    ]
    return {n.lower(): v for line in lines if "==" in line for n, v in [line.split("#")[0].strip().split("==")]}


@pytest.mark.parametrize(
    ("code", "python", "because"),
    [
        ("import asyncio\n\nasyncio.run(asyncio.sleep(0))\n", "3.7", "asyncio.run"),
        (
            "import asyncio\n\nasync def main():\n    async with asyncio.TaskGroup():\n        pass\n",
            "3.11",
            "TaskGroup",
        ),
        ("import asyncio\n\nasync def main():\n    async with asyncio.timeout(1):\n        pass\n", "3.11", "timeout"),
        ("import contextlib\n\ncontextlib.aclosing\n", "3.10", "aclosing"),
    ],
)
def test_minimum_python_and_why(tmp_path: Path, code: str, python: str, because: str) -> None:
    (tmp_path / "s.py").write_text(code, "utf-8")
    n = needs(tmp_path / "s.py")
    assert n is not None
    assert n.python == python
    assert any(because in b for b in n.because), n.because


def test_packages_are_third_party_imports_at_their_installed_version(tmp_path: Path) -> None:
    (tmp_path / "helper.py").write_text("X = 1\n", "utf-8")
    code = "import asyncio\nimport json\nfrom helper import X\nimport aiohttp\nfrom asyncpg import connect\n"
    (tmp_path / "s.py").write_text(code, "utf-8")
    n = needs(tmp_path / "s.py")
    assert n is not None
    assert dict(n.packages) == {"aiohttp": pins()["aiohttp"], "asyncpg": pins()["asyncpg"]}


def test_unparsable_code_has_no_needs(tmp_path: Path) -> None:
    (tmp_path / "s.py").write_text("def broken(:\n", "utf-8")
    assert needs(tmp_path / "s.py") is None


@pytest.mark.build
def test_every_output_links_the_very_file_and_says_what_it_needs(built_site: Path) -> None:
    newest = SITE.pythons[0].version[:2]
    seen = 0
    for page in built_site.rglob("index.html"):
        for block in output_blocks(page.read_text("utf-8")):
            path = block.path
            links = block.element.select(".snippet-needs a.snippet-download")
            python = block.element.select_one(".snippet-needs .snippet-python")
            assert links and python is not None, f"{page}: {block.command} has no download line"
            folder = path.rsplit("/", 1)[0]
            files = [path, *(f"{folder}/{a}" for a in block.args if a.endswith(".py"))]  # check.py starter.py
            assert [link["download"] for link in links] == [Path(f).name for f in files]
            for link, file in zip(links, files, strict=True):
                target = (page.parent / str(link["href"])).resolve()
                assert target == (built_site / file).resolve(), (page, link["href"])
                assert target.read_bytes() == (ROOT / file).read_bytes(), file
            minimum = re.fullmatch(r"需要 Python ≥ ([\d.]+)", python.get_text())
            assert minimum, python.get_text()
            assert tuple(map(int, minimum[1].split("."))) <= newest, f"{path} ran on {newest}: it cannot need newer"
            packages = block.element.select_one(".snippet-needs .snippet-packages")
            for dist, version in re.findall(r"([\w-]+)==([\w.]+)", packages.get_text() if packages else ""):
                assert pins().get(dist.lower()) == version, f"{path}: {dist}=={version} is not the pin"
            seen += 1
    assert seen >= 100, seen

"""Under each output: a download link to the very file, the Python it needs, the packages to install."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import pytest

from guide.html import output_blocks
from guide.meta import needs
from guide.runner import ROOT

NEEDS = re.compile(
    r'<div class="snippet-output" data-snippet="(?P<path>[^"]+)"[^>]*>.*?'
    r'<p class="snippet-needs"><a class="snippet-download" href="(?P<href>[^"]+)" download="(?P<name>[^"]+)">'
    r".*?需要 Python ≥ (?P<python>[\d.]+)</span>(?P<rest>.*?)</p></div>",
    re.S,
)


def pins() -> dict[str, str]:
    lines = (ROOT / "requirements.txt").read_text("utf-8").splitlines()
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


def test_a_guarded_newer_feature_that_ran_here_needs_no_newer_python(tmp_path: Path) -> None:
    code = 'import asyncio\n\nif hasattr(asyncio, "eager_task_factory"):\n    print(asyncio.eager_task_factory)\n'
    (tmp_path / "s.py").write_text(code, "utf-8")
    assert needs(tmp_path / "s.py").python == "3.12"  # what the code alone says
    here = "{}.{}".format(*sys.version_info[:2])
    assert needs(tmp_path / "s.py", ran=True).python == min("3.12", here, key=lambda v: tuple(map(int, v.split("."))))


def test_packages_are_third_party_imports_at_their_installed_version(tmp_path: Path) -> None:
    (tmp_path / "helper.py").write_text("X = 1\n", "utf-8")
    code = "import asyncio\nimport json\nfrom helper import X\nimport aiohttp\nfrom asyncpg import connect\n"
    (tmp_path / "s.py").write_text(code, "utf-8")
    n = needs(tmp_path / "s.py")
    assert n is not None
    assert dict(n.packages) == {"aiohttp": pins()["aiohttp"], "asyncpg": pins()["asyncpg"]}
    assert n.ran_on == "{}.{}.{}".format(*sys.version_info[:3])


def test_unparsable_code_has_no_needs(tmp_path: Path) -> None:
    (tmp_path / "s.py").write_text("def broken(:\n", "utf-8")
    assert needs(tmp_path / "s.py") is None


@pytest.mark.build
def test_every_output_links_the_very_file_and_says_what_it_needs(built_site: Path) -> None:
    here = sys.version_info[:2]
    seen = 0
    for page in built_site.rglob("index.html"):
        text = page.read_text("utf-8")
        blocks = output_blocks(text)
        found = {m["path"]: m for m in NEEDS.finditer(text)}
        assert set(found) == set(blocks), f"{page}: output blocks without a download line"
        for command, m in found.items():
            path, *args = command.split(" ")  # "snippets/x/check.py starter.py": the run names more files
            for extra in (f"{path.rsplit('/', 1)[0]}/{a}" for a in args if a.endswith(".py")):
                name = Path(extra).name
                href = re.search(rf'<a class="snippet-download" href="([^"]+)" download="{re.escape(name)}">', m[0])
                assert href, f"{page}: no download link for {extra}"
                linked = (page.parent / html.unescape(href[1])).resolve()
                assert linked == (built_site / extra).resolve(), (page, href[1])
                assert linked.read_bytes() == (ROOT / extra).read_bytes(), extra
            target = (page.parent / html.unescape(m["href"])).resolve()
            assert target == (built_site / path).resolve(), (page, m["href"])
            assert target.read_bytes() == (ROOT / path).read_bytes(), path
            assert m["name"] == Path(path).name
            assert tuple(map(int, m["python"].split("."))) <= here, f"{path} ran here, so it cannot need newer"
            for dist, version in re.findall(r"([\w-]+)==([\w.]+)", m["rest"]):
                assert pins().get(dist.lower()) == version, (
                    f"{path}: {dist}=={version} is not what requirements.txt pins"
                )
            seen += 1
    assert seen >= 100, seen

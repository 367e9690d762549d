"""What the 测试异步代码 page claims, checked against the real runs."""

from __future__ import annotations

import re

from buildkit.model import version_key

from ..config import ROOT


def test_isolated_asyncio_test_case_runs_each_test_on_a_fresh_loop(run):
    r = run("snippets/testing/unittest_case.py")
    lines = r.lines
    names = ("test_price", "test_state_is_fresh", "test_unknown_item")  # alphabetical: unittest's order
    qualified = "" if r.version < (3, 11) else ".{}"  # the page's changes: 3.11 added the method's name
    assert lines[:3] == [f"{name} (__main__.PriceTest{qualified.format(name)}) ... ok" for name in names]
    assert "Ran 3 tests" in lines and "OK" in lines
    assert lines[-1] == "退出状态 0"
    assert not any(re.search(r"\d+\.\d+s", line) for line in lines)  # timings stripped


def test_pytest_asyncio_runs_marked_tests_and_fails_an_unmarked_one(run):
    r = run("snippets/testing/pytest_fixture.py")
    assert r.lines[0].startswith("..F ")
    assert "async def functions are not natively supported." in r.output
    assert "test_forgot_the_marker" in r.output
    assert r.lines[-2:] == ["1 failed, 2 passed", "退出状态 1"]
    assert "Warning" not in r.output  # asyncio_default_fixture_loop_scope set: no start-up warning


def test_fixture_on_another_loop_is_the_different_loop_error(run):
    r = run("snippets/testing/loop_scope.py")
    assert r.lines[0].startswith("F.E ")  # test_function_loop fails, test_module_loop passes, test_scope_only errs
    assert "RuntimeError: Task <Task …> got Future <Future pending> attached to a different loop" in r.output
    assert any(line.startswith("FAILED test_conn.py::test_function_loop - RuntimeError") for line in r.lines)
    assert "test_module_loop" not in r.output.split("short test summary info")[1]
    # scope="module" without loop_scope, under asyncio_default_fixture_loop_scope = function: no fixture
    assert any(line.startswith("ERROR test_conn.py::test_scope_only - Failed: ScopeMismatch") for line in r.lines)
    assert "ScopeMismatch: You tried to access the function scoped fixture" in r.output
    assert r.lines[-1] == "1 failed, 1 passed, 1 error"
    assert " at 0x" not in r.output


def test_async_mock_and_a_fast_timeout(run):
    r = run("snippets/testing/async_mock.py")
    lines = r.lines
    assert lines[:3] == ["正常返回: 3.5", "await 次数: 1", "side_effect 抛出: 连接被重置"]
    m = re.fullmatch(r"超时返回: None，用时 (\d+\.\d\d) 秒", lines[3])
    assert m and 0.04 <= float(m[1]) < 0.5  # the small test limit, not the 10 s default
    if version_key(r.python) >= (3, 14):  # the page's changes: CPython reworded the message
        assert lines[4] == "MagicMock: 'float' object can't be awaited"
    else:
        assert lines[4] == "MagicMock: object float can't be used in 'await' expression"
    assert len(lines) == 5


def test_pinned_pytest_asyncio_supports_loop_scope() -> None:
    import pytest_asyncio

    pins = dict(
        line.split("#")[0].strip().split("==")
        for line in (ROOT / "requirements-snippets.txt").read_text().splitlines()
        if "==" in line
    )
    assert pins["pytest-asyncio"] == pytest_asyncio.__version__
    major, minor = (int(x) for x in pytest_asyncio.__version__.split(".")[:2])
    assert (major, minor) >= (0, 24)  # loop_scope arrived in 0.24
    page = (ROOT / "docs/deep/testing.md").read_text(encoding="utf-8")
    assert f"本站固定使用 {pytest_asyncio.__version__}" in page

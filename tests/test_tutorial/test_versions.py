"""What the 版本变化 page claims, checked against the real runs and against this interpreter.

The API table is checked two ways: every row's "introduced in" version must agree with what this
Python actually has (present if the version is <= this one, absent if newer), and every asyncio name
used anywhere on the site (docs/ and snippets/) must have a row.
"""

from __future__ import annotations

import asyncio
import builtins
import importlib
import re
import sys

import pytest

from ..config import ROOT

PAGE = ROOT / "docs/reference/versions.md"
HERE = sys.version_info[:2]
ROW = re.compile(r"^\| `(?P<api>[^`]+)` \| (?P<major>\d)\.(?P<minor>\d+) \|", re.M)
IDENT = re.compile(r"^[A-Za-z_][\w.]*$")
USED = re.compile(r"(?<![\w.])asyncio(?:\.[A-Za-z_]\w*)+")
LOOP_USED = re.compile(r"(?<![\w.])loop\.([a-z][a-z_]*)")


def table() -> dict[str, tuple[int, int]]:
    rows = {m["api"].removesuffix("()"): (int(m["major"]), int(m["minor"])) for m in ROW.finditer(PAGE.read_text())}
    assert len(rows) > 40
    return rows


def resolvable(name: str) -> bool:
    """Does this interpreter have ``name`` (asyncio.X.Y, loop.x, contextlib.x, a builtin)?"""
    head, *rest = name.split(".")
    if head == "loop":
        loop = asyncio.new_event_loop()
        try:
            return hasattr(loop, rest[0])
        finally:
            loop.close()
    try:
        obj: object = importlib.import_module(head)
    except ImportError:
        obj = builtins
        rest = [head, *rest]
    for part in rest:
        if not hasattr(obj, part):
            return False
        obj = getattr(obj, part)
    return True


@pytest.mark.parametrize(("api", "version"), sorted(table().items()))
def test_introduced_version_agrees_with_this_python(api: str, version: tuple[int, int]) -> None:
    assert IDENT.match(api), api
    expected = version <= HERE
    assert resolvable(api) is expected, f"{api}: the table says {version}, this is Python {HERE}"


def _site_files():
    yield from sorted((ROOT / "docs").rglob("*.md"))
    yield from sorted((ROOT / "snippets").rglob("*.py"))


def test_every_asyncio_api_used_on_the_site_has_a_row() -> None:
    rows = table()
    missing: dict[str, str] = {}
    for path in _site_files():
        text = path.read_text("utf-8")
        for m in USED.finditer(text):
            parts = [p for p in m[0].split(".") if not p.startswith("__")]
            # covered when the name or one of its prefixes (asyncio.Task for asyncio.Task.get_name) has a row
            covered = any(".".join(parts[:n]) in rows for n in range(2, len(parts) + 1))
            if len(parts) > 1 and not covered and resolvable(".".join(parts)):  # a real API, not "asyncio.py"
                missing.setdefault(".".join(parts), path.relative_to(ROOT).as_posix())
        for m in LOOP_USED.finditer(text):
            name = f"loop.{m[1]}"
            if name not in rows and resolvable(name):
                missing.setdefault(name, path.relative_to(ROOT).as_posix())
    assert missing == {}, "add these to the table in docs/reference/versions.md"


def test_the_table_resolver_can_say_no() -> None:
    assert not resolvable("asyncio.no_such_thing")
    assert not resolvable("loop.no_such_method")
    assert resolvable("asyncio.Queue.put") and resolvable("loop.call_soon") and resolvable("aiter")


def version_of(r) -> tuple[int, int]:
    """The (major, minor) of the Python that made this run (``r.version`` once runs are per interpreter)."""
    return getattr(r, "version", HERE)


def patch_version_of(r) -> tuple[int, int, int]:
    """The full version of the Python that made this run (``r.python``, e.g. "3.13.0", once per interpreter)."""
    python = getattr(r, "python", None)
    if python is None:
        return sys.version_info[:3]
    major, minor, micro = (int(p) for p in python.split(".")[:3])
    return major, minor, micro


def test_feature_check_matches_the_versions_it_prints(run):
    r = run("snippets/versions/feature_check.py")
    here = version_of(r)
    rows = table()
    seen = {}
    for line in r.lines:
        name, since, mark = line.split()
        major, minor = since.removesuffix("+").split(".")
        seen[name] = ((int(major), int(minor)), mark)
    assert len(seen) == 7
    for name, (since, mark) in seen.items():
        assert rows[name] == since, f"{name}: the snippet says {since}, the table {rows[name]}"
        assert mark == ("有" if since <= here else "没有"), name
    # the page's changes: 3.11 adds the first three, 3.12 the fourth, 3.13 the fifth; 3.14 and 3.15 in prose only
    have = sum(m == "有" for _, m in seen.values())
    assert have == {(3, 10): 0, (3, 11): 3, (3, 12): 4, (3, 13): 5}.get(here, have), (here, have)


def test_timeout_error_is_the_builtin_from_3_11(run):
    r = run("snippets/versions/timeout_error.py")
    if version_of(r) >= (3, 11):
        assert r.lines == [
            "asyncio.TimeoutError is TimeoutError: True",
            "except TimeoutError 捕获了 builtins.TimeoutError",
        ]
    else:  # the page: on 3.10 only the second except catches it
        assert r.lines == [
            "asyncio.TimeoutError is TimeoutError: False",
            "except TimeoutError 没有捕获 asyncio.exceptions.TimeoutError",
        ]


def test_runner_reuses_one_loop_and_asyncio_run_does_not(run):
    assert run("snippets/versions/runner.py").lines == [
        "两次 asyncio.run(): 同一个事件循环? False",
        "同一个 Runner 的两次 run(): 同一个事件循环? True",
        "调试模式: True",
        "with 结束后循环已关闭: True",
    ]


def test_eager_tasks_finish_inside_create_task_only_with_the_eager_factory(run):
    r = run("snippets/versions/eager_tasks.py")
    eager = version_of(r) >= (3, 12)  # the page: 3.10, 3.11 have no eager_task_factory
    assert r.lines[0].startswith("使用 eager_task_factory" if eager else "没有 eager_task_factory")
    assert r.lines[1] == f"create_task() 返回时，任务已经完成? {eager}"
    assert r.lines[2] == "结果: 42.0"


def test_get_event_loop_without_a_loop(run):
    r = run("snippets/versions/get_event_loop.py")
    version = patch_version_of(r)
    created = "get_event_loop(): 新建了一个 _UnixSelectorEventLoop"
    if version >= (3, 14):  # the page: RuntimeError (no 3.14 on the build machine yet)
        assert r.lines[0] == "get_event_loop(): RuntimeError: There is no current event loop in thread 'MainThread'."
    elif version >= (3, 12):  # the page: a new loop and a DeprecationWarning
        assert r.lines[:2] == [created, "get_event_loop(): DeprecationWarning: There is no current event loop"]
    elif version >= (3, 11, 2) or (3, 10, 10) <= version < (3, 11):  # the page: a new loop, silently
        assert r.lines[:2] == [created, "get_event_loop(): 没有警告"]
    assert r.lines[-1] == "协程里 get_running_loop() 可用: True"


def test_loop_factory_picks_the_loop_class(run):
    assert run("snippets/versions/loop_factory.py").lines == ["正在运行的事件循环: MyEventLoop"]

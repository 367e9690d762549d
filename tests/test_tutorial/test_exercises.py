"""The exercises (snippets/exercises/<name>/): each check fails the starter and passes the solution.

Every folder holds starter.py (what the reader edits), solution.py and check.py; the pages show
``python check.py starter.py`` (fails, exit 1) and ``python check.py solution.py`` (passes). Beyond the
page's runs: a folder copied out of the repository works on its own, checks judge behaviour (a
"cheat" that only prints or returns the expected values fails), and the alternatives a page names
as correct pass while the mistakes it names fail.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
from contextlib import AsyncExitStack
from pathlib import Path

import pytest

from ..config import ROOT, mkdocs_yml, pages

EXERCISES = ROOT / "snippets" / "exercises"
NAMES = sorted(p.name for p in EXERCISES.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
FILES = {"starter.py", "solution.py", "check.py"}


def check_of(name: str) -> str:
    return f"snippets/exercises/{name}/check.py"


def crosses(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("✗")]


def ticks(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("✓")]


# -- the runs the pages show ---------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_check_fails_the_starter(run, name):
    r = run(check_of(name), "starter.py")
    assert r.returncode == 1
    assert crosses(r.output), r.output  # says what is still wrong
    assert r.lines[-1] == f"还有 {len(crosses(r.output))} 项没有通过。"
    assert "Traceback" not in r.output  # the starter runs; the check judges it, it does not crash


@pytest.mark.parametrize("name", NAMES)
def test_check_passes_the_solution(run, name):
    r = run(check_of(name), "solution.py")
    assert r.returncode == 0
    assert crosses(r.output) == []
    assert len(ticks(r.output)) >= 2
    assert r.lines[-1] == "全部通过！"


def test_starter_and_solution_are_judged_on_the_same_checks(run):
    for name in NAMES:
        starter, solution = run(check_of(name), "starter.py"), run(check_of(name), "solution.py")
        assert len(ticks(starter.output)) + len(crosses(starter.output)) == len(ticks(solution.output)), name


# -- layout ------------------------------------------------------------------------------


def test_every_exercise_folder_has_exactly_its_three_files() -> None:
    assert len(NAMES) >= 12
    for name in NAMES:
        files = {p.name for p in (EXERCISES / name).iterdir() if p.name != "__pycache__"}
        assert files == FILES, name
    assert {p.name for p in EXERCISES.iterdir()} == set(NAMES)  # nothing but exercise folders


def test_every_exercise_is_on_a_page_with_both_runs_and_its_check() -> None:
    runs = {(s.path, *s.args): s for p in pages() for s in p.specs}
    includes = {inc for p in pages() for inc in p.includes}
    for name in NAMES:
        assert runs[(check_of(name), "starter.py")].expect_error, name
        assert not runs[(check_of(name), "solution.py")].expect_error, name
        assert {f"snippets/exercises/{name}/{f}" for f in FILES} <= includes, name


def test_every_nav_part_has_exercises() -> None:
    config = mkdocs_yml()
    parts = {next(iter(item)): next(iter(item.values())) for item in config["nav"] if isinstance(item, dict)}
    by_path = {p.path.relative_to(ROOT / "docs").as_posix(): p for p in pages()}
    for part in ("入门", "进阶", "实际应用", "深入"):
        shown = [
            s.path for page in parts[part] if page in by_path for s in by_path[page].specs if "/exercises/" in s.path
        ]
        assert shown, f"no exercise in nav part {part}"


def test_each_starter_ends_with_asyncio_run_main() -> None:
    for name in NAMES:
        for f in ("starter.py", "solution.py"):
            assert (EXERCISES / name / f).read_text("utf-8").rstrip().endswith("asyncio.run(main())"), (name, f)


# -- a folder copied out of the repository ---------------------------------------------------


async def _python(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[int, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        *args,
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await asyncio.wait_for(proc.communicate(), 60)
    return proc.returncode or 0, out.decode()


async def _service_env(services, name: str, stack: AsyncExitStack) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("HTTPBIN_URL", "DATABASE_URL", "PYTHONPATH")}
    env["PYTHONIOENCODING"] = "utf-8"
    source = (EXERCISES / name / "check.py").read_text("utf-8")
    if "HTTPBIN_URL" in source:
        env["HTTPBIN_URL"] = await asyncio.to_thread(services.http_url)
    if "DATABASE_URL" in source:
        env["DATABASE_URL"] = await stack.enter_async_context(services.database())
    return env


@pytest.mark.parametrize("name", NAMES)
def test_a_copied_folder_works_on_its_own(services, tmp_path, name):
    """``python check.py solution.py`` from the copied folder passes; starter and solution run (exit 0)."""
    folder = tmp_path / name
    shutil.copytree(EXERCISES / name, folder)

    async def main() -> tuple[tuple[int, str], tuple[int, str], tuple[int, str]]:
        async with AsyncExitStack() as stack:
            env = await _service_env(services, name, stack)
            return await asyncio.gather(
                _python(["check.py", "solution.py"], folder, env),
                _python(["starter.py"], folder, env),
                _python(["solution.py"], folder, env),
            )

    (check_rc, check_out), (starter_rc, starter_out), (solution_rc, solution_out) = asyncio.run(main())
    assert check_rc == 0, check_out
    assert check_out.splitlines()[-1] == "全部通过！"
    assert starter_rc == 0, starter_out  # the starter runs; it just misses the goal
    assert solution_rc == 0, solution_out
    assert "Traceback" not in starter_out + solution_out


# -- checks judge behaviour: cheats fail, the alternatives the pages name are judged as claimed ----

# (exercise, base file, replacements, passes?, a ✗ line must contain this (for a failing variant))
VARIANTS: dict[str, tuple[str, str, list[tuple[str, str]], bool, str]] = {
    # cheats: print or return what the goal expects, without doing it
    "gather3-cheat": (
        "gather3",
        "starter.py",
        [
            (
                '    results = [\n        await say_after(1, "一"),\n        await say_after(1.5, "二"),\n'
                '        await say_after(2, "三"),\n    ]\n',
                '    await asyncio.sleep(2)\n    results = ["一", "二", "三"]\n    print(*results, sep="\\n")\n',
            )
        ],
        False,
        "say_after",
    ),
    "lost_task-cheat": (
        "lost_task",
        "starter.py",
        [
            (
                "        asyncio.create_task(save(item))  # 既没有保存任务的引用，也没有等待它\n",
                '        print(f"已保存 {item}")\n',
            )
        ],
        False,
        "三次保存",
    ),
    "return_exceptions-cheat": (
        "return_exceptions",
        "starter.py",
        [("        return []\n", '        return ["甲 的内容", ValueError("坏乙 下载失败"), "丙 的内容"]\n')],
        False,
        "fetch_all",
    ),
    "timeout-cheat": (
        "timeout",
        "starter.py",
        [("    return await slow_query()\n", "    await asyncio.sleep(seconds)\n    return None\n")],
        False,
        "取消",
    ),
    "callback_future-cheat": (
        "callback_future",
        "starter.py",
        [
            (
                '    return b""  # 还没等到 on_done 就返回了\n',
                '    await asyncio.sleep(0.5)\n    return f"{name} 的内容".encode()\n',
            )
        ],
        False,
        "download",
    ),
    "http_session-cheat": (
        "http_session",
        "starter.py",
        [
            (
                "    return [await fetch_json(url) for url in urls]\n",
                '    await asyncio.sleep(0.5)\n    return [{"args": {"page": str(i)}} for i in range(len(urls))]\n',
            )
        ],
        False,
        "JSON",
    ),
    "db_pool-cheat": ("db_pool", "starter.py", [("        return []\n", "        return [1, 2]\n")], False, "结果"),
    "cancel_cleanup-cheat": (
        "cancel_cleanup",
        "starter.py",
        [('    print(f"打开着的连接：{Connection.open_count}")\n', '    print("打开着的连接：0")\n')],
        False,
        "连接没有关闭",
    ),
    "taskgroup_failfast-cheat": (
        "taskgroup_failfast",
        "starter.py",
        [
            (
                '    return await asyncio.gather(job("下载", 2), job("解析", 0.3, fail=True), job("上传", 2))\n',
                '    await asyncio.sleep(0.3)\n    raise RuntimeError("解析 失败")\n',
            )
        ],
        False,
        "run_jobs 应该抛出",
    ),
    "crawler_limit-cheat": (
        "crawler_limit",
        "starter.py",
        [
            (
                "        return await asyncio.gather(*(fetch(session, url) for url in urls))\n",
                "        await asyncio.sleep(0.9)\n        return [404 if 'status' in url else 200 for url in urls]\n",
            )
        ],
        False,
        "最大并发 0",
    ),
    "queue_backpressure-one-at-a-time": (  # no queue, no consumers: bounded lead, clean exit, but one at a time
        "queue_backpressure",
        "starter.py",
        [
            (
                "    for i in range(n):\n        await queue.put(make_item(i))\n    await queue.join()\n",
                "    for c in consumers:\n        c.cancel()\n"
                "    for i in range(n):\n        await handle(make_item(i))\n",
            )
        ],
        False,
        "两个消费者",
    ),
    "to_thread-cheat": (
        "to_thread",
        "starter.py",
        [("    return read_config()\n", '    await asyncio.sleep(1)\n    return "配置内容"\n')],
        False,
        "read_config() 的结果",
    ),
    # what the pages say about other solutions and about common mistakes
    "gather3-create_task": (
        "gather3",
        "starter.py",
        [
            (
                '    results = [\n        await say_after(1, "一"),\n        await say_after(1.5, "二"),\n'
                '        await say_after(2, "三"),\n    ]\n',
                '    tasks = [asyncio.create_task(say_after(d, m)) for d, m in [(1, "一"), (1.5, "二"), (2, "三")]]\n'
                "    results = [await t for t in tasks]\n",
            )
        ],
        True,
        "",
    ),
    "lost_task-sequential": (
        "lost_task",
        "starter.py",
        [
            (
                "        asyncio.create_task(save(item))  # 既没有保存任务的引用，也没有等待它\n",
                "        await save(item)\n",
            )
        ],
        False,
        "同时进行",
    ),
    "lost_task-taskgroup": (
        "lost_task",
        "starter.py",
        [
            (
                '    for item in ["a", "b", "c"]:\n        asyncio.create_task(save(item))'
                "  # 既没有保存任务的引用，也没有等待它\n",
                '    async with asyncio.TaskGroup() as tg:\n        for item in ["a", "b", "c"]:\n'
                "            tg.create_task(save(item))\n",
            )
        ],
        True,
        "",
    ),
    "timeout-wait_for": (
        "timeout",
        "starter.py",
        [
            (
                "    return await slow_query()\n",
                "    try:\n        return await asyncio.wait_for(slow_query(), seconds)\n"
                "    except TimeoutError:\n        return None\n",
            )
        ],
        True,
        "",
    ),
    "timeout-wait-without-cancel": (  # stops waiting, but the query goes on in the background
        "timeout",
        "starter.py",
        [
            (
                "    return await slow_query()\n",
                "    task = asyncio.ensure_future(slow_query())\n"
                "    done, _ = await asyncio.wait({task}, timeout=seconds)\n"
                "    return task.result() if done else None\n",
            )
        ],
        False,
        "被取消",
    ),
    "callback_future-no-done-check": (
        "callback_future",
        "solution.py",
        [("        if future.done():  # 等待方已经离开（超时或被取消）：结果没人要了\n            return\n", "")],
        False,
        "InvalidStateError",
    ),
    "cancel_cleanup-swallows-cancel": (
        "cancel_cleanup",
        "solution.py",
        [
            (
                "    try:\n        await asyncio.sleep(1)  # 用连接干活\n",
                "    try:\n        await asyncio.sleep(1)  # 用连接干活\n"
                "    except asyncio.CancelledError:\n        pass\n",
            )
        ],
        False,
        "CancelledError",
    ),
    "crawler_limit-connector": (
        "crawler_limit",
        "starter.py",
        [
            (
                "aiohttp.ClientSession() as session",
                "aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=3)) as session",
            )
        ],
        True,
        "",
    ),
    "crawler_limit-sequential": (
        "crawler_limit",
        "starter.py",
        [
            (
                "        return await asyncio.gather(*(fetch(session, url) for url in urls))\n",
                "        return [await fetch(session, url) for url in urls]\n",
            )
        ],
        False,
        "最大并发 1",
    ),
    "queue_backpressure-sentinels": (
        "queue_backpressure",
        "starter.py",
        [
            (
                "    queue: asyncio.Queue[str] = asyncio.Queue()\n",
                "    queue: asyncio.Queue[str] = asyncio.Queue(maxsize=3)\n",
            ),
            (
                "    while True:\n        item = await queue.get()\n",
                "    while True:\n        item = await queue.get()\n        if item == STOP:\n"
                "            queue.task_done()\n            return\n",
            ),
            (
                "    await queue.join()\n",
                "    for _ in consumers:\n        await queue.put(STOP)\n    await queue.join()\n",
            ),
            ("def make_item(", 'STOP = "停止"\n\n\ndef make_item('),
        ],
        True,
        "",
    ),
    "read_files-one-thread-at-a-time": (  # off the loop, but one after another
        "read_files",
        "starter.py",
        [
            (
                "    return [read_file(path) for path in paths]\n",
                "    return [await asyncio.to_thread(read_file, path) for path in paths]\n",
            )
        ],
        False,
        "最多 1 个同时进行",
    ),
    "read_files-gather-in-the-loop": (  # "concurrent" coroutines that each block the loop
        "read_files",
        "starter.py",
        [
            (
                "    return [read_file(path) for path in paths]\n",
                "    async def one(path: Path) -> bytes:\n        return read_file(path)\n\n"
                "    return list(await asyncio.gather(*(one(path) for path in paths)))\n",
            )
        ],
        False,
        "主线程里运行",
    ),
    "read_files-taskgroup": (
        "read_files",
        "starter.py",
        [
            (
                "    return [read_file(path) for path in paths]\n",
                "    async with asyncio.TaskGroup() as tg:\n"
                "        tasks = [tg.create_task(asyncio.to_thread(read_file, path)) for path in paths]\n"
                "    return [task.result() for task in tasks]\n",
            )
        ],
        True,
        "",
    ),
    "to_thread-run_in_executor": (
        "to_thread",
        "starter.py",
        [
            (
                "    return read_config()\n",
                "    return await asyncio.get_running_loop().run_in_executor(None, read_config)\n",
            )
        ],
        True,
        "",
    ),
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_checks_judge_behaviour(services, tmp_path, variant):
    name, base, replacements, passes, cross = VARIANTS[variant]
    text = (EXERCISES / name / base).read_text("utf-8")
    for old, new in replacements:
        assert old in text, f"{variant}: {old!r} is not in {base}"
        text = text.replace(old, new)
    (tmp_path / "variant.py").write_text(text, "utf-8")
    shutil.copy(EXERCISES / name / "check.py", tmp_path / "check.py")

    async def main() -> tuple[int, str]:
        async with AsyncExitStack() as stack:
            env = await _service_env(services, name, stack)
            return await _python(["check.py", "variant.py"], tmp_path, env)

    rc, out = asyncio.run(main())
    assert "Traceback" not in out, out
    if passes:
        assert rc == 0 and crosses(out) == [], out
    else:
        assert rc == 1, out
        assert any(cross in line for line in crosses(out)), out

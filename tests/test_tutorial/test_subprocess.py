"""What the 子进程 page claims, checked against the real runs."""

from __future__ import annotations

import re

from .parse import seconds


def test_communicate_writes_reads_and_waits(run):
    assert run("snippets/subprocess/communicate.py").lines == [
        "子进程已启动，returncode = None",
        "stdout = b'HELLO FROM THE PARENT\\n'",
        "stderr = None",
        "returncode = 3",
    ]


def waits_for_pipes(python: str) -> bool:
    """Where the page says ``Process.wait()`` also waits for the child's pipes: 3.11.2 to 3.13.14 (every 3.12)
    and 3.14.0 to 3.14.6. Before 3.11.2, and from 3.13.15, 3.14.7 and 3.15 on (CPython gh-119710), it returns
    when the child exits. By patch version, not minor: a 3.13 may be either."""
    m = re.match(r"(\d+)\.(\d+)\.(\d+)", python)
    assert m, python
    v = (int(m[1]), int(m[2]), int(m[3]))
    return (3, 11, 2) <= v < (3, 13, 15) or (3, 14, 0) <= v < (3, 14, 7)


def test_writing_then_reading_by_hand_deadlocks_communicate_does_not(run):
    lines = run("snippets/subprocess/deadlock.py").lines
    m = re.fullmatch(r"手动读写：(\d+\.\d) 秒后仍卡在 drain\(\)，死锁", lines[0])
    assert m and 0.95 <= float(m[1]) < 2.0  # stuck until the 1 s timeout
    assert lines[1] == "communicate()：收到 1000000 字节，returncode = 0"
    assert len(lines) == 2


def test_wait_waits_for_the_pipes_on_the_versions_the_page_names(run):
    r = run("snippets/subprocess/wait_pipes.py")
    first, middle, last = r.lines
    assert first == "子进程：启动了孙进程，现在退出"
    if waits_for_pipes(r.python):  # the page's changes: wait() also waits for the pipes to close
        assert middle == "1 秒后 wait() 仍未返回：子进程早已退出，它在等孙进程手里的管道关闭"
    else:  # 3.10, and 3.13.15 / 3.14.7 / 3.15 on: wait() returns as soon as the child exits
        assert middle == "wait() 返回了 0：子进程一退出就返回，管道还开着"
    assert last == "孙进程退出、管道关闭之后：wait() 返回 0"


def test_lines_arrive_while_the_child_runs(run):
    lines = run("snippets/subprocess/read_lines.py").lines
    stamps = [float(re.match(r"\[(\d+\.\d) 秒\]", line)[1]) for line in lines]  # type: ignore[index]
    assert [line.split("] ", 1)[1] for line in lines] == [
        "收到: 进度 1/3",
        "收到: 进度 2/3",
        "收到: 进度 3/3",
        "子进程退出，returncode = 0",
    ]
    # one line every ~0.3 s, not all at the end
    assert 0.2 <= stamps[1] - stamps[0] < 0.9
    assert 0.2 <= stamps[2] - stamps[1] < 0.9
    assert stamps[0] < stamps[2] - 0.4


def test_semaphore_limits_concurrent_processes(run):
    lines = run("snippets/subprocess/semaphore.py").lines
    assert lines[0] == "6 个子进程，最多同时运行 3 个"
    total_of_each = seconds(lines[1])
    total = seconds(lines[2])
    assert total_of_each >= 6 * 0.5 - 0.05
    assert total >= 2 * 0.5 - 0.05  # two batches at least
    assert total < total_of_each * 0.6  # about a third of the sum, far from running them one by one


def test_timeout_then_kill_then_wait(run):
    lines = run("snippets/subprocess/timeout_kill.py").lines
    first = re.fullmatch(r"(\d+\.\d) 秒超时，子进程还在运行: returncode = None", lines[0])
    second = re.fullmatch(r"(\d+\.\d) 秒，子进程已结束: returncode = -9", lines[1])
    assert first and 0.45 <= float(first[1]) < 1.5
    assert second and float(second[1]) - float(first[1]) < 1.5  # wait() after kill() returns quickly
    assert len(lines) == 2


def test_shell_interprets_the_string_exec_does_not(run):
    assert run("snippets/subprocess/shell_quote.py").lines == [
        "shell，直接拼接：",
        "报告.txt",
        "被注入的命令",  # the injected second command ran
        "shell，用 shlex.quote() 转义：",
        "报告.txt; echo 被注入的命令",
        "exec，参数列表不经过 shell：",
        "报告.txt; echo 被注入的命令",
    ]

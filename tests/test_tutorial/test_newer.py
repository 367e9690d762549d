"""What the Python 3.13+ 的新功能 page claims, checked against the real runs (the 3.13 behaviour)."""

from __future__ import annotations


def test_shutdown_wakes_every_waiting_worker_and_refuses_new_items(run):
    lines = run("snippets/newer/queue_shutdown.py").lines
    # the six jobs, handed out in turn: each worker was back at get() before the next job arrived
    assert lines[:6] == [f"worker-{j % 3} 处理完任务 {j}" for j in range(6)]
    # put() after shutdown() raises at once, before any worker has noticed the shutdown
    assert lines[6] == "关闭之后再 put()：抛出 QueueShutDown"
    # one shutdown() woke all three workers waiting in get(); each returned its own count
    assert lines[7:10] == [f"worker-{i} 收到 QueueShutDown，退出（处理了 2 个任务）" for i in range(3)]
    assert lines[10] == "共处理 6 个任务"
    assert len(lines) == 11


def test_immediate_shutdown_drops_the_queued_items_but_join_waits_for_the_one_in_hand(run):
    assert run("snippets/newer/shutdown_immediate.py").lines == [
        "关闭前：队列里还有 4 项",
        "shutdown(immediate=True) 之后：队列里还有 0 项",  # the 4 queued items are dropped
        "工作者：处理完任务 0，调用 task_done()",  # only the job already taken is processed
        "工作者：get() 抛出 QueueShutDown，退出",
        "join() 返回",  # after task 0's task_done(): dropping counted only for the dropped items
    ]


COMPLETION_ORDER = ["快", "中", "慢"]  # passed in as 慢 0.3 s, 快 0.1 s, 中 0.2 s


def test_plain_for_yields_new_coroutines_in_completion_order(run):
    assert run("snippets/newer/as_completed_for.py").lines == [
        f"coroutine，是传进去的任务之一：False，结果：{name}的数据" for name in COMPLETION_ORDER
    ]


def test_async_for_yields_the_original_tasks_already_done(run):
    assert run("snippets/newer/as_completed_async_for.py").lines == [
        f"{name}：Task，是传进去的任务之一：True，结果：{name}的数据" for name in COMPLETION_ORDER
    ]


def test_before_3_15_a_task_group_is_stopped_early_by_an_exception_caught_with_except_star(run):
    r = run("snippets/newer/taskgroup_stop.py")
    assert r.lines == ["B 找到了", "任务组已结束，被取消的任务：['A', 'C']"]
    assert r.returncode == 0

"""What the 规模的代价 page claims, checked against the real runs; and the charts drawn from them.

Memory per item is (nearly) the same on every run of a version, so its relations are asserted
outright. Times are compared only as ratios measured inside one run; where a ratio holds only on a
quiet machine, everything load-independent (labels, line format, order) is asserted first and the
ratio is then skipped when the run was contended (``skip_if_contended``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from buildkit import chart
from buildkit.blocks import output_blocks
from buildkit.compare import minimum, minor
from buildkit.model import Matrix, Result, Spec
from buildkit.render import output_block
from buildkit.runner import CONTENDED

from ..config import SITE, declared_specs

MEMORY = "snippets/scale/memory.py"
CREATE_RUN = "snippets/scale/create_run.py"
GATHER = "snippets/scale/gather_vs.py"
EAGER = "snippets/scale/eager.py"
UVLOOP = "snippets/scale/uvloop_tasks.py"
CHARTED = (MEMORY, CREATE_RUN, GATHER, EAGER, UVLOOP)


def skip_if_contended(r: Result) -> None:
    """Measured again up to 3 times; still no phase with idle CPUs to compare on."""
    if r.contention > CONTENDED:
        pytest.skip(f"其他进程在某个计时阶段占用了 {r.contention:.1f} 个 CPU，耗时之比无从比较")


def values(r: Result, unit: str) -> dict[str, float]:
    """The run's ``label：value unit`` lines (read by the same parser as the charts), all in ``unit``."""
    found = chart.measures(r.output)
    assert all(m.unit == unit for m in found.values()), found
    return {label: m.value for label, m in found.items()}


# --- memory --------------------------------------------------------------------------------------------


def test_memory_per_item_grows_from_coroutine_to_task_to_connection(run):
    r = run(MEMORY)
    assert r.lines[0] == "tracemalloc 测得的 Python 内存，平均到每一个："
    kib = values(r, "KiB")
    assert list(kib) == ["协程对象", "任务（连同它的协程）", "空闲连接（服务器一端）"]
    assert len(r.lines) == 4
    coro, task, conn = kib.values()
    assert 0 < coro < task < conn
    assert task < 1.5  # 每个不到 1.5 KiB：1 万个不到 15 MiB
    assert conn >= 3 * task  # 一个空闲连接是一个空闲任务的好几倍


def test_memory_per_item_is_the_same_order_of_magnitude_on_every_version(run_matrix):
    matrix = run_matrix(declared_specs()[(MEMORY,)])
    per_version = {minor(r): values(r, "KiB") for r in matrix.results}
    for label in ("协程对象", "任务（连同它的协程）", "空闲连接（服务器一端）"):
        seen = [v[label] for v in per_version.values()]
        assert min(seen) > 0 and max(seen) < 10 * min(seen), (label, per_version)
    if "3.10" not in per_version or len(per_version) < 2:
        pytest.skip("这次构建没有在 3.10 和更新的版本上都运行")
    # 3.11 起帧按需创建：3.10 的协程对象大一倍多
    newer = [v["协程对象"] for version, v in per_version.items() if version != "3.10"]
    assert per_version["3.10"]["协程对象"] >= 2 * max(newer), per_version


# --- creating and running tasks ------------------------------------------------------------------------


def test_a_hundred_thousand_tasks_cost_more_than_ten_thousand_and_no_less_each(run):
    r = run(CREATE_RUN)
    found = chart.measures(r.output)
    assert list(found) == [
        f"{n} 个任务，{what}" for n in (10_000, 100_000) for what in ("共计", "创建每个", "运行每个")
    ]
    assert [found[f"{n} 个任务，共计"].unit for n in (10_000, 100_000)] == ["秒", "秒"]
    assert all(m.unit == "µs" for label, m in found.items() if not label.endswith("共计"))
    total = {n: found[f"{n} 个任务，共计"].value for n in (10_000, 100_000)}
    create = {n: found[f"{n} 个任务，创建每个"].value for n in (10_000, 100_000)}
    ran = {n: found[f"{n} 个任务，运行每个"].value for n in (10_000, 100_000)}
    assert total[100_000] > total[10_000]  # ten times the work, whatever the load
    # each total is the per-task figures times n (each printed rounded)
    for n in (10_000, 100_000):
        assert abs(total[n] - (create[n] + ran[n]) * n / 1e6) <= 0.0005 + n * 0.01e-6, (n, total, create, ran)
    skip_if_contended(r)
    assert total[100_000] >= 5 * total[10_000]
    assert create[100_000] >= 0.8 * create[10_000]  # per task, not cheaper with more tasks
    assert all(ran[n] < create[n] for n in ran)  # running a task that does nothing is cheaper than creating it


# --- gather, TaskGroup, as_completed -------------------------------------------------------------------


def test_waiting_for_many_coroutines_costs_a_task_each_whatever_the_way(run, python):
    r = run(GATHER)
    assert r.lines[0] == "10000 个立即返回的协程，每个的开销："
    assert [line.split("：")[0] for line in r.lines[1:]] == [
        "依次 await（不并发）",
        "gather",
        "TaskGroup",
        "as_completed",
    ]
    found = values(r, "µs")
    if python == "3.10":
        assert r.lines[3] == "TaskGroup：没有（3.11 起才有）" and "TaskGroup" not in found
    else:
        assert "TaskGroup" in found
    skip_if_contended(r)
    direct = found.pop("依次 await（不并发）")
    assert all(direct * 5 < v for v in found.values()), found  # 直接 await 便宜得多
    assert max(found.values()) < 10 * min(found.values()), found  # 三种写法同一个数量级


# --- eager tasks ---------------------------------------------------------------------------------------


def test_eager_tasks_finish_inside_create_task_and_save_the_scheduling(run):
    r = run(EAGER)
    assert r.lines[:2] == [
        "普通任务：create_task 返回时已经完成？False",
        "急切任务：create_task 返回时已经完成？True",
    ]
    micros = {k: v for k, v in chart.measures(r.output).items() if v.unit == "µs"}
    ratios = {k: v for k, v in chart.measures(r.output).items() if v.unit == "倍"}
    assert list(micros) == [
        f"{kind}，{way}" for kind in ("不挂起就结束", "挂起一次") for way in ("普通任务", "急切任务")
    ]
    assert list(ratios) == ["不挂起就结束，急切 ÷ 普通", "挂起一次，急切 ÷ 普通"]
    assert len(r.lines) == 2 + 6
    for kind in ("不挂起就结束", "挂起一次"):
        lazy, eager = micros[f"{kind}，普通任务"].value, micros[f"{kind}，急切任务"].value
        # the printed ratio is that of the unrounded times, each printed to 0.005 µs
        low, high = (eager - 0.005) / (lazy + 0.005), (eager + 0.005) / (lazy - 0.005)
        assert low - 0.005 <= ratios[f"{kind}，急切 ÷ 普通"].value <= high + 0.005
    skip_if_contended(r)
    nothing_to_wait, suspends = ratios["不挂起就结束，急切 ÷ 普通"].value, ratios["挂起一次，急切 ÷ 普通"].value
    assert nothing_to_wait < 0.9  # 明显更快
    assert suspends > nothing_to_wait and suspends >= 0.6  # 挂起的协程省下的少得多


def test_eager_tasks_need_3_12(run_matrix):
    matrix = run_matrix(declared_specs()[(EAGER,)])
    versions = [minor(r) for r in matrix.results]
    if not any(v in versions for v in ("3.10", "3.11")):
        pytest.skip("这次构建没有在 3.12 以前的版本上运行")
    least = minimum(matrix)
    assert least.version == "3.12", least
    assert "AttributeError" in least.reason and "eager_task_factory" in least.reason


# --- uvloop --------------------------------------------------------------------------------------------


def test_uvloop_makes_each_task_cheaper(run):
    r = run(UVLOOP)
    assert r.lines[0] == "10000 个各挂起一次的任务，每个的开销："
    found = chart.measures(r.output)
    assert list(found) == ["asyncio 默认事件循环", "uvloop", "uvloop ÷ 默认"]
    assert [m.unit for m in found.values()] == ["µs", "µs", "倍"]
    default, fast = found["asyncio 默认事件循环"].value, found["uvloop"].value
    low, high = (fast - 0.005) / (default + 0.005), (fast + 0.005) / (default - 0.005)
    assert low - 0.005 <= found["uvloop ÷ 默认"].value <= high + 0.005
    skip_if_contended(r)
    assert fast < default  # 最后一行小于 1


# --- the charts: chart.py alone, then as the build renders this page's blocks ----------------------------


def _svg(figure: str) -> Tag:
    svg = BeautifulSoup(figure, "html.parser").select_one("figure.chart svg")
    assert svg is not None
    return svg


def test_chart_bars_are_proportional_to_the_values_with_a_row_per_version():
    runs = [("3.13", "每个任务：0.75 KiB\n"), ("3.10", "开头\n每个任务：1.50 KiB（注）\n"), ("3.12", "别的：1 KiB")]
    rows = chart.rows("每个任务", [*runs, ("3.11", None)])
    assert [r.python for r in rows] == ["3.10", "3.11", "3.12", "3.13"]  # oldest first
    assert [r.note for r in rows] == ["", "不支持", "没有这一项", ""]
    svg = _svg(chart.svg("每个任务", rows, "7-0"))
    bars = svg.select("rect.chart-bar")
    assert [b["data-python"] for b in bars] == ["3.10", "3.13"]  # a bar only where there is a value
    w310, w313 = (float(str(b["width"])) for b in bars)
    assert w310 == pytest.approx(chart.PLOT_W) and w313 == pytest.approx(w310 / 2, abs=0.1)  # 1.50 : 0.75
    # an accessible image: named by its title, described by the text alternative listing every value
    assert svg["role"] == "img" and svg["aria-labelledby"] == "chart-7-0-t chart-7-0-d"
    title, desc = svg.select_one("title#chart-7-0-t"), svg.select_one("desc#chart-7-0-d")
    assert title is not None and desc is not None
    assert "每个任务" in title.get_text()
    assert desc.get_text() == (
        "Python 3.10：1.50 KiB；Python 3.11：不支持；Python 3.12：没有这一项；Python 3.13：0.75 KiB。"
    )
    texts = [t.get_text() for t in svg.select("text")]
    assert texts == [
        "Python 3.10",
        "1.50 KiB",
        "Python 3.11",
        "不支持",
        "Python 3.12",
        "没有这一项",
        "Python 3.13",
        "0.75 KiB",
    ]


def test_chart_reads_only_label_value_unit_lines_and_escapes_what_it_shows():
    found = chart.measures("TaskGroup：没有（3.11 起才有）\nx：-2 ms\n<b>：1.0 倍\n共计：0.5 秒，其余\nx：3 ms\n")
    assert {k: (m.value, m.unit) for k, m in found.items()} == {
        "x": (-2.0, "ms"),
        "<b>": (1.0, "倍"),
        "共计": (0.5, "秒"),
    }
    figure = chart.svg("<b>", chart.rows("<b>", [("3.13", "<b>：1.0 倍")]), "0-0")
    assert "<b>" not in figure and "&lt;b&gt;" in figure
    units = chart.rows("x", [("3.12", "x：1 ms"), ("3.13", "x：2 µs")])  # the newest's unit rules
    assert [r.note for r in units] == ["单位不同：1 ms", ""]
    missing = chart.rows("TaskGroup", [("3.10", "TaskGroup：没有（3.11 起才有）"), ("3.11", "TaskGroup：3.0 µs")])
    assert [(r.measure is None, r.note) for r in missing] == [(True, "没有（3.11 起才有）"), (False, "")]  # as printed
    assert chart.svg("x", [], "0-1") == ""


def _rendered(spec: Spec, matrix: Matrix) -> Tag:
    (block,) = output_blocks(output_block(spec, matrix, lambda path: path, ident="0001"))
    return block.element


@pytest.mark.parametrize("path", CHARTED)
def test_each_chart_has_a_bar_per_python_that_printed_it(path: str, run_matrix: Callable[[Spec], Matrix]) -> None:
    spec = declared_specs()[(path,)]
    assert spec.chart, f"{path}: the page charts nothing"
    matrix = run_matrix(spec)
    figures = _rendered(spec, matrix).select("figure.chart")
    assert [f["data-chart"] for f in figures] == list(spec.chart)
    for label, figure in zip(spec.chart, figures, strict=True):
        svg = figure.select_one("svg")
        assert svg is not None
        printed = {minor(r): m for r in matrix.results if (m := chart.measures(r.output).get(label))}
        bars = {str(b["data-python"]): str(b["data-value"]) for b in svg.select("rect.chart-bar")}
        assert bars == {v: m.text for v, m in printed.items()}, (label, bars)
        assert printed, f"{path}: no run printed {label!r}"
        desc = svg.select_one("desc")
        assert desc is not None and all(f"Python {v}：{m.text} {m.unit}" in desc.get_text() for v, m in printed.items())
    if path == EAGER:  # before 3.12 the snippet fails: a row that says so, no bar
        old = [minor(r) for r in matrix.results if r.version < (3, 12)]
        assert all(f"Python {v}：不支持" in figures[0].get_text() for v in old)
    elif path == GATHER and "3.10" in printed_by(matrix):  # the line without a value, as the run printed it
        assert "Python 3.10：没有（3.11 起才有）" in figures[1].get_text()
    elif path != GATHER:  # the others print every measure on every version: one bar per Python the build ran
        assert all(len(f.select("rect.chart-bar")) == len(SITE.pythons) for f in figures)


def printed_by(matrix: Matrix) -> list[str]:
    return [minor(r) for r in matrix.results]


def test_the_built_page_draws_a_bar_per_python_the_build_ran(built_site: Path) -> None:
    assert_page_charts(built_site / "deep" / "scale" / "index.html")


def assert_page_charts(page: Path) -> None:
    blocks = {b.path: b for b in output_blocks(page.read_text("utf-8"))}
    versions = {p.minor for p in SITE.pythons}
    for path in (MEMORY, CREATE_RUN, UVLOOP):
        figures = blocks[path].element.select("figure.chart")
        assert figures, path
        for figure in figures:
            assert {str(b["data-python"]) for b in figure.select("rect.chart-bar")} == versions, path

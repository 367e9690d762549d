"""Time IPython kernel launches the way mkdocs-execute-plugin does them.

The plugin runs ``nbconvert.preprocessors.ExecutePreprocessor`` (an ``nbclient.NotebookClient``) once per
page; this replays that client's steps one by one and times each phase. The ~4 s stalls land in "shutdown":
ipykernel sometimes hangs in its own shutdown (control-thread flush vs. IOPub thread stop), so jupyter_client
waits shutdown_wait_time / 2 before SIGTERM, then the dead heartbeat socket's 1 s linger adds the rest.

    .venv/bin/python bench/kernel_launch.py --n 20 2>/dev/null                        # as the plugin does it
    .venv/bin/python bench/kernel_launch.py --n 20 --shutdown immediate 2>/dev/null   # fix: SIGKILL, no wait
    .venv/bin/python bench/kernel_launch.py --n 20 --wait-time 1 2>/dev/null          # mitigation: 0.5 s wait
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbconvert.preprocessors import ExecutePreprocessor
from traitlets.config import Config

PHASES = ("spawn", "ready", "info", "execute", "shutdown")


def launch_once(ep: ExecutePreprocessor, cwd: str) -> dict[str, float]:
    """One plugin-style launch: start kernel, wait_for_ready, kernel_info, one cell, shutdown."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    NotebookClient.__init__(ep, nb, None)  # what ExecutePreprocessor.preprocess does for every page
    ep.reset_execution_trackers()
    ep.resources = {"metadata": {"path": cwd}}
    ep.km = ep.create_kernel_manager()
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("spawn", ep.start_new_kernel),  # KernelManager.start_kernel: ports, connection file, Popen
        ("ready", ep.start_new_kernel_client),  # start_channels + KernelClient.wait_for_ready
        (
            "info",
            lambda: ep.wait_for_reply(ep.kc.kernel_info()) if ep.kc else None,
        ),  # as in ExecutePreprocessor.preprocess
        ("execute", lambda: ep.execute_cell(nb.cells[0], 0, store_history=True)),
        ("shutdown", ep._cleanup_kernel),  # shutdown_kernel(now=shutdown_kernel == "immediate")
    ]
    timings: dict[str, float] = {}
    for name, step in steps:
        start = time.perf_counter()
        step()
        timings[name] = time.perf_counter() - start
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20, help="number of launches (default 20)")
    parser.add_argument("--shutdown", choices=("graceful", "immediate"), default="graceful", help="NotebookClient")
    parser.add_argument("--wait-time", type=float, default=5.0, help="KernelManager.shutdown_wait_time (default 5)")
    args = parser.parse_args()

    config = Config({"KernelManager": {"shutdown_wait_time": args.wait_time}})
    ep = ExecutePreprocessor(config=config, shutdown_kernel=args.shutdown)
    totals: list[float] = []
    with tempfile.TemporaryDirectory() as cwd:
        print(f"{'#':>3} " + " ".join(f"{p:>9}" for p in PHASES) + f" {'total':>9}")
        for i in range(args.n):
            t = launch_once(ep, cwd)
            totals.append(sum(t.values()))
            slow = " <-- slow" if totals[-1] > 2 else ""
            print(f"{i:>3} " + " ".join(f"{t[p]:9.3f}" for p in PHASES) + f" {totals[-1]:9.3f}{slow}", flush=True)
    print(
        f"n={len(totals)} median={statistics.median(totals):.3f}s max={max(totals):.3f}s "
        f">2s: {sum(x > 2 for x in totals)}"
    )


if __name__ == "__main__":
    main()

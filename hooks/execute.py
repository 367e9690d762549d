"""MkDocs hook: the IPython kernel of a kernel page starts quietly and stops at once.

mkdocs-execute-plugin runs the pages with ``execute: true`` front matter in an IPython kernel.
About one graceful shutdown in five deadlocks inside ipykernel (the control thread's flush waits on
the IOPub thread the main thread is stopping); jupyter_client then waits 2.5 s before SIGTERM and
the dead heartbeat socket's linger adds the rest: a flat ~4 s per page (bench/kernel_launch.py).
The kernel has printed everything by then, so stopping it at once loses nothing.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Hooks' on_config runs after plugins', so the plugin's exporter exists here.
    exporter = getattr(config.plugins.get("execute"), "exporter", None)
    if exporter is not None:
        exporter.config.ExecutePreprocessor.shutdown_kernel = "immediate"
        # ipykernel warns on stderr that its TCP on 127.0.0.1 is unencrypted; that warning is about the
        # kernel, not the page, and must not fail a build that treats stderr warnings as errors.
        exporter.config.ExecutePreprocessor.extra_arguments = ["--IPKernelApp.log_level=ERROR"]
    return config

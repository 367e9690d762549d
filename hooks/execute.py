"""MkDocs hook: stop each kernel page's IPython kernel at once, not after a graceful shutdown.

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
    return config

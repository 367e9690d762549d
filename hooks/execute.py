"""MkDocs hook: the IPython kernel of a kernel page runs contained, starts quietly and stops at once.

mkdocs-execute-plugin runs the pages with ``execute: true`` front matter in an IPython kernel. Any
page can say so, so its cells are guests like the snippets: the kernel is started in the snippets'
sandbox (:class:`buildkit.kernel.ContainedKernelManager`). Where that is impossible and containment
is required (CI), such pages fail the build, named, before any page is built.

About one graceful shutdown in five deadlocks inside ipykernel (the control thread's flush waits on
the IOPub thread the main thread is stopping); jupyter_client then waits 2.5 s before SIGTERM and
the dead heartbeat socket's linger adds the rest: a flat ~4 s per page (bench/kernel_launch.py).
The kernel has printed everything by then, so stopping it at once loses nothing.

Under ``mkdocs serve`` a rebuild converts a kernel page again only when the page (its cells) or
the settings changed; otherwise the last conversion is reused (:mod:`buildkit.notebooks`) and no
kernel starts: saving another page no longer costs a kernel run (~2 s).
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs_execute_plugin.plugin import ExecutableFile

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # buildkit, next to hooks/

from buildkit.kernel import ContainedKernelManager, ContainmentUnavailable, check
from buildkit.session import SESSION

CELL_TIMEOUT = 60  # seconds


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Hooks' on_config runs after plugins', so the plugin's exporter exists here.
    plugin = config.plugins.get("execute")
    exporter = getattr(plugin, "exporter", None)
    if exporter is not None:
        executor = {
            "kernel_manager_class": ContainedKernelManager,
            "shutdown_kernel": "immediate",
            "timeout": CELL_TIMEOUT,  # a cell that hangs fails the build
            # What ipykernel logs is about the kernel, not the page, and must not fail a build that
            # treats stderr warnings as errors.
            "extra_arguments": ["--IPKernelApp.log_level=ERROR"],
        }
        for name, value in executor.items():
            setattr(exporter.config.ExecutePreprocessor, name, value)
        # A rebuild of `mkdocs serve` runs a page's kernel again only when the page changed.
        options = getattr(plugin, "config", {})
        settings = repr([executor, options.get("markdown_template"), dict(options.get("tags") or {})])
        exporter.from_notebook_node = SESSION.notebooks.in_front_of(exporter.from_notebook_node, settings)
    return config


@event_priority(-50)  # after the plugin's: the kernel pages are its ExecutableFile ones now
def on_files(files: Files, config: MkDocsConfig) -> None:
    pages = [f.src_uri for f in files if isinstance(f, ExecutableFile)]
    if pages:
        try:
            check()
        except ContainmentUnavailable as e:
            raise PluginError(f"{', '.join(pages)} (execute: true): {e}") from None

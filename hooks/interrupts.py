"""MkDocs hook: SIGTERM and SIGHUP end ``mkdocs build`` and ``mkdocs serve`` the way Ctrl-C does.

Python's default for them is to die at once, skipping every ``finally``: running snippets, the
local HTTP server and the embedded PostgreSQL (with its data folder and shared memory) would be
left behind. As ``KeyboardInterrupt`` they unwind through the same cleanup as Ctrl-C: the runs in
progress are killed (:mod:`buildkit.runner`), then MkDocs' ``on_shutdown`` stops the services.
``mkdocs serve`` then says one line, MkDocs' own ``Shutting down...``: the helper processes the
build starts are not in its process group, so Ctrl-C reaches only the build
(``tests/test_serve_loop.py``).
"""

from __future__ import annotations

import signal
import threading


def on_startup(command: str, dirty: bool) -> None:
    if threading.current_thread() is threading.main_thread():  # signals can only be set there
        for sig in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, signal.default_int_handler)

"""MkDocs hook: ``mkdocs build`` never leaves a half-written site.

The build writes into a fresh sibling directory (``site.partial-<pid>``) and swaps it in place of
``site/`` only when everything succeeded, so a deploy can never pick up a broken build. Leftovers
of builds that were killed (their pid is gone) are swept at the start; an interrupted build
(Ctrl-C, SIGTERM) removes its own on shutdown.

Everything it knows comes from MkDocs' own events: the command from ``on_startup`` (``mkdocs
serve`` builds into a temporary directory of its own, and loads this module afresh for each
rebuild without ``on_startup``: off unless told ``build``); success from ``on_post_build``, which
runs only when nothing raised, minus what ``--strict`` fails after it (a warning logged during the
build, counted here as MkDocs counts it).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import psutil
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.utils import CountHandler


class AtomicSite:
    def __init__(self) -> None:
        self.building = False  # ``mkdocs build``: the only command whose site/ is swapped
        self.final: Path | None = None
        self.partial: Path | None = None
        self.warnings = CountHandler(level=logging.WARNING)

    def on_startup(self, command: str, dirty: bool) -> None:
        self.building = command == "build"

    @event_priority(100)  # first: count from where MkDocs starts counting
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not self.building:
            return config
        final = Path(config.site_dir).resolve()
        self.sweep(final)
        self.final, self.partial = final, final.with_name(f"{final.name}.partial-{psutil.Process().pid}")
        config.site_dir = str(self.partial)
        if config.strict:
            logging.getLogger("mkdocs").addHandler(self.warnings)
        return config

    @staticmethod
    def sweep(final: Path) -> None:
        for stale in final.parent.glob(f"{final.name}.partial-*"):
            pid = stale.name.rsplit("-", 1)[-1]
            if not (pid.isdigit() and psutil.pid_exists(int(pid))):
                shutil.rmtree(stale, ignore_errors=True)

    @event_priority(-100)  # last: other hooks finish writing into the partial site first
    def on_post_build(self, config: MkDocsConfig) -> None:
        if self.final is None or self.partial is None:
            return
        if self.warnings.get_counts():
            return  # --strict fails the build right after this event: on_build_error removes the partial site
        old = self.final.with_name(f"{self.final.name}.old-{psutil.Process().pid}")
        if self.final.exists():
            self.final.rename(old)
        self.partial.rename(self.final)
        shutil.rmtree(old, ignore_errors=True)
        config.site_dir = str(self.final)
        self.final = self.partial = None
        self._stop_counting()

    def on_build_error(self, error: Exception) -> None:
        self._discard()

    def on_shutdown(self) -> None:
        """Also after an interrupt, which is no build error: the half-written site goes."""
        self._discard()

    def _discard(self) -> None:
        if self.partial is not None:
            shutil.rmtree(self.partial, ignore_errors=True)
            self.final = self.partial = None
        self._stop_counting()

    def _stop_counting(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)


_hook = AtomicSite()
on_startup = _hook.on_startup
on_config = _hook.on_config
on_post_build = _hook.on_post_build
on_build_error = _hook.on_build_error
on_shutdown = _hook.on_shutdown

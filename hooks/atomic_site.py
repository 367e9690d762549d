"""MkDocs hook: ``mkdocs build`` never leaves a half-written site.

The build writes into a fresh sibling directory (``site.partial-<pid>``) and swaps it in place of
``site/`` only when everything succeeded, so a deploy can never pick up a broken build. Leftovers
of builds that were killed (their pid is gone) are swept at the start; an interrupted build
(Ctrl-C, SIGTERM) removes its own on shutdown.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import psutil
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # buildkit, next to hooks/

from buildkit.session import SESSION


class AtomicSite:
    def __init__(self) -> None:
        self.final: Path | None = None
        self.partial: Path | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if SESSION.command != "build":
            return config  # serve builds into its own temporary directory
        final = Path(config.site_dir).resolve()
        self.sweep(final)
        self.final, self.partial = final, final.with_name(f"{final.name}.partial-{psutil.Process().pid}")
        config.site_dir = str(self.partial)
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
        old = self.final.with_name(f"{self.final.name}.old-{psutil.Process().pid}")
        if self.final.exists():
            self.final.rename(old)
        self.partial.rename(self.final)
        shutil.rmtree(old, ignore_errors=True)
        config.site_dir = str(self.final)
        self.final = self.partial = None

    def on_build_error(self, error: Exception) -> None:
        if self.partial is not None:
            shutil.rmtree(self.partial, ignore_errors=True)

    def on_shutdown(self) -> None:
        """Also after an interrupt, which is no build error: the half-written site goes."""
        if self.partial is not None:
            shutil.rmtree(self.partial, ignore_errors=True)
            self.final = self.partial = None


_hook = AtomicSite()
on_config = _hook.on_config
on_post_build = _hook.on_post_build
on_build_error = _hook.on_build_error
on_shutdown = _hook.on_shutdown

"""What outlives one build inside an ``mkdocs serve`` process: the command, the sites' services,
their background runs and what has been said.

MkDocs loads the hook modules afresh from mkdocs.yml on every rebuild of ``mkdocs serve`` but
calls ``on_startup``/``on_shutdown`` only once per process, on the first of them. So the command
and the services (a PostgreSQL takes seconds to start) are kept here, per process, and a rebuild
reuses them: editing a database snippet does not start a second server. So are the runs under way
in the background (:class:`buildkit.filler.Filler`), the folder whose changes tell ``mkdocs serve``
that runs finished, the kernel pages' conversions (:class:`buildkit.notebooks.Notebooks`), the
messages already said (a rebuild does not repeat them) and what a hook keeps to skip work on
unchanged pages (:meth:`Session.kept`).
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .filler import Filler
from .notebooks import Notebooks
from .site import Site


@dataclass
class Session:
    command: str = "build"  # "build", "serve" or "gh-deploy": what mkdocs was asked to do
    _sites: dict[tuple[Path, Path], Site] = field(default_factory=dict)
    _fillers: dict[Path, Filler] = field(default_factory=dict)
    notebooks: Notebooks = field(default_factory=Notebooks)  # kernel pages' conversions, reused while unchanged
    _kept: dict[str, dict[Any, Any]] = field(default_factory=dict)
    _signals: Path | None = None

    def site(self, root: Path, docs_dir: Path) -> Site:
        key = (root, docs_dir)
        if key not in self._sites:
            self._sites[key] = Site.create(root, docs_dir)
        return self._sites[key]

    @property
    def signals(self) -> Path:
        """A folder ``mkdocs serve`` watches: a file changed in it (runs finished) rebuilds the pages."""
        if self._signals is None:
            self._signals = Path(tempfile.mkdtemp(prefix="guide-serve-"))
        return self._signals

    def filler(self, site: Site) -> Filler:
        if site.root not in self._fillers:
            self._fillers[site.root] = Filler(site, on_change=(self.signals / "runs").touch)
        return self._fillers[site.root]

    def once(self, message: str) -> bool:
        """Whether ``message`` is new in this process (then it counts as said)."""
        said = self.kept("said")
        new = message not in said
        said[message] = True
        return new

    def kept(self, name: str) -> dict[Any, Any]:
        """A store by this name that lasts as long as the process (what a hook reuses across rebuilds)."""
        return self._kept.setdefault(name, {})

    def close(self) -> None:
        for filler in self._fillers.values():
            filler.close()
        for site in self._sites.values():
            site.close()
        self._sites.clear()
        self._fillers.clear()
        if self._signals is not None:
            shutil.rmtree(self._signals, ignore_errors=True)
            self._signals = None


SESSION = Session()

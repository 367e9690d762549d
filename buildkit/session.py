"""What outlives one build inside an ``mkdocs serve`` process: the command and the sites' services.

MkDocs loads the hook modules afresh from mkdocs.yml on every rebuild of ``mkdocs serve`` but
calls ``on_startup``/``on_shutdown`` only once per process, on the first of them. So the command
and the services (a PostgreSQL takes seconds to start) are kept here, per process, and a rebuild
reuses them: editing a database snippet does not start a second server.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .site import Site


@dataclass
class Session:
    command: str = "build"  # "build", "serve" or "gh-deploy": what mkdocs was asked to do
    _sites: dict[tuple[Path, Path], Site] = field(default_factory=dict)

    def site(self, root: Path, docs_dir: Path) -> Site:
        key = (root, docs_dir)
        if key not in self._sites:
            self._sites[key] = Site.create(root, docs_dir)
        return self._sites[key]

    def close(self) -> None:
        for site in self._sites.values():
            site.close()
        self._sites.clear()


SESSION = Session()

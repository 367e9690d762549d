"""The machinery that builds and tests the guide: runs snippets, caches and renders their output.

Not part of any snippet a reader copies. The flow, one way through:
page ``output`` fence (:mod:`.pages`) → :func:`.runs.ensure` (cache, run, store) → :mod:`.render` → the page;
the tests call the same :func:`.runs.ensure` and read pages back with :mod:`.blocks`.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent

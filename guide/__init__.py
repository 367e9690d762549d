"""Build, test and benchmark machinery of the guide (not part of any snippet)."""

from __future__ import annotations


def show(path: str, **settings: object) -> object:
    """The hidden page cell: display the output of ``path``'s run in this build.

    Runs inside mkdocs-execute-plugin's kernel. The build hook has already run every snippet
    (concurrently, cached by content) before any page executes; this reads that very result.
    """
    import os
    from pathlib import Path

    from IPython.display import HTML

    from .cache import Cache
    from .render import output_block
    from .runner import Spec

    spec = Spec(path=path, **settings)  # type: ignore[arg-type]
    root = Path(os.environ.get("GUIDE_SITE_ROOT", Path(__file__).resolve().parent.parent))
    result = Cache(Path(os.environ["GUIDE_CACHE_DIR"]), root).get(spec)
    if result is None:
        raise RuntimeError(f"{path}: no result of this build's run (build with mkdocs, which runs snippets first)")
    return HTML(output_block(result))

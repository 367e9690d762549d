"""MkDocs hook: run every snippet the pages declare, before any page is rendered.

* Runs each ``show("snippets/…")`` cell's snippet once per build, concurrently (bounded),
  cached by content (``.cache/snippets``); a snippet that fails, hangs or writes to stderr
  unexpectedly fails the build, naming its path, its error and the tail of its output.
* mkdocs-execute-plugin executes pages marked ``execute: true``; their hidden cells print the
  result of this build's run. A page whose only executable cells are ``show()`` cells needs no
  kernel: its cells are rendered here from the same results (identical HTML, tested), which
  saves a kernel start per page. ``GUIDE_KERNEL=1`` sends every such page through the kernel.
* Environment: ``GUIDE_EXECUTE=0`` builds without running anything (placeholders);
  ``GUIDE_REFRESH=1`` ignores the cache and re-runs everything; ``GUIDE_PARALLEL=N`` bounds
  concurrency (default 16, see guide/runner.py); ``GUIDE_CACHE_DIR`` moves the cache.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import shutil
import sys
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from guide.cache import Cache  # noqa: E402
from guide.pages import Page, fences  # noqa: E402
from guide.render import output_block, placeholder  # noqa: E402
from guide.runner import Result, SnippetError, Spec, run_many  # noqa: E402
from guide.services import ServiceError, Services  # noqa: E402

log = logging.getLogger("mkdocs.hooks.snippets")


def _flag(name: str) -> bool:
    return os.environ.get(name, "").lower() in {"1", "true", "yes", "on"}


class State:
    def __init__(self) -> None:
        self.services: Services | None = None
        self.cache: Cache | None = None
        self.root: Path = ROOT
        self.results: dict[Spec, Result] = {}
        self.fast_pages: set[str] = set()
        self.blocks: dict[str, dict[str, str]] = {}  # page -> token -> output block HTML
        self.command = ""
        self.final_site_dir: Path | None = None
        self.partial_site_dir: Path | None = None


S = State()


def on_startup(command: str, dirty: bool) -> None:
    S.services = Services(ROOT)
    S.command = command


def on_shutdown() -> None:
    if S.services is not None:
        S.services.close()


# A build writes into a fresh sibling directory and swaps it in only when everything succeeded,
# so a failed build never leaves a half-written site where a deploy could pick it up.
def _swap_in(partial: Path, final: Path) -> None:
    old = final.with_name(final.name + f".old-{os.getpid()}")
    if final.exists():
        final.rename(old)
    partial.rename(final)
    shutil.rmtree(old, ignore_errors=True)


@event_priority(-100)  # last: other hooks finish writing into the partial site first
def on_post_build(config) -> None:  # type: ignore[no-untyped-def]
    if S.final_site_dir is not None:
        _swap_in(Path(config.site_dir), S.final_site_dir)
        config.site_dir = str(S.final_site_dir)
        S.final_site_dir = None


def on_build_error(error: Exception) -> None:
    if S.final_site_dir is not None and S.partial_site_dir is not None:
        shutil.rmtree(S.partial_site_dir, ignore_errors=True)


def on_config(config):  # type: ignore[no-untyped-def]
    config_dir = Path(config.config_file_path).resolve().parent
    # pymdownx.snippets resolves base_path from the current directory: pin it to mkdocs.yml's.
    snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
    snippets["base_path"] = [str(config_dir)]
    cache_dir = Path(os.environ.get("GUIDE_CACHE_DIR") or config_dir / ".cache" / "snippets")
    os.environ["GUIDE_CACHE_DIR"] = str(cache_dir)  # read by show() in the kernel
    os.environ["GUIDE_SITE_ROOT"] = str(config_dir)
    pythonpath = os.environ.get("PYTHONPATH", "")
    if str(ROOT) not in pythonpath.split(os.pathsep):
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), pythonpath]))
    S.cache = Cache(cache_dir, config_dir)
    if S.command == "build":
        final = Path(config.site_dir).resolve()
        partial = final.with_name(final.name + f".partial-{os.getpid()}")
        S.final_site_dir, S.partial_site_dir = final, partial
        config.site_dir = str(partial)
    if S.services is not None:
        S.services.root = config_dir  # where the snippets are (a test's mini-site, or this repo)
    S.root = config_dir
    _no_kernel_shutdown_stall(config)
    return config


def _no_kernel_shutdown_stall(config) -> None:  # type: ignore[no-untyped-def]
    """Stop each page's kernel at once instead of waiting for a graceful shutdown.

    About one graceful shutdown in five deadlocks inside ipykernel (the control thread's flush waits on
    the IOPub thread that the main thread is stopping); jupyter_client then waits 2.5 s before SIGTERM,
    and the dead heartbeat socket's 1 s linger adds the rest: a flat ~4 s per stalled page (measured by
    bench/kernel_launch.py). Our kernels only read cached results, so killing them loses nothing.
    Hooks' on_config runs after plugins', so the plugin's exporter exists here.
    """
    plugin = config.plugins.get("execute")
    exporter = getattr(plugin, "exporter", None)
    if exporter is not None:
        exporter.config.ExecutePreprocessor.shutdown_kernel = "immediate"


def _executable_page(file) -> bool:  # type: ignore[no-untyped-def]
    return type(file).__name__ == "ExecutableFile"


@event_priority(-100)  # after mkdocs-execute-plugin has picked the pages it will execute
def on_files(files: Files, config) -> Files:  # type: ignore[no-untyped-def]
    root: Path = S.root
    pages: dict[str, Page] = {}
    for f in files.documentation_pages():
        page = Page.read(Path(f.abs_src_path))
        if page.specs and not _executable_page(f):
            raise PluginError(f"{f.src_path}: has show() cells but no 'execute: true' front matter")
        if page.specs:
            pages[f.src_path] = page
    specs = [s for p in pages.values() for s in p.specs]
    execute = os.environ.get("GUIDE_EXECUTE", "1").lower() not in {"0", "false", "no", "off"}
    S.results = _run(specs, root) if execute else {}

    kernel = _flag("GUIDE_KERNEL") and S.results
    S.fast_pages = set()
    out = []
    for f in files:
        page = pages.get(f.src_path)
        if page is not None and not kernel and _only_show_cells(page):
            S.fast_pages.add(f.src_path)
            f = f.file  # unwrap: mkdocs-execute-plugin leaves this page alone
        out.append(f)
    # Every snippet a page runs is published at site/<its path>, for the download link.
    known = {f.src_uri for f in out}
    for path in dict.fromkeys(f for s in specs for f in s.files):  # with the files named in its args
        if path not in known and (root / path).is_file():
            out.append(File(path, str(root), config.site_dir, config.use_directory_urls))
    return Files(out)


def _only_show_cells(page: Page) -> bool:
    """True when every cell jupytext would execute is a show() cell."""
    for fence in page.fences:
        executable = not fence.indent and (fence.info == "python" or fence.info.startswith("python "))
        if executable and fence.spec is None:
            return False
    return True


def _run(specs: list[Spec], root: Path) -> dict[Spec, Result]:
    assert S.cache is not None and S.services is not None
    refresh = _flag("GUIDE_REFRESH")
    results: dict[Spec, Result] = {}
    todo = []
    for spec in dict.fromkeys(specs):
        hit = None if refresh else S.cache.get(spec)
        if hit is not None:
            results[spec] = hit
        else:
            todo.append(spec)
    if todo:
        start = time.perf_counter()
        try:
            ran = asyncio.run(run_many(S.services.schedule(todo), S.services.env_for, root=root))
        except (ServiceError, FileNotFoundError) as e:
            raise PluginError(str(e)) from e
        failures = [r for r in ran if r.problem()]
        for r in ran:
            results[r.spec] = S.cache.put(r, replace=refresh)
        log.info(
            "snippets: ran %d in %.1f s (%d from cache)", len(ran), time.perf_counter() - start, len(results) - len(ran)
        )
        if failures:
            raise PluginError(str(SnippetError(failures)))
    else:
        log.info("snippets: all %d from cache", len(results))
    return results


@event_priority(100)  # before any other Markdown processing
def on_page_markdown(markdown: str, page, config, files) -> str:  # type: ignore[no-untyped-def]
    """Replace show() cells by a token that on_page_content swaps for the output block.

    On fast pages every show() cell; on kernel pages only the indented ones (in content tabs),
    which jupytext leaves as Markdown. A token, unlike raw HTML, survives any nesting.
    """
    fast = page.file.src_path in S.fast_pages
    lines = markdown.splitlines()
    blocks: dict[str, str] = {}
    for fence in reversed(list(fences(markdown))):
        spec = fence.spec
        if spec is None or not (fast or fence.indent):
            continue
        result = S.results.get(spec)
        token = f"GUIDEOUTPUT{len(blocks):04d}"
        blocks[token] = output_block(result) if result else placeholder(spec.path)
        lines[fence.start : fence.end + 1] = [fence.indent + token]
    S.blocks[page.file.src_path] = blocks
    return "\n".join(lines) + "\n"


DOWNLOAD = re.compile(r'(<a class="snippet-download" href=")([^"]+)(")')
TOKEN = re.compile(r"<p>(GUIDEOUTPUT\d{4})</p>")


def on_page_content(html: str, page, config, files) -> str:  # type: ignore[no-untyped-def]
    """Put the output blocks in; make their download links relative to the page."""
    blocks = S.blocks.pop(page.file.src_path, {})
    html = TOKEN.sub(lambda m: blocks.get(m[1], m[0]), html)
    return DOWNLOAD.sub(lambda m: m[1] + get_relative_url(m[2], page.url) + m[3], html)

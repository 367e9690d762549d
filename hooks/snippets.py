"""MkDocs hook: each ``output`` fence on a page shows the output of this build's run of its snippet.

* ``on_config``: the :class:`buildkit.site.Site` of this mkdocs.yml; includes resolve from its folder.
* ``on_files``: every run the pages declare goes through :func:`buildkit.runs.ensure`, on every
  Python the site runs (stored runs are reused, missing ones run concurrently); each snippet is
  published for its download link.
* ``on_page_markdown`` / ``on_page_content``: a fence becomes a token, and the token the rendered
  block (:mod:`buildkit.render`), once the page's URL is known.

A run on the newest Python (the page's main output) that fails, hangs or writes stderr
unexpectedly fails ``mkdocs build``, naming its path; what older versions do is shown, not judged.
So does a snippet saved after its run (the page would show new code above the old output): the
page shows a run of the code it includes, or fails.
Under ``mkdocs serve`` the page shows the failure in place and every other page keeps working;
a failed run is never stored, so saving the fixed snippet runs it again. Serve does not wait for
runs either: pages show what is known, a 「正在运行…」 block where a run is under way, and the runs
go on in the background (:class:`buildkit.filler.Filler`), rebuilding the pages as they finish.
* ``on_serve``: ``mkdocs serve`` also watches the folder the background runs signal through.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils import get_relative_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # buildkit, next to hooks/

from buildkit.cache import CacheError
from buildkit.compare import minimum
from buildkit.model import Matrix, SnippetError, Spec, digest, version_key
from buildkit.pages import Page, PageError, fences, regular_snippet
from buildkit.pythons import PythonsError
from buildkit.render import output_block
from buildkit.runs import ensure, failures, unsettled
from buildkit.sandbox import ContainmentError
from buildkit.services import ServiceError
from buildkit.session import SESSION
from buildkit.site import Site

log = logging.getLogger("mkdocs.hooks.snippets")
TOKEN = re.compile(r"<p>(GUIDEOUTPUT\d{4})</p>")
SERVE_WAIT = 2.0  # seconds a serve build waits for runs it started before showing 「正在运行…」


class SnippetOutputs:
    def __init__(self) -> None:
        self.site: Site | None = None
        self.results: dict[Spec, Matrix] = {}
        # page → token → the run shown there, and what the page says changed between versions
        self.tokens: dict[str, dict[str, tuple[Spec, dict[str, str]]]] = {}
        self.ran: dict[str, str | None] = {}  # each file the runs executed → its digest once they ended
        self.pending: dict[Spec, tuple[str, ...]] = {}  # under serve: the versions still running
        self.stopped: str | None = None  # under serve: why the runs in the background ended early

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        # pymdownx.snippets resolves base_path from the current directory: pin it to mkdocs.yml's.
        config.mdx_configs.setdefault("pymdownx.snippets", {})["base_path"] = [str(root)]
        self.site = SESSION.site(root, Path(config.docs_dir))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        site = self.site
        assert site is not None
        specs: list[Spec] = []
        for f in files.documentation_pages():
            if f.abs_src_path is None:
                continue  # generated in memory by a plugin: no output fences
            try:
                page_specs = Page.read(Path(f.abs_src_path)).specs
            except PageError as e:
                raise PluginError(f"{f.src_uri}: {e}") from e
            for spec in page_specs:
                for path in spec.files:
                    if why := _not_runnable(site.root, path):
                        raise PluginError(f"{f.src_uri}: {_short(spec.command)}: {why}")
            specs += page_specs
        if not site.execute:
            self.results = {}
        elif SESSION.command == "serve":
            self.results, self.pending = self._fill(specs, site)
        else:
            self.results = self._run(specs, site)
        self.ran = {p: _digest(site.root / p) for spec in self.results for p in spec.files}
        for path in dict.fromkeys(p for spec in specs for p in spec.files):
            if files.get_file_from_path(path) is None:
                files.append(File(path, str(site.root), config.site_dir, config.use_directory_urls))
        return files

    def _run(self, specs: list[Spec], site: Site) -> dict[Spec, Matrix]:
        try:
            results = ensure(specs, site)
        except (ServiceError, PythonsError, CacheError, ContainmentError) as e:
            raise PluginError(str(e)) from e
        for m in results.values():
            _cross_check(m)
        if failed := failures(results.values(), site):
            raise PluginError(str(SnippetError(failed)))
        return results

    def _fill(self, specs: list[Spec], site: Site) -> tuple[dict[Spec, Matrix], dict[Spec, tuple[str, ...]]]:
        """Under serve: what is known now; the rest runs in the background (a quick one, such as a
        snippet just edited, may finish within this build)."""
        filler = SESSION.filler(site)
        known = filler.available(specs)
        if known.missing:
            filler.start(known.missing)
            if filler.wait(SERVE_WAIT):
                known = filler.available(specs)
        self.stopped = filler.stopped
        results, pending = {}, {}
        for spec, runs in known.runs.items():
            if runs[0] is not None:
                results[spec] = Matrix(spec, tuple(r for r in runs if r is not None))
            if None in runs:
                pending[spec] = tuple(i.minor for i, r in zip(site.pythons, runs, strict=True) if r is None)
        complete = [m for spec, m in results.items() if spec not in pending]
        for m in complete:
            _cross_check(m)
        failed = failures(results.values(), site)
        if failed and SESSION.once(message := str(SnippetError(failed))):
            # Not through MkDocs' logger: with strict: true it would abort the whole served site.
            print(f"{message}\n(这些失败显示在各自的页面上；改好并保存示例后会重新运行)", file=sys.stderr)
        return results, pending

    def on_serve(
        self, server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., None]
    ) -> LiveReloadServer:
        server.watch(str(SESSION.signals))
        return server

    @event_priority(100)  # before any other Markdown processing
    def on_page_markdown(self, markdown: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        """Each output fence becomes a token (a token survives any nesting: tabs, admonitions)."""
        lines = markdown.splitlines()
        tokens: dict[str, tuple[Spec, dict[str, str]]] = {}
        for fence in reversed(list(fences(markdown))):
            if fence.is_output:
                token = f"GUIDEOUTPUT{len(tokens):04d}"
                tokens[token] = (fence.spec(), fence.changes())
                lines[fence.start : fence.end + 1] = [fence.indent + token]
        self.tokens[page.file.src_uri] = tokens
        return "\n".join(lines) + "\n"

    def on_page_content(self, html: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        tokens = self.tokens.pop(page.file.src_uri, {})

        def block(m: re.Match[str]) -> str:
            if m[1] not in tokens:
                return m[0]
            spec, changes = tokens[m[1]]
            url_of = lambda path: get_relative_url(path, page.url)  # noqa: E731
            matrix, pending = self._as_ran(spec), self.pending.get(spec, ())
            stopped = self.stopped if pending else None
            ident = m[1][-4:]
            return output_block(spec, matrix, url_of, ident=ident, changes=changes, pending=pending, stopped=stopped)

        return TOKEN.sub(block, html)

    def _as_ran(self, spec: Spec) -> Matrix | None:
        """The spec's runs, if the page includes the very code they ran. A snippet saved since
        (the page would show the new code above the old output) fails the build; under ``mkdocs
        serve`` its page shows the failure until the rebuild the save starts."""
        matrix = self.results.get(spec)
        assert self.site is not None
        if matrix is None or all(_digest(self.site.root / p) == self.ran.get(p) for p in spec.files):
            return matrix
        if SESSION.command != "serve":
            raise PluginError(f"snippet {spec.command}: saved after its run; the page would show another version")
        return Matrix(spec, (unsettled(matrix.main), *matrix.results[1:]))


def _not_runnable(root: Path, path: str) -> str | None:
    """Why ``path`` cannot run (not a regular file under snippets/), in one line; None when it can."""
    try:
        if regular_snippet(root, path):
            return None
        why = "not a regular file under snippets/"
    except (OSError, ValueError) as e:  # a name too long for the system (a folder nested thousands deep), ...
        why = f"cannot be read ({e.strerror if isinstance(e, OSError) else e})"
    return f"{_short(path)} {why}"


def _digest(path: Path) -> str | None:
    try:
        return digest(path)
    except OSError:  # gone since
        return None


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else f"{text[: limit // 2]}…{text[-limit // 2 :]} ({len(text)} characters)"


def _cross_check(matrix: Matrix) -> None:
    """The measured minimum against what the code reads as needing (vermin): said once per process,
    never fatal. A snippet that fails on the newest Python has no measured minimum to compare."""
    needs = matrix.main.needs
    if needs is None or matrix.main.problem() is not None:
        return
    measured = minimum(matrix)
    if len(measured.checked) < 2 or measured.version == needs.python:
        return
    oldest = measured.checked[-1]
    if version_key(needs.python) < version_key(oldest) and measured.version == oldest:
        return  # the code reads as older than anything here: nothing to compare
    said = (matrix.spec.command, measured.version, measured.reason, needs.python)
    if not SESSION.once(repr(said)):
        return
    log.info(
        "%s: measured minimum Python %s%s, the code reads as %s%s",
        matrix.spec.command,
        measured.version,
        f" ({measured.reason})" if measured.reason else "",
        needs.python,
        f" ({', '.join(needs.because)})" if needs.because else "",
    )


_hook = SnippetOutputs()
on_config = _hook.on_config
on_files = _hook.on_files
on_page_markdown = _hook.on_page_markdown
on_page_content = _hook.on_page_content
on_serve = _hook.on_serve


def on_startup(command: str, dirty: bool) -> None:
    SESSION.command = command


def on_shutdown() -> None:
    SESSION.close()

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
a failed run is never stored, so saving the fixed snippet runs it again.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
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
from buildkit.runs import ensure, unsettled
from buildkit.sandbox import ContainmentError
from buildkit.services import ServiceError
from buildkit.session import SESSION
from buildkit.site import Site

log = logging.getLogger("mkdocs.hooks.snippets")
TOKEN = re.compile(r"<p>(GUIDEOUTPUT\d{4})</p>")


class SnippetOutputs:
    def __init__(self) -> None:
        self.site: Site | None = None
        self.results: dict[Spec, Matrix] = {}
        # page → token → the run shown there, and what the page says changed between versions
        self.tokens: dict[str, dict[str, tuple[Spec, dict[str, str]]]] = {}
        self.ran: dict[str, str | None] = {}  # each file the runs executed → its digest once they ended

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
        self.results = self._run(specs, site) if site.execute else {}
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
        failures = [m.main for m in results.values() if m.main.problem()]
        for m in results.values():
            _cross_check(m)
        if failures and SESSION.command == "serve":
            # Not through MkDocs' logger: with strict: true it would abort the whole served site.
            print(
                f"{SnippetError(failures)}\n(这些失败显示在各自的页面上；改好并保存示例后会重新运行)", file=sys.stderr
            )
        elif failures:
            raise PluginError(str(SnippetError(failures)))
        return results

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
            return output_block(spec, self._as_ran(spec), url_of, ident=m[1][-4:], changes=changes)

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
    """The measured minimum against what the code reads as needing (vermin): said, never fatal."""
    needs = matrix.main.needs
    measured = minimum(matrix)
    if needs is None or len(measured.checked) < 2 or measured.version == needs.python:
        return
    oldest = measured.checked[-1]
    if version_key(needs.python) < version_key(oldest) and measured.version == oldest:
        return  # the code reads as older than anything here: nothing to compare
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


def on_startup(command: str, dirty: bool) -> None:
    SESSION.command = command


def on_shutdown() -> None:
    SESSION.close()

"""MkDocs hook: each ``output`` fence on a page shows the output of this build's run of its snippet.

* ``on_config``: the :class:`buildkit.site.Site` of this mkdocs.yml; includes resolve from its folder.
* ``on_files``: every run the pages declare goes through :func:`buildkit.runs.ensure` (stored runs
  are reused, missing ones run concurrently); each snippet is published for its download link.
* ``on_page_markdown`` / ``on_page_content``: a fence becomes a token, and the token the rendered
  block (:mod:`buildkit.render`), once the page's URL is known.

A run that fails, hangs or writes stderr unexpectedly fails ``mkdocs build``, naming its path.
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

from buildkit.model import Result, SnippetError, Spec
from buildkit.pages import Page, PageError, fences, regular_snippet
from buildkit.render import output_block
from buildkit.runs import ensure
from buildkit.services import ServiceError
from buildkit.session import SESSION
from buildkit.site import Site

log = logging.getLogger("mkdocs.hooks.snippets")
TOKEN = re.compile(r"<p>(GUIDEOUTPUT\d{4})</p>")


class SnippetOutputs:
    def __init__(self) -> None:
        self.site: Site | None = None
        self.results: dict[Spec, Result] = {}
        self.tokens: dict[str, dict[str, Spec]] = {}  # page → token → the run shown there

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
                bad = [p for p in spec.files if not regular_snippet(site.root, p)]
                if bad:
                    raise PluginError(f"{f.src_uri}: {spec.command}: {bad[0]} is not a regular file under snippets/")
            specs += page_specs
        self.results = self._run(specs, site) if site.execute else {}
        for path in dict.fromkeys(p for spec in specs for p in spec.files):
            if files.get_file_from_path(path) is None:
                files.append(File(path, str(site.root), config.site_dir, config.use_directory_urls))
        return files

    def _run(self, specs: list[Spec], site: Site) -> dict[Spec, Result]:
        try:
            results = ensure(specs, site)
        except ServiceError as e:
            raise PluginError(str(e)) from e
        failures = [r for r in results.values() if r.problem()]
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
        tokens: dict[str, Spec] = {}
        for fence in reversed(list(fences(markdown))):
            if fence.is_output:
                token = f"GUIDEOUTPUT{len(tokens):04d}"
                tokens[token] = fence.spec()
                lines[fence.start : fence.end + 1] = [fence.indent + token]
        self.tokens[page.file.src_uri] = tokens
        return "\n".join(lines) + "\n"

    def on_page_content(self, html: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        tokens = self.tokens.pop(page.file.src_uri, {})

        def block(m: re.Match[str]) -> str:
            spec = tokens.get(m[1])
            if spec is None:
                return m[0]
            return output_block(spec, self.results.get(spec), lambda path: get_relative_url(path, page.url))

        return TOKEN.sub(block, html)


_hook = SnippetOutputs()
on_config = _hook.on_config
on_files = _hook.on_files
on_page_markdown = _hook.on_page_markdown
on_page_content = _hook.on_page_content


def on_startup(command: str, dirty: bool) -> None:
    SESSION.command = command


def on_shutdown() -> None:
    SESSION.close()

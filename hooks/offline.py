"""MkDocs hook: the site keeps working offline after a first visit (a service worker).

The worker is ``overrides/sw.js`` (copied to the site root with the theme). After the build this
hook writes the one thing it needs from the build, ``sw-files.js``: the list of every file of the
site (pages, assets, search index, snippet files; not source maps) and a version derived from
their contents. On first visit the worker caches them all; afterwards every request goes to the network
first (so ``mkdocs serve`` and a fresh deploy are never stale) and falls back to the cache when the
network is gone. A new build gets a new version, which replaces the old cache.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

SKIP_SUFFIXES = (".map", ".gz")
MANIFEST = "sw-files.js"
# lunr's stemmers and segmenters for other languages (the site searches Chinese): fetched on demand
OTHER_LUNR = re.compile(
    r"assets/javascripts/lunr/(min/lunr\.(?!zh\.|multi\.|stemmer\.)[a-z]+\.min\.js|wordcut\.js|tinyseg\.js)$"
)


def site_files(site: Path) -> list[str]:
    """URLs relative to the site root: a directory's index.html is cached under the directory URL."""
    urls = []
    for f in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = f.relative_to(site).as_posix()
        if rel in ("sw.js", MANIFEST) or rel.endswith(SKIP_SUFFIXES) or OTHER_LUNR.match(rel):
            continue
        if rel == "index.html":
            rel = "./"
        elif rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        urls.append(rel)
    return urls


@event_priority(50)  # before hooks/atomic_site.py swaps the finished site into place
def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    files = site_files(site)
    digest = hashlib.sha256()
    for rel in files:
        path = site / (rel + "index.html" if rel.endswith("/") else rel)
        digest.update(rel.encode() + b"\0" + path.read_bytes())
    version = "guide-" + digest.hexdigest()[:16]
    manifest = json.dumps({"version": version, "files": files}, ensure_ascii=False)
    (site / MANIFEST).write_text(f"self.SITE = {manifest};\n", "utf-8")

"""Read output blocks back out of built HTML (tests, benchmarks)."""

from __future__ import annotations

import html
import re

BLOCK = re.compile(
    r'<div class="snippet-output" data-snippet="(?P<path>[^"]*)" data-exit="(?P<exit>[^"]*)"[^>]*>'
    r'<div class="language-text highlight"><span class="filename">(?P<title>[^<]*)</span>'
    r"<pre><span></span><code[^>]*>(?P<code>.*?)</code></pre></div>",  # <code tabindex role aria-label>
    re.S,
)


def output_blocks(page_html: str) -> dict[str, str]:
    """snippet path -> the text its output block shows (unescaped)."""
    return {m["path"]: html.unescape(m["code"]) for m in BLOCK.finditer(page_html)}

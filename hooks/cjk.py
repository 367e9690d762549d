"""MkDocs hook: a line break between two Chinese characters is not a space.

Pages keep their source wrapped (short lines, readable diffs), but a soft line break in HTML renders
as a space, and in Chinese text that space is a visible gap: 「一个协程 对象」. This hook removes a
soft break (newline plus any indentation around it) when the characters on both sides are CJK
(ideographs, kana, CJK and full-width punctuation), also across inline tags such as ``</abbr>`` or
``<a …>``. A break next to a Latin letter or digit stays a space, as the copywriting lint wants.
Code (``<pre>``, ``<code>``), scripts, styles and text areas are left exactly as they are.
"""

from __future__ import annotations

import re

CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_INLINE = r"(?:</?(?:abbr|a|em|strong|b|i|span|mark|del|ins|sup|sub)\b[^>]*>)*"
SOFT_BREAK = re.compile(rf"(?<=[{CJK}])({_INLINE})[ \t]*\n[ \t]*({_INLINE})(?=[{CJK}])")
_VERBATIM = re.compile(r"(<(pre|code|script|style|textarea)\b.*?</\2>)", re.S | re.I)


def join_cjk_lines(html: str) -> str:
    parts = _VERBATIM.split(html)
    out = []
    # split() with two groups yields: text, whole verbatim element, its tag name, text, …
    for i in range(0, len(parts), 3):
        out.append(SOFT_BREAK.sub(r"\1\2", parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)


def on_page_content(html, page, config, files):
    return join_cjk_lines(html)

"""HTML of an output block: what a snippet printed, escaped, titled 输出, below its source."""

from __future__ import annotations

import html

from .runner import Result


def _escape(text: str) -> str:
    # html.escape covers <, >, & and quotes; also neutralise what Markdown extensions could
    # still see in a raw HTML block: snippet markers ("--8<--" needs "<", already escaped),
    # Jinja/attr braces and emphasis are inert inside a stashed HTML block.
    return html.escape(text, quote=True)


def output_block(result: Result) -> str:
    spec = result.spec
    body = result.output
    if result.truncated_bytes:
        body += f"\n… 输出过长，已截断 {result.truncated_bytes} 字节 (output truncated)\n"
    title = "输出"
    if spec.expect_error:
        title = f"输出（预期的异常，退出状态 {result.returncode}）"
    timeline = ""
    if result.events:
        from .timeline import svg

        timeline = svg(result.events)
    return (
        f'<div class="snippet-output" data-snippet="{html.escape(spec.path)}" '
        f'data-exit="{result.returncode}" data-seconds="{result.duration:.3f}">'
        f'<div class="language-text highlight"><span class="filename">{title}</span>'
        f"<pre><span></span><code>{_escape(body.rstrip())}</code></pre></div>"
        f"{timeline}</div>"
    )


def placeholder(path: str) -> str:
    return (
        f'<div class="snippet-output" data-snippet="{html.escape(path)}" data-exit="">'
        '<div class="language-text highlight"><span class="filename">输出（本次构建未执行：GUIDE_EXECUTE=0）</span>'
        "<pre><span></span><code></code></pre></div></div>"
    )

"""HTML of an output block: what a snippet printed, escaped, titled 输出, below its source."""

from __future__ import annotations

import html

from .runner import CONTENDED, EXCLUSIVE_ATTEMPTS, Result


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
        f"<pre><span></span><code{reachable(spec.path, title)}>{_escape(body.rstrip())}</code></pre></div>"
        f"{timeline}{contended_line(result)}{needs_line(spec.path, result.needs)}</div>"
    )


def reachable(path: str, title: str) -> str:
    """Attributes of an output's <code>, the element that scrolls: a keyboard reaches it (Tab, then the
    arrow keys scroll it; Material's script drops the tabindex where nothing overflows) and a screen
    reader announces it as a region, e.g. 「输出：snippets/x/y.py」."""
    return f' tabindex="0" role="region" aria-label="{html.escape(title)}：{html.escape(path)}"'


def contended_line(result: Result) -> str:
    """An exclusive run that never got the machine to itself says so next to its timings."""
    if result.contention <= CONTENDED:
        return ""
    return (
        '<p class="snippet-contended">⚠ 构建时其他进程平均占用了 '
        f"{result.contention:.1f} 个 CPU（测了 {EXCLUSIVE_ATTEMPTS} 次都是如此），"
        "上面的计时和加速比偏离了空闲机器上的结果。</p>"
    )


def needs_line(path: str, needs: dict | None) -> str:
    """Download link, the Python it needs (and why), the packages to install, the Python that ran it.

    The link's href is relative to the site root (``snippets/…``); the build hook rewrites it
    relative to each page, since neither show() in the kernel nor the hook knows the page here.
    """
    if needs is None:
        return ""
    name = html.escape(path.rsplit("/", 1)[-1])
    parts = [f'<a class="snippet-download" href="{html.escape(path)}" download="{name}">下载 {name}</a>']
    why = "、".join(f"<code>{html.escape(b)}</code>" for b in needs["because"])
    parts.append(
        f'<span class="snippet-python">需要 Python ≥ {html.escape(needs["python"])}</span>'
        + (f"（{why}）" if why else "")
    )
    if needs["packages"]:
        pins = " ".join(html.escape(f"{d}=={v}" if v else d) for d, v in needs["packages"])
        parts.append(f'<span class="snippet-packages">依赖 <code>pip install {pins}</code></span>')
    parts.append(f'<span class="snippet-ran-on">输出来自 Python {html.escape(needs["ran_on"])}</span>')
    return '<p class="snippet-needs">' + " · ".join(parts) + "</p>"


def placeholder(path: str) -> str:
    return (
        f'<div class="snippet-output" data-snippet="{html.escape(path)}" data-exit="">'
        '<div class="language-text highlight"><span class="filename">输出（本次构建未执行：GUIDE_EXECUTE=0）</span>'
        "<pre><span></span><code></code></pre></div></div>"
    )

"""Read output blocks back out of built HTML, with a real HTML parser (tests, benchmarks)."""

from __future__ import annotations

from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag


@dataclass(frozen=True)
class OutputBlock:
    path: str
    args: tuple[str, ...]
    exit: str  # the exit status, "timeout", or "" when the build did not run it
    title: str  # 输出 / 输出（预期的异常，退出状态 1）/ …
    text: str  # what the run on the newest Python printed, as the page shows it
    failed: bool  # shown as a failure (mkdocs serve with a broken snippet)
    element: Tag  # the whole block, for anything else a test looks at
    python: str = ""  # the version that printed ``text``, e.g. "3.13.0"
    versions: tuple[tuple[str, str], ...] = ()  # (tab label, text) when versions print differently

    @property
    def command(self) -> str:
        return " ".join([self.path, *self.args])


def output_blocks(page_html: str) -> list[OutputBlock]:
    soup = BeautifulSoup(page_html, "html.parser")
    blocks = []
    for div in soup.select("div.snippet-output"):
        code = div.select_one("pre code")
        title = div.select_one(".filename, .admonition-title")
        blocks.append(
            OutputBlock(
                path=str(div.get("data-snippet", "")),
                args=tuple(str(div.get("data-args", "")).split()),
                exit=str(div.get("data-exit", "")),
                title=title.get_text() if title else "",
                text=code.get_text() if code else "",
                failed="snippet-failed" in (div.get("class") or []),
                element=div,
                python=str(div.get("data-python", "")),
                versions=tuple(
                    (str(tab.get("data-python", "")), code.get_text() if (code := tab.select_one("pre code")) else "")
                    for tab in div.select(".snippet-version")
                ),
            )
        )
    return blocks


def outputs(page_html: str) -> dict[str, str]:
    """command (``path [args…]``) → the text its output block shows."""
    return {b.command: b.text for b in output_blocks(page_html)}

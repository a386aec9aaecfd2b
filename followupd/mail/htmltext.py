"""HTML part to plain text, keeping quoted history recognisable.

Blockquotes (Apple Mail ``type=cite``, Gmail ``gmail_quote``, Thunderbird ``moz-cite-prefix``)
become ``> `` lines, so quote stripping works the same way on HTML-only replies.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCK = frozenset((
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre",
    "section", "table", "tr", "ul",
))
_SKIP = frozenset(("script", "style", "head", "title"))


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.quote_depth = 0
        self.skip_depth = 0

    def _flush(self) -> None:
        line = " ".join("".join(self.current).split())
        self.current = []
        prefix = "> " * self.quote_depth
        if line or (self.lines and self.lines[-1] != prefix.rstrip()):
            self.lines.append((prefix + line).rstrip())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip_depth += 1
        elif tag in _BLOCK:
            self._flush()
            if tag == "blockquote":
                self.quote_depth += 1
        elif tag == "td":
            self.current.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCK:
            self._flush()
            if tag == "blockquote":
                self.quote_depth = max(0, self.quote_depth - 1)

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.current.append(data)


def html_to_text(html: str) -> str:
    collector = _TextCollector()
    try:
        collector.feed(html)
        collector.close()
    except (AssertionError, ValueError):  # html.parser asserts on some broken markup
        return re.sub(r"<[^>]{0,2000}>", " ", html)
    collector._flush()
    return "\n".join(collector.lines).strip()

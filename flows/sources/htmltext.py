"""Strip HTML fragments (feed summaries and contents) down to readable plain text.

A small `html.parser` subclass: drops script/style/template contents, turns block-level
elements into paragraph breaks and `<br>` into line breaks, unescapes entities, and collapses
runs of whitespace. Used for fragments, where trafilatura's whole-page heuristics do not fit.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCK_TAGS: frozenset[str] = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "aside", "blockquote", "pre",
        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table",
        "tr", "figure", "figcaption", "hr",
    }
)  # fmt: skip
SKIPPED_TAGS: frozenset[str] = frozenset({"script", "style", "template", "noscript", "head"})

_WHITESPACE = re.compile(r"\s+")
"""Whitespace inside text (newlines included) is one space, as in rendered HTML."""
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BREAKS = re.compile(r"\n\s*\n\s*")


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(_WHITESPACE.sub(" ", data))


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, paragraphs separated by one blank line."""
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    text = "".join(collector.parts)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BREAKS.sub("\n\n", "\n".join(lines)).strip()

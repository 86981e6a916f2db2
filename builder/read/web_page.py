"""Text and metadata of a saved web page, with the standard library's HTML parser.

Only text is kept: scripts, styles, navigation and forms are dropped, and no
markup from the page ever reaches the site.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from html.parser import HTMLParser

_SKIPPED = frozenset({"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "svg", "iframe", "template", "button"})
_BLOCKS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "section", "article", "br", "figcaption"})
_META_KEYS = {
    "og:title": "title",
    "twitter:title": "title",
    "og:site_name": "source",
    "author": "author",
    "article:author": "author",
    "article:published_time": "published",
    "date": "published",
    "og:url": "url",
}


@dataclass
class Page:
    """What a saved web page says about itself."""

    title: str = ""
    """The page's headline: `og:title`, else the first `<h1>`, else `<title>`."""
    text: str = ""
    """Readable text, one paragraph a line, blank lines between paragraphs."""
    meta: dict[str, object] = field(default_factory=dict)
    """Front-matter-like metadata found in `<meta>` and `<link rel=canonical>`."""


def extract(document: str) -> Page:
    """Parse an HTML document into a `Page`."""
    parser = _TextParser()
    parser.feed(document)
    parser.close()
    title = str(parser.meta.pop("title", "") or parser.h1 or parser.title)
    paragraphs = [" ".join(block.split()) for block in parser.blocks]
    paragraphs = [paragraph for paragraph in paragraphs if paragraph]
    if paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    return Page(title=html.unescape(title).strip(), text="\n\n".join(paragraphs), meta=parser.meta)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = [""]
        self.meta: dict[str, object] = {}
        self.title = ""
        self.h1 = ""
        self._skip_depth = 0
        self._in_title = False
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta":
            self._meta(values)
        elif tag == "link" and values.get("rel", "").lower() == "canonical":
            self.meta.setdefault("url", values.get("href", ""))
        elif tag in _SKIPPED:
            self._skip_depth += 1
        elif tag == "title":
            self._in_title = True
        elif tag == "h1":
            self._in_h1 = True
        if tag in _BLOCKS:
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and self._skip_depth:
            self._skip_depth -= 1
        elif tag == "title":
            self._in_title = False
        elif tag == "h1":
            self._in_h1 = False
        if tag in _BLOCKS:
            self.blocks.append("")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if self._skip_depth:
            return
        if self._in_h1 and not self.h1:
            self.h1 = " ".join(data.split())
        self.blocks[-1] += data

    def _meta(self, values: dict[str, str]) -> None:
        name = (values.get("property") or values.get("name") or "").lower()
        key = _META_KEYS.get(name)
        content = values.get("content", "").strip()
        if key and content and key not in self.meta:
            self.meta[key] = content

"""The entries of a downloaded feed: RSS 0.9x, 1.0 and 2.0 and Atom with feedparser, JSON Feed 1.0 and 1.1 as JSON.

An XML feed that declares entities is refused before any parser sees it, as
defusedxml refuses them: entity declarations are how "billion laughs" bombs
and external-entity reads begin, and no real feed needs one. (feedparser
strips unsafe declarations itself and expat limits expansion; refusing says
so to the editor instead of publishing a half-read feed.)
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from builder.model.errors import FetchError

JSON_FEED_VERSIONS = ("https://jsonfeed.org/version/1", "https://jsonfeed.org/version/1.1")
_PROLOG_END = re.compile(rb"<[A-Za-z_]")
"""The root element's start: entity declarations can only come before it."""
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_FORMATS = {"rss090": "RSS 0.90", "rss091n": "RSS 0.91", "rss091u": "RSS 0.91", "rss092": "RSS 0.92", "rss093": "RSS 0.93",
            "rss094": "RSS 0.94", "rss20": "RSS 2.0", "rss10": "RSS 1.0", "rss": "RSS", "atom10": "Atom 1.0", "atom03": "Atom 0.3",
            "atom": "Atom"}
"""feedparser's names of the formats we read, and ours."""


@dataclass(frozen=True)
class Entry:
    """One item of a feed: a link to an article."""

    id: str
    """The entry's id (RSS `guid`, Atom `id`, JSON Feed `id`), else its link."""
    link: str
    """The article's address, absolute."""
    title: str
    """The entry's title ('' when it has none)."""
    author: str | None = None
    """The entry's author, if named."""
    published: dt.date | None = None
    """When the entry says it was published (or last updated), if it says."""


@dataclass(frozen=True)
class Feed:
    """A feed's name and entries."""

    title: str
    """The feed's title: the outlet its articles are credited to."""
    format: str
    """The format it came in, e.g. "RSS 2.0", "Atom 1.0", "JSON Feed 1.1"."""
    entries: tuple[Entry, ...]
    """The entries with a link, in the feed's order."""


def parse_feed(body: bytes, url: str, content_type: str) -> Feed | None:
    """The feed in `body`, downloaded from `url`; None when it is no feed; `FetchError` for a refused one."""
    if "json" in content_type or body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return _json_feed(body, url)
    prolog_end = _PROLOG_END.search(body)
    if _ENTITY_DECLARATION.search(body, 0, prolog_end.start() if prolog_end else len(body)):
        raise FetchError(url, "refused: the feed declares XML entities (<!ENTITY>), as entity bombs do; not expanded")
    return _xml_feed(body, url, content_type)


def _xml_feed(body: bytes, url: str, content_type: str) -> Feed | None:
    import feedparser  # imported here: only `briefing fetch` needs it

    # A stream, never bytes or text: feedparser opens a string that names a file or URL itself.
    parsed = feedparser.parse(io.BytesIO(body), response_headers={"content-location": url, "content-type": content_type or "application/xml"})
    if not parsed.get("version") or parsed.version not in _FORMATS:
        return None
    entries = []
    for item in parsed.entries:
        link = item.get("link") or ""
        if not link:
            continue
        stamp = item.get("published_parsed") or item.get("updated_parsed")
        entries.append(Entry(id=str(item.get("id") or link), link=urljoin(url, link), title=_text(item.get("title")),
                             author=_text(item.get("author")) or None, published=dt.date(*stamp[:3]) if stamp else None))
    return Feed(_text(parsed.feed.get("title")), _FORMATS[parsed.version], tuple(entries))


def _json_feed(body: bytes, url: str) -> Feed | None:
    try:
        document = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(document, dict) or document.get("version") not in JSON_FEED_VERSIONS:
        return None
    items = document.get("items")
    entries = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        link = item.get("url") or item.get("external_url")
        if not isinstance(link, str) or not link.strip():
            continue
        link = urljoin(url, link.strip())
        entries.append(Entry(id=str(item.get("id") or link), link=link, title=_text(item.get("title")),
                             author=_json_author(item) or _json_author(document), published=_json_date(item)))
    version = "1.1" if document["version"].endswith("1.1") else "1.0"
    return Feed(_text(document.get("title")), f"JSON Feed {version}", tuple(entries))


def _json_author(item: dict) -> str | None:
    """JSON Feed 1.1's `authors` list, or 1.0's `author` object."""
    authors = item.get("authors")
    candidates = authors if isinstance(authors, list) else [item.get("author")]
    names = [_text(author.get("name")) for author in candidates if isinstance(author, dict)]
    return ", ".join(name for name in names if name) or None


def _json_date(item: dict) -> dt.date | None:
    value = item.get("date_published") or item.get("date_modified")
    if not isinstance(value, str):
        return None
    try:
        return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""

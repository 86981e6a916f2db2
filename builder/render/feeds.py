"""The latest stories as feeds: `feed.xml` (Atom, RFC 4287) and `feed.json` (JSON Feed 1.1).

Both are rendered in memory like the pages and written into the docs folder,
so MkDocs copies them into the site. Each entry is a story: its headline, its
summary and a link to every source (the original and the full text here).

Addresses are absolute when the site's `site_url` is set. Without it they are
relative to the site root, where the feeds live: Atom resolves them against the
feed's own address, and most JSON Feed readers do too, but some need
`site_url` (see README, "Feeds"). Entry ids never depend on the address: they
are `urn:uuid:` names made from the story id, so moving the site does not make
every story look new.

Dates are days (front matter `published`), written as midnight UTC. A story
without any dated article has none: Atom asks for `updated` on every entry, but
the builder never invents a date, so such entries go without (feed readers,
feedparser included, accept this).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import uuid
import xml.etree.ElementTree as ET

from builder.render import archive
from builder.render import markup
from builder.model import Article, Digest, Story
from builder.model.config import FeedSettings
from builder.render.blocks import ATOM_FEED, JSON_FEED, page_url, story_address

FEED_STORIES = 50
"""How many stories a feed holds: the newest."""
ATOM_NS = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://briefing-builder.invalid/story")


def feed_files(digest: Digest, settings: FeedSettings) -> dict[str, str]:
    """Both feeds, by their path in the docs folder."""
    return {ATOM_FEED: atom_feed(digest, settings), JSON_FEED: json_feed(digest, settings)}


def latest_stories(digest: Digest, count: int = FEED_STORIES) -> list[Story]:
    """The `count` newest stories (by their newest article); undated ones after, in front-page order."""
    order = archive.front_page_order(digest)
    rank = {story.id: index for index, story in enumerate(order)}

    def newest_first(story: Story) -> tuple:
        date = archive.story_date(digest, story)
        return (date is None, -(date.toordinal() if date else 0), rank[story.id])

    return sorted(order, key=newest_first)[:count]


def story_uri(story: Story) -> str:
    """A permanent, address-independent id for the story (`urn:uuid:...`)."""
    return uuid.uuid5(_ID_NAMESPACE, story.id).urn


def atom_feed(digest: Digest, settings: FeedSettings) -> str:
    """The Atom document: one entry per story, newest first."""
    ET.register_namespace("", ATOM_NS)
    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    _add(feed, "title", settings.title)
    if settings.description:
        _add(feed, "subtitle", settings.description)
    _add(feed, "id", settings.url("") if settings.site_url else f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, 'feed')}")
    _add(feed, "link", rel="self", type="application/atom+xml", href=settings.url(ATOM_FEED))
    _add(feed, "link", rel="alternate", type="text/html", href=settings.url(""))
    newest = archive.latest_date(digest)
    if newest:
        _add(feed, "updated", _timestamp(newest))
    author = _add(feed, "author")
    _add(author, "name", settings.title)
    _add(feed, "generator", "briefing-builder")
    for story in latest_stories(digest):
        _atom_entry(feed, digest, story, settings)
    ET.indent(feed, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _atom_entry(feed: ET.Element, digest: Digest, story: Story, settings: FeedSettings) -> None:
    articles = digest.articles_in(story)
    entry = _add(feed, "entry")
    _add(entry, "title", story.headline)
    _add(entry, "id", story_uri(story))
    _add(entry, "link", rel="alternate", type="text/html", href=settings.url(page_url(story_address(digest, story))))
    for article in articles:
        if markup.safe_url(article.url):
            _add(entry, "link", rel="related", href=markup.safe_url(article.url), title=article.source_label)
    dates = sorted(article.published for article in articles if article.published)
    if dates:
        _add(entry, "published", _timestamp(dates[0]))
        _add(entry, "updated", _timestamp(dates[-1]))
    for name in dict.fromkeys(article.source_label for article in articles):
        _add(_add(entry, "contributor"), "name", name)
    _add(entry, "summary", _summary_text(digest, story))
    _add(entry, "content", _content_html(digest, story, settings), type="html")


def json_feed(digest: Digest, settings: FeedSettings) -> str:
    """The JSON Feed 1.1 document: one item per story, newest first."""
    document: dict[str, object] = {
        "version": JSON_FEED_VERSION,
        "title": settings.title,
        "home_page_url": settings.url(""),
        "feed_url": settings.url(JSON_FEED),
    }
    if settings.description:
        document["description"] = settings.description
    document["authors"] = [{"name": settings.title}]
    document["language"] = "en"
    document["items"] = [_json_item(digest, story, settings) for story in latest_stories(digest)]
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _json_item(digest: Digest, story: Story, settings: FeedSettings) -> dict[str, object]:
    articles = digest.articles_in(story)
    item: dict[str, object] = {
        "id": story_uri(story),
        "url": settings.url(page_url(story_address(digest, story))),
        "title": story.headline,
        "summary": _summary_text(digest, story),
        "content_html": _content_html(digest, story, settings),
    }
    original = next((markup.safe_url(a.url) for a in articles if markup.safe_url(a.url)), None)
    if original:
        item["external_url"] = original
    dates = sorted(article.published for article in articles if article.published)
    if dates:
        item["date_published"] = _timestamp(dates[0])
        item["date_modified"] = _timestamp(dates[-1])
    item["authors"] = [{"name": name} for name in dict.fromkeys(article.source_label for article in articles)]
    item["tags"] = [digest.topic_of(story).label]
    return item


def _summary_text(digest: Digest, story: Story) -> str:
    """The story's summary as plain text (its lead article's summary)."""
    lead = digest.articles_in(story)[0]
    return " ".join(digest.summaries[lead.id].sentences) or story.headline


def _content_html(digest: Digest, story: Story, settings: FeedSettings) -> str:
    """The summary and a list of every source, as escaped HTML."""
    items = "".join(f"<li>{_source_html(article, settings)}</li>" for article in digest.articles_in(story))
    return f"<p>{html.escape(_summary_text(digest, story))}</p><p>Sources:</p><ul>{items}</ul>"


def _source_html(article: Article, settings: FeedSettings) -> str:
    parts = [f"<strong>{html.escape(article.source_label)}</strong>: {html.escape(article.title)}"]
    if article.published:
        parts.append(article.published.isoformat())
    if markup.safe_url(article.url):
        parts.append(f'<a href="{html.escape(markup.safe_url(article.url))}">original</a>')
    parts.append(f'<a href="{html.escape(settings.url(page_url(article.page)))}">full text</a>')
    return " · ".join(parts)


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element

"""feed.xml (Atom, checked with feedparser) and feed.json (JSON Feed 1.1, checked against its spec)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import feedparser

from builder.commands.pipeline import make_digest
from builder.model.config import BriefingConfig, FeedSettings, GroupSettings, SummarySettings
from builder.render.feeds import FEED_STORIES, JSON_FEED_VERSION, atom_feed, feed_files, json_feed, story_uri
from handmade import article, digest

DATED_CONTENT = Path(__file__).resolve().parent / "content_dated"
PUBLISHED = FeedSettings("Harbour Briefing", "https://news.example/briefing/", "Local news, summarized.")
UNPUBLISHED = FeedSettings("Harbour Briefing")
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")

BRIDGE = [article("bridge-a.md", "Bridge to reopen", "The bridge will reopen on Wednesday.", source="Coast Gazette",
                  published="2025-07-08", url="https://gazette.example/bridge"),
          article("bridge-b.md", "Bridge reopens", "The bridge reopened on Wednesday.", source="Riverside Times",
                  published="2025-07-09")]
MAP_UNDATED = [article("map.md", "Lost map found", "Archivists found a lost map.", source="Coast Gazette")]
HOSTILE = [article("x.md", 'Alert <script>alert("x")</script> & co', "Body <b>bold</b> & more.",
                   published="2025-07-01")]


def json_feed_problems(document: dict) -> list[str]:
    """What breaks the JSON Feed 1.1 spec (https://jsonfeed.org/version/1.1) in `document`."""
    problems = []
    if document.get("version") != JSON_FEED_VERSION:
        problems.append("version must be the 1.1 URL")
    if not isinstance(document.get("title"), str) or not document["title"]:
        problems.append("title is required")
    for key in ("home_page_url", "feed_url", "description", "language"):
        if key in document and not isinstance(document[key], str):
            problems.append(f"{key} must be a string")
    problems += _authors_problems(document.get("authors", []), "feed")
    items = document.get("items")
    if not isinstance(items, list):
        return problems + ["items is required and must be an array"]
    ids = [item.get("id") for item in items]
    if len(set(map(str, ids))) != len(ids):
        problems.append("item ids must be unique")
    for index, item in enumerate(items):
        where = f"item {index}"
        if not isinstance(item.get("id"), str) or not item["id"]:
            problems.append(f"{where}: id is required and must be a string")
        if not isinstance(item.get("content_html"), str) and not isinstance(item.get("content_text"), str):
            problems.append(f"{where}: content_html or content_text is required")
        for key in ("url", "external_url", "title", "summary", "content_html", "content_text", "image"):
            if key in item and not isinstance(item[key], str):
                problems.append(f"{where}: {key} must be a string")
        for key in ("date_published", "date_modified"):
            if key in item and not RFC3339.fullmatch(item[key]):
                problems.append(f"{where}: {key} must be RFC 3339")
        if "tags" in item and not all(isinstance(tag, str) for tag in item["tags"]):
            problems.append(f"{where}: tags must be strings")
        problems += _authors_problems(item.get("authors", []), where)
    return problems


def _authors_problems(authors: object, where: str) -> list[str]:
    if not isinstance(authors, list):
        return [f"{where}: authors must be an array"]
    return [f"{where}: an author needs a name, url or avatar" for author in authors
            if not isinstance(author, dict) or not any(isinstance(author.get(k), str) for k in ("name", "url", "avatar"))]


def test_atom_feed_parses_cleanly_with_one_entry_per_story_newest_first():
    parsed = feedparser.parse(atom_feed(digest([MAP_UNDATED, BRIDGE]), PUBLISHED))
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Harbour Briefing"
    assert parsed.feed.updated == "2025-07-09T00:00:00Z"
    assert [entry.title for entry in parsed.entries] == ["Bridge to reopen", "Lost map found"]
    bridge = parsed.entries[0]
    assert bridge.link == "https://news.example/briefing/stories/story-1/"
    assert bridge.published == "2025-07-08T00:00:00Z" and bridge.updated == "2025-07-09T00:00:00Z"
    assert bridge.summary.startswith("The bridge will reopen on Wednesday.")
    assert "https://gazette.example/bridge" in bridge.content[0].value
    assert f"https://news.example/briefing/{BRIDGE[1].page.removesuffix('.md')}/" in bridge.content[0].value
    assert [c.name for c in bridge.contributors] == ["Coast Gazette", "Riverside Times"]


def test_undated_stories_have_no_invented_date():
    parsed = feedparser.parse(atom_feed(digest([MAP_UNDATED]), PUBLISHED))
    assert parsed.bozo == 0
    assert "updated" not in parsed.feed and "updated" not in parsed.entries[0]
    item = json.loads(json_feed(digest([MAP_UNDATED]), PUBLISHED))["items"][0]
    assert "date_published" not in item and "date_modified" not in item


def test_json_feed_follows_the_spec_with_summary_and_source_links():
    document = json.loads(json_feed(digest([MAP_UNDATED, BRIDGE]), PUBLISHED))
    assert json_feed_problems(document) == []
    assert document["feed_url"] == "https://news.example/briefing/feed.json"
    bridge = document["items"][0]
    assert bridge["title"] == "Bridge to reopen"
    assert bridge["url"] == "https://news.example/briefing/stories/story-1/"
    assert bridge["external_url"] == "https://gazette.example/bridge"
    assert bridge["date_published"] == "2025-07-08T00:00:00Z" and bridge["date_modified"] == "2025-07-09T00:00:00Z"
    assert bridge["summary"] == "The bridge will reopen on Wednesday."
    assert bridge["authors"] == [{"name": "Coast Gazette"}, {"name": "Riverside Times"}]
    assert '<a href="https://gazette.example/bridge">original</a>' in bridge["content_html"]


def test_without_site_url_links_are_relative_to_the_site_root():
    document = json.loads(json_feed(digest([BRIDGE]), UNPUBLISHED))
    assert json_feed_problems(document) == []
    assert (document["home_page_url"], document["feed_url"]) == ("./", "feed.json")
    assert document["items"][0]["url"] == "stories/story-0/"
    parsed = feedparser.parse(atom_feed(digest([BRIDGE]), UNPUBLISHED),
                              response_headers={"content-location": "http://localhost:8000/feed.xml",
                                                "content-type": "application/atom+xml"})
    assert parsed.bozo == 0
    assert parsed.entries[0].link == "http://localhost:8000/stories/story-0/"


def test_entry_ids_are_permanent_and_do_not_depend_on_the_address():
    made = digest([BRIDGE])
    published = json.loads(json_feed(made, PUBLISHED))["items"][0]["id"]
    unpublished = json.loads(json_feed(made, UNPUBLISHED))["items"][0]["id"]
    assert published == unpublished == story_uri(made.stories[0])
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", published)
    assert feedparser.parse(atom_feed(made, PUBLISHED)).entries[0].id == published


def test_article_text_in_feeds_stays_text():
    made = digest([HOSTILE])
    parsed = feedparser.parse(atom_feed(made, PUBLISHED), sanitize_html=False)
    assert parsed.bozo == 0
    assert parsed.entries[0].title == 'Alert <script>alert("x")</script> & co'
    assert "<script>" not in parsed.entries[0].content[0].value
    item = json.loads(json_feed(made, PUBLISHED))["items"][0]
    assert item["title"] == 'Alert <script>alert("x")</script> & co'
    assert "<script>" not in item["content_html"] and "<b>" not in item["content_html"]
    assert "&lt;script&gt;" in item["content_html"]


def test_feeds_hold_the_newest_stories_only():
    stories = [[article(f"{n:03}.md", f"Story {n}", "Text.", published=(dt.date(2025, 1, 1) + dt.timedelta(n)).isoformat())]
               for n in range(FEED_STORIES + 5)]
    document = json.loads(json_feed(digest(stories), PUBLISHED))
    assert len(document["items"]) == FEED_STORIES
    assert document["items"][0]["title"] == f"Story {FEED_STORIES + 4}"
    assert document["items"][-1]["title"] == "Story 5"


def test_same_content_gives_the_same_feed_bytes():
    assert feed_files(digest([BRIDGE, MAP_UNDATED]), PUBLISHED) == feed_files(digest([BRIDGE, MAP_UNDATED]), PUBLISHED)


def test_feeds_of_the_dated_fixture_are_valid(tmp_path):
    config = BriefingConfig(DATED_CONTENT, tmp_path, SummarySettings(), GroupSettings(), PUBLISHED)
    files = feed_files(make_digest(config), PUBLISHED)
    parsed = feedparser.parse(files["feed.xml"])
    assert parsed.bozo == 0 and len(parsed.entries) >= 5
    assert json_feed_problems(json.loads(files["feed.json"])) == []

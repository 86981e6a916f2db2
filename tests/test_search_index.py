"""The search index holds what readers search for, once; full texts only while the archive is small."""

from __future__ import annotations

import json

import pytest


def index_of(site):
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


@pytest.mark.slow
def test_every_article_title_and_summary_is_searchable(demo_site):
    digest = json.loads((demo_site / "briefing.json").read_text(encoding="utf-8"))
    entries = index_of(demo_site)
    for article in digest["articles"]:
        on_page = [entry for entry in entries if entry["location"].startswith(article["page"])]
        assert any(entry["location"] == article["page"] for entry in on_page)
        text = " ".join(entry["title"] + " " + entry["text"] for entry in on_page)
        assert article["source_label"] in text
        for sentence in article["summary"]:
            assert sentence.split()[0] in text


@pytest.mark.slow
def test_story_pages_and_the_sources_pages_stay_out_of_the_index(demo_site):
    locations = [entry["location"] for entry in index_of(demo_site)]
    assert not any(location.startswith(("stories/", "sources/", "archive/")) for location in locations)


@pytest.mark.slow
def test_a_small_archive_searches_full_texts_too(demo_site):
    entries = index_of(demo_site)
    assert any(entry["location"].endswith("#full-text") for entry in entries)
    assert "Witkoff" in json.dumps(entries)  # a word of a full text, in no title or summary


def test_beyond_the_limit_full_texts_stay_out_of_the_index(tmp_path, monkeypatch):
    from builder.render import article_page as render
    from builder.render.article_page import article_page
    from handmade import article, digest

    stories = [[article(f"a{n}.txt", f"Article {n}", f"Sentence number {n} is here.")] for n in range(3)]
    digest = digest(stories)
    monkeypatch.setattr(render, "FULL_TEXT_SEARCH_LIMIT", 2)
    page = article_page(digest, digest.articles[0])
    assert "## Full text { data-search-exclude }" in page
    assert '<div class="briefing-text" data-search-exclude>' in page


@pytest.mark.slow
def test_topic_labels_and_key_phrases_are_searchable_without_repeating_the_stories(demo_site):
    digest = json.loads((demo_site / "briefing.json").read_text(encoding="utf-8"))
    entries = {entry["location"]: entry for entry in index_of(demo_site)}
    for topic in digest["topics"]:
        entry = entries[topic["page"]]
        assert entry["title"] == topic["label"]
        assert all(keyword in entry["text"] for keyword in topic["keywords"])
        assert not any(location.startswith(topic["page"] + "#") for location in entries)

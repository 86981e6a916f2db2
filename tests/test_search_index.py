"""The search index holds what readers search for, once, and not the full texts."""

from __future__ import annotations

import json


def index_of(site):
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


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


def test_full_texts_story_pages_and_the_sources_page_stay_out_of_the_index(demo_site):
    entries = index_of(demo_site)
    locations = [entry["location"] for entry in entries]
    assert not any(location.endswith("#full-text") for location in locations)
    assert not any(location.startswith(("stories/", "sources/")) for location in locations)
    assert "Sure! Could you please provide" not in json.dumps(entries)  # only in a full text


def test_topic_labels_and_key_phrases_are_searchable_without_repeating_the_stories(demo_site):
    digest = json.loads((demo_site / "briefing.json").read_text(encoding="utf-8"))
    entries = {entry["location"]: entry for entry in index_of(demo_site)}
    for topic in digest["topics"]:
        entry = entries[topic["page"]]
        assert entry["title"] == topic["label"]
        assert all(keyword in entry["text"] for keyword in topic["keywords"])
        assert not any(location.startswith(topic["page"] + "#") for location in entries)

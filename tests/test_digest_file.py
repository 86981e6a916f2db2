"""`briefing.json`: what a build writes is what the next build and `briefing build` read back."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from builder.model import Problem
from builder.write.digest import digest_json, parse_digest, read_digest
from handmade import article, digest

QUAKE_WIRE = article("quake-wire.md", "Quake hits Izmir", "A quake hit Izmir.", source="Wire", published="2025-07-08")
QUAKE_PAPER = article("quake-paper.md", "Izmir quake", "Izmir shook on Friday.", source="Paper", published="2025-07-09")
LIBRARY = article("library.md", "Library budget", "The council approved the library budget.")


def test_the_digest_read_back_has_the_stories_topics_and_problems_written():
    problems = (Problem("broken.md", "no text after the front matter"), Problem("odd.md", "unknown date", fatal=False))
    written = replace(digest([[QUAKE_WIRE, QUAKE_PAPER], [LIBRARY]]), problems=problems)
    read = parse_digest(digest_json(written))
    assert read.problems == problems
    assert read.stories == written.stories
    assert [story.article_ids for story in read.stories] == [story.article_ids for story in written.stories]
    assert read.topics == written.topics
    assert [topic.story_ids for topic in read.topics] == [topic.story_ids for topic in written.topics]
    assert read.article_count == 3


def test_a_digest_file_is_read_as_written(tmp_path):
    written = digest([[QUAKE_WIRE, QUAKE_PAPER]])
    (tmp_path / "briefing.json").write_text(digest_json(written), encoding="utf-8")
    assert read_digest(tmp_path / "briefing.json") == parse_digest(digest_json(written))


@pytest.mark.parametrize("text", ["{not json", "[]", "{}", json.dumps({"stories": [{"id": 1}], "topics": []})])
def test_a_document_that_is_not_a_digest_is_a_value_error(text):
    with pytest.raises(ValueError):
        parse_digest(text)

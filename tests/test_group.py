"""Grouping into stories and topics, on tiny articles a reader can check by hand."""

from __future__ import annotations

import json
import logging

import pytest

from builder.clean import clean
from builder.group.grouping import Grouping, group
from builder.model.config import GroupSettings
from builder.group.labels import key_phrases
from builder.commands.pipeline import previous_memory
from builder.group.names import Memory, inherited_names
from builder.model import Article
from builder.read.slugs import article_id, article_page

TURKEY = "A magnitude 6.8 earthquake struck Izmir in western Turkey on Friday, collapsing apartment blocks in Bayrakli."
TURKEY_2 = "Rescuers in Izmir pulled survivors from collapsed apartment blocks in Bayrakli after the Turkey earthquake."
JAPAN = "A magnitude 7.1 earthquake shook Sendai in northern Japan on Saturday, cutting power to Miyagi homes."
JAPAN_2 = "Power returned to homes in Miyagi after the Japan earthquake near Sendai, officials in Sendai said."


def article(name: str, title: str, text: str, topic: str | None = None) -> Article:
    path = f"{name}.md"
    return Article(id=article_id(path), path=path, title=title, text=text, topic=topic, page=article_page(title, path))


def grouped(articles: list[Article], memory: Memory | None = None) -> Grouping:
    return group(articles, {a.id: clean(a) for a in articles}, GroupSettings(), memory)


def story_members(grouping: Grouping) -> set[frozenset[str]]:
    return {frozenset(story.article_ids) for story in grouping.stories}


@pytest.fixture
def two_earthquakes() -> list[Article]:
    """Two reports each of two different earthquakes."""
    return [
        article("turkey-quake", "Earthquake hits Izmir, Turkey", TURKEY),
        article("turkey-rescue", "Izmir rescuers search rubble after Turkey quake", TURKEY_2),
        article("japan-quake", "Earthquake shakes Sendai, Japan", JAPAN),
        article("japan-power", "Power back in Miyagi after Japan quake", JAPAN_2),
    ]


def test_reports_of_one_earthquake_are_one_story_and_another_earthquake_is_not(two_earthquakes):
    turkey, rescue, japan, power = (a.id for a in two_earthquakes)
    assert story_members(grouped(two_earthquakes)) == {frozenset({turkey, rescue}), frozenset({japan, power})}


def test_few_stories_share_one_section_labelled_with_words_from_them(two_earthquakes):
    grouping = grouped(two_earthquakes)
    assert len(grouping.sections) == 1
    assert set(grouping.sections[0].topic_ids) == {topic.id for topic in grouping.topics}
    assert all(topic.section == grouping.sections[0].id for topic in grouping.topics)
    keywords = [keyword for topic in grouping.topics for keyword in topic.keywords]
    assert any("earthquake" in keyword.lower() for keyword in keywords)
    assert all(not any(character.isdigit() for character in keyword) for keyword in keywords)


def test_front_matter_topic_overrides_the_grouping(two_earthquakes):
    articles = [*two_earthquakes[:3], article("japan-power", "Power back in Miyagi", JAPAN_2, topic="Japan")]
    topics = {topic.label: topic for topic in grouped(articles).topics}
    assert "Japan" in topics and topics["Japan"].id == "japan"


def test_a_story_keeps_its_id_when_an_article_joins_it(two_earthquakes):
    first = grouped(two_earthquakes[1:])
    later = article("turkey-toll", "Turkey earthquake toll rises in Izmir", TURKEY_2 + " " + TURKEY)
    second = grouped([*two_earthquakes, later], Memory.of(first.stories, first.topics))
    old = {story.id for story in first.stories}
    turkey_story = next(s for s in second.stories if two_earthquakes[1].id in s.article_ids)
    assert turkey_story.id in old
    assert {two_earthquakes[0].id, later.id} <= set(turkey_story.article_ids)


def test_same_content_and_memory_give_the_same_grouping(two_earthquakes):
    first = grouped(two_earthquakes)
    again = grouped(two_earthquakes, Memory.of(first.stories, first.topics))
    assert again == first


def test_a_group_inherits_the_name_whose_articles_it_mostly_holds():
    previous = {"old-a": frozenset("abc"), "old-b": frozenset("de"), "gone": frozenset("z")}
    new_groups = [frozenset("ab"), frozenset("cx"), frozenset("de")]
    assert inherited_names(new_groups, previous) == ["old-a", None, "old-b"]


def test_merged_groups_keep_the_name_they_share_most_with():
    previous = {"small": frozenset("a"), "large": frozenset("bcd")}
    assert inherited_names([frozenset("abcd")], previous) == ["large"]


def test_a_damaged_or_missing_previous_digest_means_no_memory(tmp_path, caplog):
    digest_file = tmp_path / "briefing.json"
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.briefing")
    assert previous_memory(digest_file) == Memory()
    assert not caplog.records  # a first build has no digest: nothing to say
    for damaged in ("{not json", "[]", json.dumps({"stories": [{"id": 1}], "topics": [], "problems": [], "articles": []})):
        digest_file.write_text(damaged, encoding="utf-8")
        caplog.clear()
        assert previous_memory(digest_file) == Memory()
        assert caplog.messages == [f"{digest_file}: not a briefing digest; stories and topics are named afresh"]


def test_memory_is_read_from_the_digest_the_last_build_wrote(tmp_path):
    document = {"articles": [{"id": "a"}, {"id": "b"}], "problems": [],
                "stories": [{"id": "s1", "headline": "Quake", "page": "stories/s1/", "articles": ["a", "b"]}],
                "topics": [{"id": "t1", "label": "Quakes", "keywords": ["quake"], "page": "topics/t1/", "stories": ["s1"]}]}
    (tmp_path / "briefing.json").write_text(json.dumps(document), encoding="utf-8")
    memory = previous_memory(tmp_path / "briefing.json")
    assert memory == Memory({"s1": frozenset({"a", "b"})}, {"t1": frozenset({"a", "b"})})


def test_key_phrases_skip_stop_words_and_numbers(two_earthquakes):
    grouping = grouped(two_earthquakes)
    stories = list(grouping.stories)
    cleaned = {a.id: clean(a) for a in two_earthquakes}
    phrases = key_phrases(two_earthquakes, cleaned, [[s] for s in stories], 5)
    for found in phrases:
        assert found
        for phrase in found:
            assert not any(word in {"the", "in", "after", "said"} for word in phrase.split())
            assert not phrase.replace(" ", "").isdigit()

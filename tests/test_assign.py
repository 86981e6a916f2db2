"""Placing new articles into the last grouping, on tiny articles a reader can check by hand."""

from __future__ import annotations

import pytest

import builder.group.place
from builder.group.place import GroupState, extend, from_bytes, to_bytes
from builder.clean import clean
from builder.group.grouping import group_and_learn
from builder.model.config import GroupSettings
from builder.group.vectors import fitted_vectors
from builder.model import Article
from builder.read.slugs import article_id, article_page

TURKEY = "A magnitude 6.8 earthquake struck Izmir in western Turkey on Friday, collapsing apartment blocks in Bayrakli."
TURKEY_2 = "Rescuers in Izmir pulled survivors from collapsed apartment blocks in Bayrakli after the Turkey earthquake."
TURKEY_3 = "Survivors of the Izmir earthquake in Turkey sheltered in tents near the collapsed blocks of Bayrakli."
JAPAN = "A magnitude 7.1 earthquake shook Sendai in northern Japan on Saturday, cutting power to Miyagi homes."
JAPAN_2 = "Power returned to homes in Miyagi after the Japan earthquake near Sendai, officials in Sendai said."
ROME = "A gallery in Rome opened an exhibition of Caravaggio paintings lent by museums in Naples and Milan."


def article(name: str, title: str, text: str, topic: str | None = None) -> Article:
    path = f"{name}.md"
    return Article(id=article_id(path), path=path, title=title, text=text, topic=topic, page=article_page(title, path))


@pytest.fixture(autouse=True)
def any_archive_size_and_share(monkeypatch):
    """Place articles incrementally however small the archive and however many change."""
    monkeypatch.setattr(builder.group.place, "INCREMENTAL_FROM", 0)
    monkeypatch.setattr(builder.group.place, "REGROUP_SHARE", 1.0)


@pytest.fixture
def two_earthquakes() -> list[Article]:
    """Two reports each of two different earthquakes."""
    return [
        article("turkey-quake", "Earthquake hits Izmir, Turkey", TURKEY),
        article("turkey-rescue", "Izmir rescuers search rubble after Turkey quake", TURKEY_2),
        article("japan-quake", "Earthquake shakes Sendai, Japan", JAPAN),
        article("japan-power", "Power back in Miyagi after Japan quake", JAPAN_2),
    ]


def state_of(articles: list[Article]) -> GroupState:
    grouping, learned = group_and_learn(articles, cleaned_texts(articles), GroupSettings())
    return GroupState(grouping, learned, contents(articles), regrouped=len(articles), changed=0)


def cleaned_texts(articles: list[Article]):
    return {a.id: clean(a) for a in articles}


def contents(articles: list[Article]) -> dict[str, str]:
    return {a.id: f"{a.title}\n{a.text}\n{a.topic}" for a in articles}


def added(state: GroupState, articles: list[Article]) -> GroupState | None:
    return extend(state, articles, contents(articles), cleaned_texts(articles), GroupSettings())


def story_with(state: GroupState, member: Article):
    return next(story for story in state.grouping.stories if member.id in story.article_ids)


def test_a_new_report_of_an_event_joins_its_story_and_the_story_keeps_its_id(two_earthquakes):
    before = state_of(two_earthquakes)
    shelter = article("turkey-shelter", "Izmir earthquake survivors shelter in tents", TURKEY_3)
    after = added(before, [*two_earthquakes, shelter])
    old_story = story_with(before, two_earthquakes[0])
    assert story_with(after, shelter).id == old_story.id
    assert set(story_with(after, shelter).article_ids) == {*old_story.article_ids, shelter.id}
    assert [t.id for t in after.grouping.topics] == [t.id for t in before.grouping.topics]
    assert after.changed == 1 and after.regrouped == 4


def test_an_unrelated_article_starts_a_story_of_its_own_in_an_existing_topic(two_earthquakes):
    before = state_of(two_earthquakes)
    rome = article("rome-gallery", "Caravaggio exhibition opens in Rome", ROME)
    after = added(before, [*two_earthquakes, rome])
    story = story_with(after, rome)
    assert story.article_ids == (rome.id,) and story.id.startswith("caravaggio-exhibition-opens-in-rome-")
    assert {s.id for s in before.grouping.stories} < {s.id for s in after.grouping.stories}
    assert sum(story.id in topic.story_ids for topic in after.grouping.topics) == 1


def test_two_new_reports_of_one_new_event_make_one_story(two_earthquakes):
    # The last grouping knew the words of the new event (new words count only after a full grouping).
    rice = article("japan-rice", "Rice harvest in Miyagi", "Farmers near Sendai in Miyagi, northern Japan, cut power costs.")
    before = state_of([*two_earthquakes[:2], rice])
    after = added(before, [*two_earthquakes, rice])
    assert story_with(after, two_earthquakes[2]) == story_with(after, two_earthquakes[3])
    assert story_with(after, two_earthquakes[2]) != story_with(after, two_earthquakes[0])


def test_a_removed_article_leaves_its_story_and_an_empty_story_goes(two_earthquakes):
    before = state_of(two_earthquakes)
    after = added(before, two_earthquakes[1:3])
    assert {aid for s in after.grouping.stories for aid in s.article_ids} == {a.id for a in two_earthquakes[1:3]}
    assert {s.id for s in after.grouping.stories} == {s.id for s in before.grouping.stories}
    assert after.learned.article_ids == tuple(a.id for a in two_earthquakes[1:3])


def test_an_article_with_its_own_topic_or_too_many_changes_call_for_a_full_grouping(two_earthquakes, monkeypatch):
    before = state_of(two_earthquakes)
    editors = article("rome-gallery", "Caravaggio exhibition opens in Rome", ROME, topic="Culture")
    assert added(before, [*two_earthquakes, editors]) is None
    monkeypatch.setattr(builder.group.place, "REGROUP_SHARE", 0.1)
    assert added(before, [*two_earthquakes, article("rome-gallery", "Caravaggio in Rome", ROME)]) is None


def test_the_same_state_and_content_give_the_same_grouping(two_earthquakes):
    before = state_of(two_earthquakes[:3])
    assert to_bytes(added(before, two_earthquakes)) == to_bytes(added(before, two_earthquakes))


def test_a_state_survives_storing(two_earthquakes):
    state = state_of(two_earthquakes)
    stored = from_bytes(to_bytes(state))
    assert stored.grouping == state.grouping and stored.contents == state.contents
    assert (stored.learned.text != state.learned.text).nnz == 0
    assert (stored.learned.weights != state.learned.weights).nnz == 0
    assert stored.learned.vocabulary.terms == state.learned.vocabulary.terms


def test_new_articles_get_the_rows_scikit_learn_would_give_them(two_earthquakes):
    text, titles, vocabulary = fitted_vectors(two_earthquakes, cleaned_texts(two_earthquakes))
    documents = [f"{a.title}\n{clean(a).text}" for a in two_earthquakes]
    assert abs(vocabulary.rows(documents) - text).max() < 1e-12
    assert abs(vocabulary.rows([a.title for a in two_earthquakes]) - titles).max() < 1e-12

"""Three levels: sections (the menu) hold topics (one subject) hold stories; their pages, digest and overrides."""

from __future__ import annotations

import json

from builder.clean import clean
from builder.group.grouping import Grouping, group
from builder.group.names import Memory
from builder.model import Article
from builder.model.config import GroupSettings
from builder.read.slugs import article_id, article_page
from builder.render.pages import render_pages
from builder.render.section_pages import STORIES_PER_PAGE, section_page, topic_pages
from builder.write.digest import digest_json, parse_digest
from handmade import article, digest

QUAKE = "A strong earthquake struck {place} on {day}, collapsing buildings, and rescuers searched the rubble."
MATCH = "{team} beat their rivals in the league match on {day}, and the coach praised the striker's goals."


def raw(name: str, title: str, text: str, **front: str) -> Article:
    path = f"{name}.md"
    return Article(id=article_id(path), path=path, title=title, text=text, page=article_page(title, path), **front)


def grouped(articles: list[Article], memory: Memory | None = None) -> Grouping:
    return group(articles, {a.id: clean(a) for a in articles}, GroupSettings(), memory)


def news() -> list[Article]:
    places = ["Izmir", "Sendai", "Quito", "Lima", "Kathmandu", "Manila"]
    teams = ["Arsenal", "Celtic", "Porto", "Ajax", "Benfica", "Lazio"]
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    quakes = [raw(f"quake-{p.lower()}", f"Earthquake in {p}", QUAKE.format(place=p, day=d)) for p, d in zip(places, days)]
    matches = [raw(f"match-{t.lower()}", f"{t} win", MATCH.format(team=t, day=d)) for t, d in zip(teams, days)]
    return quakes + matches


def test_every_topic_is_in_one_section_and_every_story_in_one_topic():
    grouping = grouped(news())
    assert 1 <= len(grouping.sections) <= 12
    sections = {section.id: section for section in grouping.sections}
    assert sorted(tid for s in grouping.sections for tid in s.topic_ids) == sorted(t.id for t in grouping.topics)
    assert all(topic.id in sections[topic.section].topic_ids for topic in grouping.topics)
    assert sorted(sid for t in grouping.topics for sid in t.story_ids) == sorted(s.id for s in grouping.stories)


def test_same_content_and_memory_give_the_same_three_levels():
    first = grouped(news())
    memory = Memory.of(first.stories, first.topics, first.sections)
    assert grouped(news(), memory) == grouped(news(), memory)
    assert [s.id for s in grouped(news(), memory).sections] == [s.id for s in first.sections]


def test_a_section_keeps_its_id_while_most_of_it_stays():
    first = grouped(news())
    memory = Memory.of(first.stories, first.topics, first.sections)
    renamed = {frozenset(members): name for name, members in memory.sections.items()}
    again = grouped([*news(), raw("quake-more", "Earthquake in Izmir again", QUAKE.format(place="Izmir", day="Sunday"))],
                    memory)
    assert {s.id for s in again.sections} >= set(renamed.values())


def test_front_matter_section_puts_the_story_there():
    articles = [*news(), raw("quake-extra", "Earthquake in Chile", QUAKE.format(place="Chile", day="Sunday"),
                             section="World")]
    grouping = grouped(articles)
    world = next(s for s in grouping.sections if s.label == "World")
    assert world.id == "world"
    story = next(s for s in grouping.stories if articles[-1].id in s.article_ids)
    topic = next(t for t in grouping.topics if story.id in t.story_ids)
    assert topic.section == "world"


def test_a_topic_page_lists_stories_newest_first_a_page_at_a_time():
    count = STORIES_PER_PAGE + 5
    made = digest([[article(f"a{n}.md", f"Story {n}", f"Text {n}.", published=f"2025-01-{n + 1:02d}")]
                   for n in range(count)])
    topic = made.topics[0]
    pages = topic_pages(made, topic)
    assert sorted(pages) == ["topics/news.md", "topics/news/2.md"]
    first, second = pages["topics/news.md"], pages["topics/news/2.md"]
    assert first.count('class="briefing-story"') == STORIES_PER_PAGE
    assert second.count('class="briefing-story"') == 5
    assert first.index(f"Story {count - 1}") < first.index(f"Story {count - 2}")  # newest first
    assert "Story 0<" in second and '<a href="2/">Older stories</a>' in first
    assert '<a href="../">Newer stories</a>' in second and "Page 2 of 2" in second
    assert second.startswith("# News (page 2 of 2)")


def test_a_section_page_lists_its_topics_with_their_latest_stories():
    made = digest([[article(f"a{n}.md", f"Story {n}", f"Text {n}.", published=f"2025-01-{n + 1:02d}")]
                   for n in range(5)])
    page = section_page(made, made.sections[0])
    assert page.startswith("# News")
    assert "## News" in page and "Story 4" in page and "Story 3" in page and "Story 0" not in page
    assert '<a href="../../topics/news/">All 5 stories</a>' in page
    assert "sections/news.md" in render_pages(made)


def test_the_digest_holds_sections_and_each_article_and_topic_its_section():
    made = digest([[article("a.md", "Story", "Text.")]])
    document = json.loads(digest_json(made))
    assert document["sections"] == [{"id": "news", "label": "News", "page": "sections/news/", "topics": ["news"]}]
    assert document["topics"][0]["section"] == "news"
    assert document["articles"][0]["section"] == "news"
    assert parse_digest(digest_json(made)).sections == made.sections


def test_labels_are_never_unit_or_generic_words_and_never_a_name_cut_short():
    from builder.group.labels import key_phrases

    wires = [raw(f"earn-{n}", f"Acme Corp {n} results", f"Shr {n} cts vs {n + 1} cts. Net {n} mln dlrs vs {n} mln "
                 f"dlrs this year. President Donald Trump praised Acme Corp {n} times, people said.") for n in range(4)]
    phrases = key_phrases(wires, {a.id: clean(a) for a in wires}, [[s] for s in grouped(wires).stories][:1], 6)[0]
    words = {word.lower() for phrase in phrases for word in phrase.split()}
    assert not words & {"mln", "dlrs", "cts", "shr", "vs", "year", "people", "said"}
    assert "President Donald" not in phrases
    assert any(phrase.endswith("Donald Trump") for phrase in phrases) or not any("Donald" in p for p in phrases)


def test_a_key_phrase_occurs_in_a_fair_share_of_its_articles():
    from builder.group.labels import key_phrases

    articles = [raw(f"q{n}", f"Earthquake {n}", QUAKE.format(place="Lima", day="Monday")) for n in range(4)]
    articles.append(raw("q-caption", "Earthquake 5", QUAKE.format(place="Lima", day="Monday")
                        + " Gallery gallery gallery gallery gallery gallery gallery gallery gallery."))
    stories = grouped(articles).stories
    phrases = key_phrases(articles, {a.id: clean(a) for a in articles}, [list(stories)], 6, share=0.25)[0]
    assert "gallery" not in {phrase.lower() for phrase in phrases}


def test_a_name_the_articles_always_continue_is_completed():
    from builder.group.labels import _completed

    text = "President Donald Trump spoke. Later President Donald Trump left. President Donald Trump returned."
    assert _completed("President Donald", text) == "President Donald Trump"
    assert _completed("White House", "The White House said. The White House Press office. The White House lawn.") \
        == "White House"


def test_fixed_section_names_from_the_options_name_the_sections():
    from dataclasses import replace

    articles = news()
    settings = replace(GroupSettings(), sections=("Sport", "Earthquake news"))
    grouping = group(articles, {a.id: clean(a) for a in articles}, settings)
    labels = {section.label: section for section in grouping.sections}
    assert set(labels) <= {"Sport", "Earthquake news"}
    topic_section = {sid: t.section for t in grouping.topics for sid in t.story_ids}
    quake_story = next(s for s in grouping.stories if articles[0].id in s.article_ids)
    assert topic_section[quake_story.id] == labels["Earthquake news"].id


def test_the_sections_option_is_read_and_checked():
    from builder.model.config import PluginOptions, _range_errors

    options = PluginOptions()
    options.load_dict({"sections": ["Business", "Sport"]})
    assert not options.validate()[0]
    assert options.sections == ["Business", "Sport"]
    options.load_dict({"sections": [f"S{n}" for n in range(13)]})
    options.validate()
    assert any(error.startswith("sections:") for error in _range_errors(3, options))


def test_the_menu_lists_fixed_sections_in_the_editors_order():
    from dataclasses import replace

    from builder.render.pages import navigation
    from builder.render.story_pages import home_page

    articles = news()
    settings = replace(GroupSettings(), sections=("Sport", "Earthquake news"))
    grouping = group(articles, {a.id: clean(a) for a in articles}, settings)
    made = replace(digest([articles]), stories=grouping.stories, topics=grouping.topics,
                   sections=grouping.sections, menu=settings.sections)
    menu = next(item["Sections"] for item in navigation(made) if "Sections" in item)
    assert [next(iter(entry)) for entry in menu] == ["Sport", "Earthquake news"]
    home = home_page(made)
    assert home.index(">Sport<") < home.index(">Earthquake news<")


def test_a_name_the_articles_always_begin_with_the_same_word_is_completed():
    from builder.group.labels import _completed

    text = "On New Year's Eve crowds met. New Year's Eve fireworks. After New Year's Eve the city slept."
    assert _completed("Year's Eve", text) == "New Year's Eve"
    assert _completed("Prime Minister", "The Prime Minister spoke. The Prime Minister left.") == "Prime Minister"
    headlines = "SEAGRAM UNIT Corby Distilleries sold. UNIT Corby Distilleries gained. UNIT Corby Distilleries rose."
    assert _completed("Corby Distilleries", headlines) == "Corby Distilleries"


def test_a_label_is_spelled_as_the_text_spells_it_never_in_wire_capitals_or_ticker_pieces():
    from builder.group.labels import _as_written

    document = "ORE RESERVES RISE\nThe company said its ore reserves rose. GOODYEAR <GT> sold. Ore reserves fell."
    assert _as_written("ore reserves", document, document.lower()) == "Ore reserves"
    assert _as_written("goodyear gt", document, document.lower()) is None
    capitals = "LORD ABBETT FUND\nLORD ABBETT FUND PAYS"
    assert _as_written("lord abbett", capitals, capitals.lower()) == "Lord Abbett"
    assert _as_written("abc", "ABC NEWS\nABC said", "abc news\nabc said") == "ABC"
    sentence = "He would confess - they'll see."
    assert _as_written("confess they'll", sentence, sentence.lower()) is None


def test_a_section_is_named_by_a_common_noun_before_a_name():
    from builder.group.levels import _named_sections
    from builder.group.labels import article_terms

    articles = [raw(f"c{n}", f"Arians on day {n}", f"Arians said Arians will stay. Arians, the coach, and "
                f"Arians met on day {n}.") for n in range(4)]
    others = [raw(f"q{n}", f"Earthquake {n}", QUAKE.format(place="Lima", day="Monday")) for n in range(4)]
    grouping = grouped(articles + others)
    table = article_terms(articles + others, {a.id: clean(a) for a in articles + others})
    home = {topic.id: "auto:0" if articles[0].id in {a for s in grouping.stories if s.id in topic.story_ids
                                                      for a in s.article_ids} else "auto:1" for topic in grouping.topics}
    topics = {topic.id: topic for topic in grouping.topics}
    sections = _named_sections(table, list(grouping.stories), topics, home, Memory())
    assert sections["auto:0"].label == "Coach"  # "Arians" is the more frequent

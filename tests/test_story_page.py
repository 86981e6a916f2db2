"""The story page: one summary across sources, then each source oldest first with what it adds."""

from __future__ import annotations

import datetime as dt

from dataclasses import replace

from builder.clean import clean
from builder.model import Article, Digest, Section, Story, Summary, Topic
from builder.read.slugs import article_id, article_page
from builder.render.story_pages import story_page
from builder.summarize.articles import pick
from builder.summarize.stories import source_additions, story_summary, summarize_stories

SHARED = "The bridge over the Rhine closed on Monday after a cruise ship hit one of its pillars."
WIRE_ONLY = "Police divers found no damage below the waterline of the cruise ship hull."
PAPER_ONLY = "Local shops near the old harbour reported far fewer visitors during the closure."


def article(name: str, source: str, day: int, text: str, language: str = "english") -> Article:
    path = f"{name}.md"
    title = f"Rhine bridge closed ({source})"
    return Article(id=article_id(path), path=path, title=title, text=text, source=source,
                   published=dt.date(2024, 5, day), page=article_page(title, path), language=language)


def digest_of(articles: list[Article]) -> tuple[Digest, Story]:
    story = Story("rhine-bridge", articles[0].title, tuple(a.id for a in articles))
    topic = Topic("rivers", "Rivers", ("rhine",), (story.id,), "nature")
    grouped = Digest(
        articles=tuple(articles),
        summaries={a.id: Summary((a.text.split(". ")[0] + ".",), "lead") for a in articles},
        cleaned={a.id: clean(a) for a in articles},
        stories=(story,), topics=(topic,), problems=(), sections=(Section("nature", "Nature", ("rivers",)),),
    )
    return replace(grouped, story_summaries=summarize_stories(grouped)), story


def test_each_source_adds_only_the_sentences_no_other_source_has():
    wire = article("wire", "Wire", 1, f"{SHARED} {WIRE_ONLY}")
    paper = article("paper", "Paper", 2, f"{SHARED} {PAPER_ONLY}")
    digest, story = digest_of([wire, paper])
    additions = source_additions(digest.articles_in(story), digest.summaries, digest.cleaned)
    assert additions == {wire.id: (WIRE_ONLY,), paper.id: (PAPER_ONLY,)}
    assert digest.summary_of(story).additions == additions


def test_story_page_lists_sources_oldest_first_with_what_each_adds():
    wire = article("wire", "Wire", 1, f"{SHARED} {WIRE_ONLY}")
    paper = article("paper", "Paper", 2, f"{SHARED} {PAPER_ONLY}")
    digest, story = digest_of([wire, paper])
    page = story_page(digest, story)
    assert page.index("### Wire") < page.index("### Paper")
    assert page.count("What this source adds:") == 2
    assert "## Summary" in page
    assert 'Reported from <time datetime="2024-05-01">' in page
    assert 'to <time datetime="2024-05-02" data-pagefind-meta="date">' in page  # the latest date, shown with search results


def test_the_story_summary_never_says_one_thing_twice():
    retold = "(CNN) " + SHARED.replace("on Monday", "on Monday morning")
    wire = article("wire", "Wire", 1, f"{SHARED} {WIRE_ONLY}")
    cnn = article("cnn", "CNN", 2, f"{retold} {PAPER_ONLY}")
    digest, story = digest_of([wire, cnn])
    digest = Digest(articles=digest.articles, cleaned=digest.cleaned, stories=digest.stories, topics=digest.topics,
                    problems=(), summaries={wire.id: Summary((SHARED,), "lead"),
                                            cnn.id: Summary((retold, PAPER_ONLY), "lead")})
    summary = story_summary(digest.articles_in(story), digest.summaries)
    assert summary.sentences == (SHARED, PAPER_ONLY)  # not SHARED and then its retelling


# Two German reports of one storm: the sentences about the train share content words
# (Zug, Berlin, Montag); the others share only German function words (die, und, der, mit).
STORM_TRAIN = "Der Zug nach Berlin fiel am Montag wegen eines Sturms aus."
STORM_LINE = "Die Bahn und die Stadt sagen, dass die Strecke mit dem Sturm in der Nacht nicht sicher ist."
STORM_WAITING = "Reisende nach Berlin warteten am Montag stundenlang auf einen Zug."
STORM_HELPERS = "Die Polizei und die Feuerwehr sind mit dem Wetter in der Stadt und in der Region beschäftigt."


def test_a_german_story_is_summarized_with_german_stop_words():
    wire = article("sturm-wire", "Wire", 1, f"{STORM_TRAIN} {STORM_LINE}", language="german")
    paper = article("sturm-paper", "Paper", 2, f"{STORM_WAITING} {STORM_HELPERS}", language="german")
    digest, story = digest_of([wire, paper])
    summaries = {wire.id: Summary((STORM_TRAIN, STORM_LINE), "lead-rank"),
                 paper.id: Summary((STORM_WAITING, STORM_HELPERS), "lead-rank")}
    summary = story_summary(digest.articles_in(story), summaries)
    assert summary.sentences == (STORM_TRAIN, STORM_WAITING)
    # English stop words would keep the German function words and pick the other two.
    candidates = [STORM_TRAIN, STORM_LINE, STORM_WAITING, STORM_HELPERS]
    assert pick(candidates, 2, "lead-rank", "english") == [STORM_LINE, STORM_HELPERS]

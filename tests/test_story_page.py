"""The story page: one summary across sources, then each source oldest first with what it adds."""

from __future__ import annotations

import datetime as dt

from dataclasses import replace

from builder.clean import clean
from builder.model import Article, Digest, Story, Summary, Topic
from builder.read.slugs import article_id, article_page
from builder.render.story_pages import story_page
from builder.summarize.stories import source_additions, story_summary, summarize_stories

SHARED = "The bridge over the Rhine closed on Monday after a cruise ship hit one of its pillars."
WIRE_ONLY = "Police divers found no damage below the waterline of the cruise ship hull."
PAPER_ONLY = "Local shops near the old harbour reported far fewer visitors during the closure."


def article(name: str, source: str, day: int, text: str) -> Article:
    path = f"{name}.md"
    title = f"Rhine bridge closed ({source})"
    return Article(id=article_id(path), path=path, title=title, text=text, source=source,
                   published=dt.date(2024, 5, day), page=article_page(title, path))


def digest_of(articles: list[Article]) -> tuple[Digest, Story]:
    story = Story("rhine-bridge", articles[0].title, tuple(a.id for a in articles))
    topic = Topic("rivers", "Rivers", ("rhine",), (story.id,))
    grouped = Digest(
        articles=tuple(articles),
        summaries={a.id: Summary((a.text.split(". ")[0] + ".",), "lead") for a in articles},
        cleaned={a.id: clean(a) for a in articles},
        stories=(story,), topics=(topic,), problems=(),
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
    assert 'to <time datetime="2024-05-02">' in page


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

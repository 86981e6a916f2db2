"""Tiny digests made by hand, so page and feed tests do not depend on how grouping decides."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from builder.model import Article, Cleaned, Digest, Removal, Section, Story, Summary, Topic
from builder.read.slugs import article_id, article_page
from builder.summarize.stories import summarize_stories


def article(path: str, title: str, text: str, *, source: str | None = None, published: str | None = None,
            url: str | None = None, author: str | None = None) -> Article:
    """An article as `read.py` would make it from `path`."""
    return Article(
        id=article_id(path), path=path, title=title, text=text, source=source, url=url, author=author,
        published=dt.date.fromisoformat(published) if published else None, page=article_page(title, path),
    )


def digest(stories: list[list[Article]], *, summaries: dict[str, tuple[str, ...]] | None = None,
           removals: dict[str, tuple[Removal, ...]] | None = None) -> Digest:
    """A digest with these stories (each a list of articles, lead first), all in one topic "News".

    Summaries default to each article's first line; `removals` marks parts the
    cleaner took out (by article path). Stories keep the given order as the
    grouping's own rank.
    """
    summaries = summaries or {}
    removals = removals or {}
    articles = [a for story in stories for a in story]
    story_values = tuple(
        Story(f"story-{index}", members[0].title, tuple(a.id for a in members)) for index, members in enumerate(stories)
    )
    topic = Topic("news", "News", ("news",), tuple(story.id for story in story_values), "news")
    grouped = Digest(
        articles=tuple(sorted(articles, key=lambda a: a.sort_key)),
        summaries={a.id: Summary(summaries.get(a.path, (a.text.split("\n")[0],)), "lead") for a in articles},
        cleaned={a.id: Cleaned(a.text, removals.get(a.path, ())) for a in articles},
        stories=story_values,
        topics=(topic,) if story_values else (),
        problems=(),
        sections=(Section("news", "News", ("news",)),) if story_values else (),
    )
    return replace(grouped, story_summaries=summarize_stories(grouped))

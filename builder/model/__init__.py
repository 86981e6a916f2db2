"""The nouns of a briefing: plain, frozen values passed from stage to stage.

Reading makes `Article`s and `Problem`s, cleaning makes `Cleaned`, summarizing
makes `Summary`, grouping makes `Story`s, `Topic`s and `Section`s (three
levels: a section holds topics, a topic holds stories), summarizing each story
across its sources makes `StorySummary`, and the `Digest` holds them all and
answers the questions the renderer asks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

UNKNOWN_OUTLET_LABEL = "Outlet unknown"
"""What readers see for an outlet nobody named, on every page: one wording, like "author unknown".

The content file's name is for editors: the article page's notes show it, no reader-facing line does.
"""


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong with one input file, reported once and never fatal alone."""

    path: str
    """The file, relative to the content folder (POSIX separators)."""
    message: str
    """What is wrong, in words an editor can act on."""
    fatal: bool = True
    """True when the file could not be published at all; False for a warning."""


@dataclass(frozen=True)
class Article:
    """One news article as read from `content/`, before any processing."""

    id: str
    """Stable identifier: derived from `path` only, so it survives edits."""
    path: str
    """The file, relative to the content folder (POSIX separators)."""
    title: str
    """The headline: front matter `title`, a plain-text headline line, or inferred."""
    text: str
    """The article body exactly as written (front matter and headline line removed)."""
    source: str | None = None
    """The outlet (front matter `source`), None when unknown."""
    url: str | None = None
    """Link to the original (only http and https), None when unknown."""
    author: str | None = None
    """Byline, None when unknown."""
    published: dt.date | None = None
    """Publication date, None when unknown."""
    tags: tuple[str, ...] = ()
    """Editor's tags from front matter."""
    language: str = "english"
    """Language name as sumy knows it (front matter `language`)."""
    topic: str | None = None
    """Editor's topic from front matter, overriding automatic grouping."""
    section: str | None = None
    """Editor's section from front matter, overriding automatic grouping."""
    page: str = ""
    """The article's page, relative to the docs folder (e.g. `articles/x-1a2b3c.md`)."""
    extra: tuple[tuple[str, str], ...] = ()
    """Front-matter keys the builder does not know, kept as (key, value as text)."""
    notes: tuple[str, ...] = ()
    """Warnings about this article that did not stop it from being published."""

    @property
    def source_label(self) -> str:
        """What the site shows as the outlet: the source, or `UNKNOWN_OUTLET_LABEL`."""
        return self.source or UNKNOWN_OUTLET_LABEL

    @property
    def sort_key(self) -> tuple:
        """Newest first, then by path: the order articles are listed in."""
        ordinal = self.published.toordinal() if self.published else 0
        return (-ordinal, self.path)


@dataclass(frozen=True)
class Removal:
    """A stretch of an article that the cleaner kept out of the summary."""

    start: int
    """Offset of the first removed character in `Article.text`."""
    end: int
    """Offset just past the last removed character."""
    reason: str
    """Why it was removed, e.g. "boilerplate line" or "pasted chat-assistant reply"."""


@dataclass(frozen=True)
class Cleaned:
    """An article's text with everything that is not the article taken out."""

    text: str
    """The text the summarizer sees."""
    removals: tuple[Removal, ...] = ()
    """What was taken out, as offsets into the original text, in order."""


@dataclass(frozen=True)
class Summary:
    """The extractive summary of one article."""

    sentences: tuple[str, ...]
    """Summary sentences in article order, each verbatim from the article text."""
    algorithm: str
    """Name of the summarizer that chose them."""
    notes: tuple[str, ...] = ()
    """Warnings from cleaning and summarizing (what was removed, truncation...)."""


@dataclass(frozen=True, order=True)
class Story:
    """One event, reported by one or more articles."""

    id: str
    """Stable identifier, also the page slug."""
    headline: str
    """The headline shown for the story (from its lead article)."""
    article_ids: tuple[str, ...] = field(compare=False)
    """The articles, oldest first."""

    @property
    def page(self) -> str:
        """The story's page, relative to the docs folder."""
        return f"stories/{self.id}.md"

    def record(self, page: str | None = None) -> dict:
        """The story as plain JSON, as `briefing.json` and the build cache hold it.

        `page`, where a reader finds the story, goes in only when given.
        """
        return {"id": self.id, "headline": self.headline, **_page_entry(page), "articles": list(self.article_ids)}

    @classmethod
    def from_record(cls, record: Mapping) -> Story:
        """The story in a `record`; KeyError or TypeError when it holds none."""
        return cls(str(record["id"]), str(record["headline"]), tuple(str(aid) for aid in record["articles"]))


@dataclass(frozen=True, order=True)
class Topic:
    """A group of stories on one subject under a readable label; sorts by its id (the slug)."""

    id: str
    """Stable identifier, also the page slug."""
    label: str
    """Readable label: a short key phrase (or the editor's `topic:`)."""
    keywords: tuple[str, ...] = field(compare=False)
    """Key phrases that characterize the topic, most telling first."""
    story_ids: tuple[str, ...] = field(compare=False)
    """The stories, most important first."""
    section: str = field(default="", compare=False)
    """The id of the section the topic is in."""

    @property
    def page(self) -> str:
        """The topic's (first) page, relative to the docs folder."""
        return f"topics/{self.id}.md"

    def record(self, page: str | None = None) -> dict:
        """The topic as plain JSON, as `briefing.json` and the build cache hold it.

        `page`, where a reader finds the topic, goes in only when given.
        """
        return {"id": self.id, "label": self.label, "keywords": list(self.keywords), **_page_entry(page),
                "section": self.section, "stories": list(self.story_ids)}

    @classmethod
    def from_record(cls, record: Mapping) -> Topic:
        """The topic in a `record`; KeyError or TypeError when it holds none."""
        return cls(str(record["id"]), str(record["label"]), tuple(str(k) for k in record["keywords"]),
                   tuple(str(sid) for sid in record["stories"]), str(record.get("section", "")))


@dataclass(frozen=True, order=True)
class Section:
    """A broad part of the news (the menu): a group of topics under a label of a word or two."""

    id: str
    """Stable identifier, also the page slug."""
    label: str
    """Readable label ("Business", or the editor's `section:`)."""
    topic_ids: tuple[str, ...] = field(compare=False)
    """The topics, largest first."""

    @property
    def page(self) -> str:
        """The section's page, relative to the docs folder."""
        return f"sections/{self.id}.md"

    def record(self, page: str | None = None) -> dict:
        """The section as plain JSON, as `briefing.json` and the build cache hold it."""
        return {"id": self.id, "label": self.label, **_page_entry(page), "topics": list(self.topic_ids)}

    @classmethod
    def from_record(cls, record: Mapping) -> Section:
        """The section in a `record`; KeyError or TypeError when it holds none."""
        return cls(str(record["id"]), str(record["label"]), tuple(str(tid) for tid in record["topics"]))


def _page_entry(page: str | None) -> dict:
    return {} if page is None else {"page": page}


@dataclass(frozen=True)
class StorySummary:
    """A story with two or more sources, summarized across them for its page."""

    summary: Summary
    """The story told once: sentences chosen among all its sources' summary sentences."""
    additions: Mapping[str, tuple[str, ...]]
    """By article id, the few sentences of that article which no other source in the story reports."""


@dataclass(frozen=True)
class Digest:
    """Everything the site shows, gathered before anything is written."""

    articles: tuple[Article, ...]
    """All published articles, in `Article.sort_key` order."""
    summaries: dict[str, Summary]
    """Summary of each article, by article id."""
    cleaned: dict[str, Cleaned]
    """Cleaned text of each article, by article id."""
    stories: tuple[Story, ...]
    """All stories, most important first."""
    topics: tuple[Topic, ...]
    """All topics, largest first."""
    problems: tuple[Problem, ...]
    """Files that could not be published, and warnings about files that were."""
    story_summaries: dict[str, StorySummary] = field(default_factory=dict)
    """Each story with two or more sources summarized across them, by story id (`summarize.stories`)."""
    sections: tuple[Section, ...] = ()
    """All sections, largest first; every topic is in one."""
    menu: tuple[str, ...] = ()
    """The editor's fixed section names (`sections:` in mkdocs.yml), in the order the menu lists them."""

    @cached_property
    def _articles_by_id(self) -> dict[str, Article]:
        return {article.id: article for article in self.articles}

    @cached_property
    def _stories_by_id(self) -> dict[str, Story]:
        return {story.id: story for story in self.stories}

    @cached_property
    def _story_of(self) -> dict[str, Story]:
        return {aid: story for story in self.stories for aid in story.article_ids}

    @cached_property
    def _topic_of(self) -> dict[str, Topic]:
        return {sid: topic for topic in self.topics for sid in topic.story_ids}

    @cached_property
    def _topics_by_id(self) -> dict[str, Topic]:
        return {topic.id: topic for topic in self.topics}

    @cached_property
    def _sections_by_id(self) -> dict[str, Section]:
        return {section.id: section for section in self.sections}

    def article(self, article_id: str) -> Article:
        """The article with this id."""
        return self._articles_by_id[article_id]

    def story(self, story_id: str) -> Story:
        """The story with this id."""
        return self._stories_by_id[story_id]

    def articles_in(self, story: Story) -> list[Article]:
        """The story's articles, oldest first."""
        return [self.article(aid) for aid in story.article_ids]

    def stories_in(self, topic: Topic) -> list[Story]:
        """The topic's stories, most important first."""
        return [self.story(sid) for sid in topic.story_ids]

    def story_of(self, article: Article) -> Story:
        """The story an article belongs to."""
        return self._story_of[article.id]

    def topic_of(self, story: Story) -> Topic:
        """The topic a story belongs to."""
        return self._topic_of[story.id]

    def topics_in(self, section: Section) -> list[Topic]:
        """The section's topics, largest first."""
        return [self._topics_by_id[tid] for tid in section.topic_ids]

    def section_of(self, topic: Topic) -> Section:
        """The section a topic is in."""
        return self._sections_by_id[topic.section]

    def summary_of(self, story: Story) -> StorySummary:
        """The summary across the sources of a story with two or more; KeyError for a one-source story."""
        return self.story_summaries[story.id]

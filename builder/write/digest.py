"""`briefing.json`, the digest as data: written here, and read back here.

A build writes it into the docs folder (MkDocs copies it into the site) and
`briefing digest` writes the same document to a file. Builds read it back
twice: the next build takes the names the last one gave its stories,
topics and sections (`Memory`), and `briefing build` lists the problems of the site it
just built. Both read it through `read_digest`, which answers with the part
of the document they use (`WrittenDigest`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from builder.model import Article, Digest, Problem, Section, Story, Topic
from builder.render.blocks import page_url, story_address

DIGEST_FILE = "briefing.json"
"""The document's name in the docs folder, and so in the site."""


@dataclass(frozen=True)
class WrittenDigest:
    """What a build reads back from a `briefing.json`."""

    stories: tuple[Story, ...]
    """The stories, with their article ids, as the build that wrote it grouped them."""
    topics: tuple[Topic, ...]
    """The topics, with their story ids."""
    sections: tuple[Section, ...]
    """The sections, with their topic ids."""
    problems: tuple[Problem, ...]
    """Files that could not be published, and warnings about files that were."""
    article_count: int
    """How many articles were published."""


def digest_json(digest: Digest, with_text: bool = False) -> str:
    """The digest as the JSON document `briefing.json` (stable order, UTF-8); `with_text` adds each article's text."""
    articles = [_article_json(digest, article) for article in digest.articles]
    if with_text:  # `briefing digest --with-text`: what was read from each file, a saved page's extracted text included
        articles = [{**item, "text": article.text} for item, article in zip(articles, digest.articles)]
    document = {
        "articles": articles,
        "sections": [section.record(page_url(section.page)) for section in digest.sections],
        "topics": [topic.record(page_url(topic.page)) for topic in digest.topics],
        "stories": [_story_json(digest, story) for story in digest.stories],
        "problems": [{"path": p.path, "message": p.message, "fatal": p.fatal} for p in digest.problems],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def read_digest(path: Path) -> WrittenDigest:
    """The `briefing.json` at `path`; OSError when it cannot be read, ValueError when it is not one."""
    return parse_digest(path.read_text(encoding="utf-8"))


def parse_digest(text: str) -> WrittenDigest:
    """The document `digest_json` wrote as `text`; ValueError when it is not one."""
    document = json.loads(text)
    try:
        return WrittenDigest(
            stories=tuple(Story.from_record(story) for story in document["stories"]),
            topics=tuple(Topic.from_record(topic) for topic in document["topics"]),
            sections=tuple(Section.from_record(section) for section in document.get("sections", ())),
            problems=tuple(Problem(str(p["path"]), str(p["message"]), bool(p["fatal"])) for p in document["problems"]),
            article_count=len(document["articles"]),
        )
    except (KeyError, TypeError) as error:
        raise ValueError(f"not a briefing digest ({type(error).__name__}: {error})") from error


def _article_json(digest: Digest, article: Article) -> dict:
    summary = digest.summaries[article.id]
    return {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "source": article.source,
        "source_label": article.source_label,
        "url": article.url,
        "author": article.author,
        "published": article.published.isoformat() if article.published else None,
        "tags": list(article.tags),
        "page": page_url(article.page),
        "summary": list(summary.sentences),
        "summary_algorithm": summary.algorithm,
        "warnings": list(article.notes + summary.notes),
        "extra": dict(article.extra),
        "section": digest.topic_of(digest.story_of(article)).section,
        "topic": digest.topic_of(digest.story_of(article)).id,
        "story": digest.story_of(article).id,
    }


def _story_json(digest: Digest, story: Story) -> dict:
    sources = _unique(article.source_label for article in digest.articles_in(story))
    return {**story.record(page_url(story_address(digest, story))), "sources": sources}


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))

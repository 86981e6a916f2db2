"""Stage 4: group articles into stories (one event), topics (one subject) and sections (the menu).

`group` compares the articles' TF-IDF vectors (`vectors.py`), makes stories of
the articles whose neighbourhoods are alike (`stories.py`), splits the
stories into a handful of sections by k-means (`topics.py`) and each section
into topics by average link (`levels.py`), labelled with key phrases
(`labels.py`). A rebuild that changes a few articles places them into the
last grouping instead (`place.py`), from what a full grouping learned.

Names. Story, topic and section ids are page slugs. A group takes over the id of the
previous build's group it holds most of (see `names.py`), so adding articles
does not move existing pages; same content and same memory give the same
grouping, byte for byte.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix

from builder.group.names import Memory
from builder.group.stories import neighbourhood_weights, stories_of, story_labels
from builder.group.levels import sections_and_topics
from builder.group.vectors import Vocabulary, event_vectors, fitted_vectors
from builder.model import Article, Cleaned, Section, Story, Topic
from builder.model.config import GroupSettings


@dataclass(frozen=True)
class Grouping:
    """Stories, topics and sections of a set of articles."""

    stories: tuple[Story, ...]
    """Most important first: most sources, then newest."""
    topics: tuple[Topic, ...]
    """Largest first."""
    sections: tuple[Section, ...] = ()
    """Largest first; each topic is in one."""


@dataclass(frozen=True)
class Learned:
    """What a full grouping worked out about each article, so a later build can add articles to it."""

    article_ids: tuple[str, ...]
    """The articles, in row order of the matrices."""
    vocabulary: Vocabulary
    """The words of `text` and `titles`."""
    text: csr_matrix
    """Each article's TF-IDF row of headline and cleaned text (L2-normalized)."""
    titles: csr_matrix
    """Each article's TF-IDF row of its headline alone (L2-normalized)."""
    weights: csr_matrix
    """Each article's neighbourhood (`neighbourhood_weights`): articles by row number, with their weights."""

    @classmethod
    def empty(cls) -> Learned:
        """What a grouping of no articles learns."""
        nothing = csr_matrix((0, 1))
        return cls((), Vocabulary((), np.zeros(0)), nothing, nothing, csr_matrix((0, 0)))


def group(
    articles: Sequence[Article], cleaned: dict[str, Cleaned], settings: GroupSettings, memory: Memory | None = None
) -> Grouping:
    """Group `articles` into stories and topics, reusing the ids in `memory` where they still fit."""
    if not articles:
        return Grouping((), ())
    return group_and_learn(articles, cleaned, settings, memory)[0]


def group_and_learn(
    articles: Sequence[Article], cleaned: dict[str, Cleaned], settings: GroupSettings, memory: Memory | None = None
) -> tuple[Grouping, Learned]:
    """`group`, and what it learned about the articles, so a later build can add articles to it (`place.py`)."""
    import sklearn.cluster  # noqa: F401  (loaded before limiting threads: threadpoolctl limits only loaded libraries)
    from threadpoolctl import threadpool_limits

    if not articles:
        return Grouping((), ()), Learned.empty()
    # One thread: k-means and SVD on a few thousand rows gain little from more, and
    # on a shared machine OpenMP threads waiting for busy cores cost twenty times as much.
    # (k-means with more threads also sums in another order, which changes its results.)
    with threadpool_limits(1):
        return _group(articles, cleaned, settings, memory or Memory())


def _group(
    articles: Sequence[Article], cleaned: dict[str, Cleaned], settings: GroupSettings, memory: Memory
) -> tuple[Grouping, Learned]:
    text, titles, vocabulary = fitted_vectors(articles, cleaned)
    vectors = event_vectors(text, titles, settings.title_weight)
    weights = neighbourhood_weights(vectors, settings.story_neighbours, settings.story_min_similarity)
    stories = stories_of(articles, story_labels(weights, settings.story_threshold), memory)
    sections, topics = sections_and_topics(articles, cleaned, stories, text, memory, settings)
    learned = Learned(tuple(a.id for a in articles), vocabulary, text, titles, weights)
    return ordered(stories, topics, sections, articles), learned


def ordered(
    stories: Sequence[Story], topics: Sequence[Topic], sections: Sequence[Section], articles: Sequence[Article]
) -> Grouping:
    """The grouping in reading order: stories by importance, each topic's stories too, topics and sections largest first.

    A section's topics are the `topics` whose `section` it is (empty sections go).
    """
    ranked = _ranked(list(stories), articles)
    order = {story.id: rank for rank, story in enumerate(ranked)}
    topics = sorted((Topic(t.id, t.label, t.keywords, tuple(sorted(t.story_ids, key=order.__getitem__)), t.section)
                     for t in topics), key=lambda t: (-len(t.story_ids), t.id))
    size = Counter()
    for topic in topics:
        size[topic.section] += len(topic.story_ids)
    sections = [Section(s.id, s.label, tuple(t.id for t in topics if t.section == s.id)) for s in sections]
    sections = sorted((s for s in sections if s.topic_ids), key=lambda s: (-size[s.id], s.id))
    return Grouping(tuple(ranked), tuple(topics), tuple(sections))


def _ranked(stories: list[Story], articles: Sequence[Article]) -> list[Story]:
    """Most sources first, then the newest, then by id for a stable order."""
    by_id = {article.id: article for article in articles}

    def importance(story: Story) -> tuple:
        dates = [by_id[aid].published.toordinal() for aid in story.article_ids if by_id[aid].published]
        return (-len(story.article_ids), -max(dates, default=0), story.id)

    return sorted(stories, key=importance)

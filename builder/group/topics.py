"""Topics: stories that are about the same subject.

Stories become the mean of their articles' vectors, smoothed by LSA
(truncated SVD), and are split by k-means. The number of topics is the one
whose split comes out the same from different random starts (the most stable
k, at most `max_topics` and about the square root of half the stories), so it
grows with the content. An editor's `topic:` in front matter overrides this.
Topics are labelled with class-based TF-IDF key phrases, bigrams preferred
(`labels.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
from scipy.sparse import csr_matrix

from builder.group.labels import key_phrases
from builder.group.names import Memory, inherited_names
from builder.group.stories import renumbered, unused_name
from builder.group.vectors import normalize
from builder.model import Article, Cleaned, Story, Topic
from builder.read.slugs import slugify

LSA_DIMENSIONS = 100
STABILITY_RUNS = 8
STABILITY_MARGIN = 0.01
STABILITY_SAMPLE = 2000
"""Stories used to judge how many topics there are; k-means on all of them afterwards."""
STICKY_TOLERANCE = 0.05
"""Keep the previous number of topics while its stability is this close to the best."""


def topics_of(
    articles: Sequence[Article], cleaned: dict[str, Cleaned], stories: list[Story], vectors: csr_matrix,
    memory: Memory, *, max_topics: int, label_phrases: int,
) -> list[Topic]:
    """The topics of `stories`, from the articles' text `vectors` (rows in the order of `articles`).

    At most `max_topics` automatic ones, labelled with `label_phrases` key
    phrases, named as in `memory` where they hold most of a topic.
    """
    story_vectors = _story_vectors(vectors, articles, stories)
    keys = _topic_keys(articles, stories, story_vectors, max_topics, memory)
    return _topics(articles, cleaned, stories, keys, label_phrases, memory)


def _story_vectors(vectors: csr_matrix, articles: Sequence[Article], stories: list[Story]) -> csr_matrix:
    """Each story as the normalized mean of its articles' vectors."""
    position = {article.id: index for index, article in enumerate(articles)}
    rows = [index for index, story in enumerate(stories) for _ in story.article_ids]
    columns = [position[aid] for story in stories for aid in story.article_ids]
    membership = csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(stories), len(articles)))
    return normalize(membership @ vectors).tocsr()


def _topic_keys(
    articles: Sequence[Article], stories: list[Story], story_vectors: csr_matrix, max_topics: int, memory: Memory,
) -> list[str]:
    """A topic key per story: `editor:<topic>` when an article names one, else `auto:<number>`."""
    by_id = {article.id: article for article in articles}
    keys: list[str | None] = []
    for story in stories:
        chosen = sorted({by_id[aid].topic for aid in story.article_ids if by_id[aid].topic})
        keys.append(f"editor:{chosen[0]}" if chosen else None)
    automatic = [index for index, key in enumerate(keys) if key is None]
    if automatic:
        previous = _previous_topics([stories[index] for index in automatic], memory)
        numbers = topic_numbers(story_vectors[automatic], previous, max_topics)
        for index, number in zip(automatic, numbers):
            keys[index] = f"auto:{number}"
    return [key for key in keys if key is not None]


def _previous_topics(stories: list[Story], memory: Memory) -> list[str | None]:
    """The previous topic most of each story's articles were in, None for new stories."""
    topic_of = {aid: topic for topic, members in sorted(memory.topics.items()) for aid in members}
    previous = []
    for story in stories:
        votes: dict[str, int] = {}
        for aid in story.article_ids:
            if aid in topic_of:
                votes[topic_of[aid]] = votes.get(topic_of[aid], 0) + 1
        previous.append(min(votes, key=lambda topic: (-votes[topic], topic)) if votes else None)
    return previous


def topic_numbers(story_vectors: csr_matrix, previous: list[str | None], max_topics: int) -> np.ndarray:
    """A topic number per story row: k-means on LSA vectors with the most stable k."""
    count = story_vectors.shape[0]
    most = min(max_topics, int(np.sqrt(count / 2)))
    if most < 2:
        return np.zeros(count, dtype=np.int64)
    from sklearn.cluster import KMeans

    points = _lsa(story_vectors)
    earlier = sorted({topic for topic in previous if topic})
    stability = {k: _stability(points, k) for k in range(2, most + 1)}
    # Fewer topics read better: among near-equally stable counts, take the smallest.
    best = min(k for k in stability if stability[k] >= max(stability.values()) - STABILITY_MARGIN)
    # Keep the previous number of topics unless another is clearly more stable,
    # and start from the previous topics, so a few new stories move little.
    if 2 <= len(earlier) <= most and stability[len(earlier)] >= stability[best] - STICKY_TOLERANCE:
        start = np.vstack([points[[p == topic for p in previous]].mean(axis=0) for topic in earlier])
        return renumbered(KMeans(len(earlier), init=start, n_init=1).fit_predict(points))
    return renumbered(KMeans(best, n_init=10, random_state=0).fit_predict(points))


def _lsa(story_vectors: csr_matrix) -> np.ndarray:
    """Stories in a smoother space where related words count as alike; rows normalized."""
    from sklearn.decomposition import TruncatedSVD

    dimensions = min(LSA_DIMENSIONS, story_vectors.shape[0] - 1, story_vectors.shape[1] - 1)
    if dimensions < 2:
        return normalize(story_vectors.toarray())
    return normalize(TruncatedSVD(dimensions, random_state=0).fit_transform(story_vectors))


def _stability(points: np.ndarray, k: int) -> float:
    """How alike k-means splits from different random starts are (mean adjusted Rand index)."""
    from sklearn.cluster import KMeans

    if len(points) > STABILITY_SAMPLE:
        points = points[np.random.default_rng(0).choice(len(points), STABILITY_SAMPLE, replace=False)]
    runs = [KMeans(k, n_init=1, random_state=seed).fit_predict(points) for seed in range(STABILITY_RUNS)]
    return float(np.mean([_adjusted_rand(a, b) for a, b in combinations(runs, 2)]))


def _adjusted_rand(first: np.ndarray, second: np.ndarray) -> float:
    """Adjusted Rand index of two labelings (scikit-learn's, without its per-call checks)."""
    both = _pairs(np.bincount(first * (second.max() + 1) + second))
    rows, columns = _pairs(np.bincount(first)), _pairs(np.bincount(second))
    expected = rows * columns / _pairs(np.array([len(first)]))
    largest = (rows + columns) / 2
    return 1.0 if largest == expected else (both - expected) / (largest - expected)


def _pairs(counts: np.ndarray) -> float:
    counts = counts.astype(float)
    return float((counts * (counts - 1)).sum() / 2)


def _topics(
    articles: Sequence[Article],
    cleaned: dict[str, Cleaned],
    stories: list[Story],
    keys: list[str],
    label_phrases: int,
    memory: Memory,
) -> list[Topic]:
    members: dict[str, list[Story]] = {}
    for story, key in zip(stories, keys):
        members.setdefault(key, []).append(story)
    ordered = sorted(members)
    phrases = key_phrases(articles, cleaned, [members[key] for key in ordered], label_phrases + 3)
    automatic = [key for key in ordered if key.startswith("auto:")]
    editors = {slugify(key.removeprefix("editor:"), "topic") for key in ordered if not key.startswith("auto:")}
    # An editor's topic keeps its own slug; automatic topics never take it over.
    previous = {name: members for name, members in memory.topics.items() if name not in editors}
    inherited = dict(zip(automatic, inherited_names(
        [frozenset(aid for story in members[key] for aid in story.article_ids) for key in automatic], previous
    )))
    used: set[str] = set()
    editor_ids = {
        key: unused_name(slugify(key.removeprefix("editor:"), "topic"), used) for key in ordered if key not in inherited
    }
    used |= {name for name in inherited.values() if name}
    topics = []
    for key, keywords in zip(ordered, phrases):
        if key in editor_ids:
            label = key.removeprefix("editor:")
            topic_id = editor_ids[key]
        else:
            label = ", ".join(keywords[:label_phrases]) or "Other news"
            label = label[0].upper() + label[1:]
            topic_id = inherited[key] or unused_name(slugify(label, "topic"), used)
        topics.append(Topic(topic_id, label, tuple(keywords), tuple(story.id for story in members[key])))
    return topics

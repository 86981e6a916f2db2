"""Stage 4: group articles into stories (one event) and stories into topics.

Articles become TF-IDF vectors of their headline and cleaned text. Articles
closer than `story_threshold` (cosine similarity, average link) are one story;
stories closer than `topic_threshold` are one topic. Nobody says how many.
Each topic is labelled with the phrases that set its articles apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.preprocessing import normalize

from .model import Article, Cleaned, Story, Topic
from .slugs import short_hash, slugify


@dataclass(frozen=True)
class GroupSettings:
    """How similar articles must be to share a story or a topic."""

    story_threshold: float = 0.35
    """Minimum average cosine similarity of two article groups in one story."""
    topic_threshold: float = 0.12
    """Minimum average cosine similarity of two story groups in one topic."""
    label_phrases: int = 3
    """How many key phrases a topic label has."""


@dataclass(frozen=True)
class Grouping:
    """Stories and topics of a set of articles."""

    stories: tuple[Story, ...]
    """Most important first: most sources, then newest."""
    topics: tuple[Topic, ...]
    """Largest first."""


def group(articles: Sequence[Article], cleaned: dict[str, Cleaned], settings: GroupSettings) -> Grouping:
    """Group `articles` into stories and topics."""
    if not articles:
        return Grouping((), ())
    vectorizer, vectors = _vectors(articles, cleaned)
    story_labels = _clusters(vectors, settings.story_threshold)
    stories = _stories(articles, story_labels)
    story_vectors = _mean_rows(vectors, [_indexes(articles, story) for story in stories])
    topic_labels = _topic_labels(articles, stories, story_vectors, settings.topic_threshold)
    topics = _topics(stories, topic_labels, story_vectors, vectorizer, articles, settings)
    ranked = _ranked(stories, articles)
    order = {story.id: rank for rank, story in enumerate(ranked)}
    topics = tuple(
        Topic(t.id, t.label, t.keywords, tuple(sorted(t.story_ids, key=order.__getitem__))) for t in topics
    )
    return Grouping(tuple(ranked), tuple(sorted(topics, key=lambda t: (-len(t.story_ids), t.id))))


def _vectors(articles: Sequence[Article], cleaned: dict[str, Cleaned]) -> tuple[TfidfVectorizer, csr_matrix]:
    documents = [f"{a.title}\n{a.title}\n{cleaned[a.id].text}" for a in articles]
    vectorizer = TfidfVectorizer(
        stop_words="english", sublinear_tf=True, ngram_range=(1, 2), min_df=1, max_df=0.9 if len(articles) > 10 else 1.0,
        token_pattern=r"(?u)\b[^\W\d_][\w'’-]*[^\W_]\b",
    )
    return vectorizer, vectorizer.fit_transform(documents)


def _clusters(vectors: csr_matrix, threshold: float) -> list[int]:
    """Average-link clusters of rows whose cosine similarity is at least `threshold`."""
    if vectors.shape[0] == 1:
        return [1]
    dense = normalize(vectors).toarray() if hasattr(vectors, "toarray") else normalize(vectors)
    distances = np.clip(1.0 - dense @ dense.T, 0.0, 2.0)
    condensed = distances[np.triu_indices(len(dense), k=1)]
    tree = linkage(condensed, method="average")
    return list(fcluster(tree, t=1.0 - threshold, criterion="distance"))


def _stories(articles: Sequence[Article], labels: list[int]) -> list[Story]:
    members: dict[int, list[Article]] = {}
    for article, label in zip(articles, labels):
        members.setdefault(label, []).append(article)
    stories = []
    for group_articles in members.values():
        oldest_first = sorted(group_articles, key=_oldest_first)
        lead = oldest_first[0]
        story_id = f"{slugify(lead.title, 'story')}-{short_hash(lead.path)}"
        stories.append(Story(story_id, lead.title, tuple(a.id for a in oldest_first)))
    return stories


def _oldest_first(article: Article) -> tuple:
    return (article.published.toordinal() if article.published else 0, article.path)


def _indexes(articles: Sequence[Article], story: Story) -> list[int]:
    position = {article.id: index for index, article in enumerate(articles)}
    return [position[aid] for aid in story.article_ids]


def _mean_rows(vectors: csr_matrix, groups: list[list[int]]) -> np.ndarray:
    rows = [np.asarray(vectors[indexes].mean(axis=0)).ravel() for indexes in groups]
    return normalize(np.vstack(rows))


def _topic_labels(
    articles: Sequence[Article], stories: list[Story], story_vectors: np.ndarray, threshold: float
) -> list[str]:
    """A topic key per story: the editor's `topic:` if any article has one, else a cluster number."""
    by_id = {article.id: article for article in articles}
    clusters = _clusters(story_vectors, threshold)
    keys = []
    for story, cluster in zip(stories, clusters):
        chosen = sorted({by_id[aid].topic for aid in story.article_ids if by_id[aid].topic})
        keys.append(f"editor:{chosen[0]}" if chosen else f"auto:{cluster}")
    return keys


def _topics(
    stories: list[Story],
    keys: list[str],
    story_vectors: np.ndarray,
    vectorizer: TfidfVectorizer,
    articles: Sequence[Article],
    settings: GroupSettings,
) -> list[Topic]:
    members: dict[str, list[int]] = {}
    for index, key in enumerate(keys):
        members.setdefault(key, []).append(index)
    terms = vectorizer.get_feature_names_out()
    topics = []
    used: set[str] = set()
    for key, indexes in sorted(members.items()):
        keywords = _keywords(story_vectors, indexes, terms, settings.label_phrases + 3)
        if key.startswith("editor:"):
            label = key.removeprefix("editor:")
        else:
            label = ", ".join(keywords[: settings.label_phrases]).capitalize() or "Other news"
        topic_id = _unique(slugify(label, "topic"), used)
        topics.append(Topic(topic_id, label, tuple(keywords), tuple(stories[i].id for i in indexes)))
    return topics


def _keywords(story_vectors: np.ndarray, indexes: list[int], terms: np.ndarray, count: int) -> list[str]:
    """Phrases with the most weight in these stories, compared with all stories."""
    inside = story_vectors[indexes].mean(axis=0)
    overall = story_vectors.mean(axis=0)
    score = inside - 0.5 * overall if len(story_vectors) > len(indexes) else inside
    chosen: list[str] = []
    for index in np.argsort(-score, kind="stable"):
        term = str(terms[index])
        if score[index] <= 0 or len(chosen) == count:
            break
        if term in ENGLISH_STOP_WORDS or any(term in other or other in term for other in chosen):
            continue
        chosen.append(term)
    return chosen


def _unique(slug: str, used: set[str]) -> str:
    candidate, number = slug, 2
    while candidate in used:
        candidate, number = f"{slug}-{number}", number + 1
    used.add(candidate)
    return candidate


def _ranked(stories: list[Story], articles: Sequence[Article]) -> list[Story]:
    """Most sources first, then the newest, then by id for a stable order."""
    by_id = {article.id: article for article in articles}

    def importance(story: Story) -> tuple:
        dates = [by_id[aid].published.toordinal() for aid in story.article_ids if by_id[aid].published]
        return (-len(story.article_ids), -max(dates, default=0), story.id)

    return sorted(stories, key=importance)

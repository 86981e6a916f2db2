"""Stage 4: group articles into stories (one event) and stories into topics.

Stories. Each article becomes a TF-IDF vector of its headline and cleaned
text, and two articles are as alike as their texts and (with `title_weight`)
their headlines. Two reports of one event share rare words (names, places,
figures), and they also share *neighbours*: the other reports of the same
event. So each article is described by its few nearest articles (similarity
at least `story_min_similarity`, at most `story_neighbours` of them, plus
itself), and two articles are compared through those neighbourhoods.
Average-link clustering with a threshold on that similarity makes the
stories; nobody says how many. Similarities are computed a block of rows at
a time and only neighbourhoods are kept, so memory grows with the number of
articles, not its square.

Topics. Stories become the mean of their articles' vectors, smoothed by LSA
(truncated SVD), and are split by k-means. The number of topics is the one
whose split comes out the same from different random starts (the most stable
k, at most `max_topics` and about the square root of half the stories), so it
grows with the content. An editor's `topic:` in front matter overrides this.
Topics are labelled with class-based TF-IDF key phrases, bigrams preferred
(`labels.py`).

Names. Story and topic ids are page slugs. A group takes over the id of the
previous build's group it holds most of (see `memory.py`), so adding articles
does not move existing pages; same content and same memory give the same
grouping, byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy.sparse import csr_matrix, hstack

from builder.group.labels import key_phrases
from builder.group.names import Memory, inherited_names
from builder.model import Article, Cleaned, Story, Topic
from builder.model.config import GroupSettings
from builder.read.slugs import short_hash, slugify

LARGE = 50
"""From this many articles on, rare and ubiquitous words are left out of the vectors."""
ROW_BLOCK = 512
"""Articles compared with all others at a time, so memory stays linear in the number of articles."""
LSA_DIMENSIONS = 100
STABILITY_RUNS = 8
STABILITY_MARGIN = 0.01
STABILITY_SAMPLE = 2000
"""Stories used to judge how many topics there are; k-means on all of them afterwards."""
STICKY_TOLERANCE = 0.05
"""Keep the previous number of topics while its stability is this close to the best."""


@dataclass(frozen=True)
class Grouping:
    """Stories and topics of a set of articles."""

    stories: tuple[Story, ...]
    """Most important first: most sources, then newest."""
    topics: tuple[Topic, ...]
    """Largest first."""


_TOKENS = re.compile(r"(?u)\b\w\w+\b")
"""scikit-learn's default token pattern, which `_text_vectorizer` uses."""


@dataclass(frozen=True)
class Vocabulary:
    """The words of the TF-IDF vectors of a grouping and their weights, to make rows of later articles alike."""

    terms: tuple[str, ...]
    """The words, in column order."""
    idf: np.ndarray
    """Inverse document frequency of each word, as the grouping counted it."""

    def rows(self, documents: Sequence[str]) -> csr_matrix:
        """L2-normalized TF-IDF rows of `documents`, as the fitted vectorizer makes them, without scikit-learn.

        Lower case, scikit-learn's default tokens, sublinear term frequency
        times `idf`; words outside the vocabulary (stop words among them) count
        for nothing.
        """
        column = {term: index for index, term in enumerate(self.terms)}
        indptr, indices, data = [0], [], []
        for document in documents:
            counts: dict[int, int] = {}
            for token in _TOKENS.findall(document.lower()):
                index = column.get(token)
                if index is not None:
                    counts[index] = counts.get(index, 0) + 1
            found = sorted(counts)
            values = np.array([1.0 + np.log(counts[index]) for index in found]) * self.idf[found] if found else []
            length = float(np.sqrt(np.dot(values, values))) if found else 0.0
            indices += found
            data += list(np.asarray(values) / length) if length else [0.0] * len(found)
            indptr.append(len(indices))
        return csr_matrix((np.array(data, dtype=float), np.array(indices, dtype=np.int32), indptr),
                          shape=(len(documents), max(len(self.terms), 1)))


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
    """`group`, and what it learned about the articles, so a later build can add articles to it (`assign.py`)."""
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
    weights = neighbourhood_weights(event_vectors(text, titles, settings.title_weight), settings)
    labels = story_labels_of(weights, settings)
    stories = _stories(articles, labels, memory)
    story_vectors = _story_vectors(text, articles, stories)
    topic_of_story = _topic_keys(articles, stories, story_vectors, settings, memory)
    topics = _topics(articles, cleaned, stories, topic_of_story, settings, memory)
    learned = Learned(tuple(a.id for a in articles), vocabulary, text, titles, weights)
    return ordered(stories, topics, articles), learned


def ordered(stories: Sequence[Story], topics: Sequence[Topic], articles: Sequence[Article]) -> Grouping:
    """The grouping in reading order: stories by importance, each topic's stories too, topics largest first."""
    ranked = _ranked(list(stories), articles)
    order = {story.id: rank for rank, story in enumerate(ranked)}
    topics = [Topic(t.id, t.label, t.keywords, tuple(sorted(t.story_ids, key=order.__getitem__))) for t in topics]
    return Grouping(tuple(ranked), tuple(sorted(topics, key=lambda t: (-len(t.story_ids), t.id))))


def article_vectors(articles: Sequence[Article], cleaned: dict[str, Cleaned]) -> tuple[csr_matrix, csr_matrix]:
    """L2-normalized TF-IDF rows of each article's headline and text, and of its headline alone."""
    return fitted_vectors(articles, cleaned)[:2]


def fitted_vectors(
    articles: Sequence[Article], cleaned: dict[str, Cleaned]
) -> tuple[csr_matrix, csr_matrix, Vocabulary]:
    """`article_vectors`, and the vocabulary that makes them (to turn later articles into rows alike)."""
    vectorizer = _text_vectorizer(len(articles))
    try:
        text = normalize(vectorizer.fit_transform(_documents(articles, cleaned))).tocsr()
    except ValueError:  # no word shared by two articles
        empty = csr_matrix((len(articles), 1))
        return empty, empty, Vocabulary((), np.zeros(0))
    terms = tuple(str(term) for term in vectorizer.get_feature_names_out())
    titles = normalize(vectorizer.transform([article.title for article in articles])).tocsr()
    return text, titles, Vocabulary(terms, vectorizer.idf_.copy())


def event_vectors(text: csr_matrix, titles: csr_matrix, title_weight: float) -> csr_matrix:
    """Rows whose dot product mixes text and headline cosine similarity (`title_weight` for the headline).

    Reports of one event share headline words far more often than reports of
    two events on one subject do.
    """
    return hstack([np.sqrt(1.0 - title_weight) * text, np.sqrt(title_weight) * titles]).tocsr()


def _documents(articles: Sequence[Article], cleaned: dict[str, Cleaned]) -> list[str]:
    return [f"{article.title}\n{cleaned[article.id].text}" for article in articles]


def _text_vectorizer(count: int):
    from sklearn.feature_extraction.text import TfidfVectorizer

    # In a large set, words found in one article only dilute the similarity and words
    # in over half the articles say nothing; in a few articles every word counts.
    # The token pattern and stop words are `Vocabulary.rows`'s too: change both together.
    return TfidfVectorizer(
        stop_words="english", sublinear_tf=True,
        min_df=2 if count >= LARGE else 1, max_df=0.5 if count >= LARGE else 1.0,
    )


def story_labels(vectors: csr_matrix, settings: GroupSettings) -> np.ndarray:
    """A story number per article row (numbers are arbitrary; equal means one story)."""
    return story_labels_of(neighbourhood_weights(vectors, settings), settings)


def story_labels_of(weights: csr_matrix, settings: GroupSettings) -> np.ndarray:
    """`story_labels` from the articles' neighbourhoods (`neighbourhood_weights`)."""
    from scipy.sparse.csgraph import connected_components

    similarity = neighbourhood_similarity_of(weights)
    edges = similarity.multiply(similarity >= settings.story_threshold)
    count, component = connected_components(edges, directed=False)
    labels = np.zeros(weights.shape[0], dtype=np.int64)
    next_label = 0
    # Average-link merges only groups with a pair above the threshold, so each
    # story lies inside one connected component: cluster components one by one.
    for members in _members(component, count):
        if len(members) == 1:
            labels[members] = next_label
            next_label += 1
            continue
        inside = _average_link(similarity[members][:, members].toarray(), settings.story_threshold)
        labels[members] = inside + next_label
        next_label += int(inside.max()) + 1
    return labels


def neighbourhood_similarity(vectors: csr_matrix, settings: GroupSettings) -> csr_matrix:
    """Cosine similarity of the articles' neighbourhoods (sparse, symmetric, 1 on the diagonal)."""
    return neighbourhood_similarity_of(neighbourhood_weights(vectors, settings))


def neighbourhood_similarity_of(weights: csr_matrix) -> csr_matrix:
    """Cosine similarity of neighbourhoods given as rows of weights (`neighbourhood_weights`)."""
    neighbourhoods = normalize(weights)
    return (neighbourhoods @ neighbourhoods.T).tocsr()


def neighbourhood_weights(vectors: csr_matrix, settings: GroupSettings) -> csr_matrix:
    """Each article's neighbourhood: itself (`SELF_WEIGHT`) and its nearest articles, weighted by similarity."""
    rows, columns, weights = [], [], []
    count = vectors.shape[0]
    keep = min(settings.story_neighbours, count - 1)
    for start in range(0, count, ROW_BLOCK):
        block = (vectors[start : start + ROW_BLOCK] @ vectors.T).toarray()
        block[np.arange(len(block)), np.arange(start, start + len(block))] = -1.0
        nearest = np.argpartition(-block, keep - 1, axis=1)[:, :keep] if keep > 0 else np.empty((len(block), 0), int)
        for offset, neighbours in enumerate(nearest):
            chosen = [n for n in sorted(neighbours) if block[offset, n] >= settings.story_min_similarity]
            rows += [start + offset] * (len(chosen) + 1)
            columns += [start + offset, *chosen]
            weights += [SELF_WEIGHT, *block[offset, chosen]]
    return csr_matrix((weights, (rows, columns)), shape=(count, count))


SELF_WEIGHT = 0.5
"""Weight of an article in its own neighbourhood: keeps an article with no neighbour like itself only."""


def _members(component: np.ndarray, count: int) -> list[np.ndarray]:
    order = np.argsort(component, kind="stable")
    return np.split(order, np.cumsum(np.bincount(component, minlength=count))[:-1])


def _average_link(similarity: np.ndarray, threshold: float) -> np.ndarray:
    """Average-link clusters (numbered from 0) of a dense similarity matrix."""
    from scipy.cluster.hierarchy import fcluster, linkage

    distances = np.clip(1.0 - similarity, 0.0, 2.0)
    condensed = distances[np.triu_indices(len(similarity), k=1)]
    clusters = fcluster(linkage(condensed, method="average"), t=1.0 - threshold, criterion="distance")
    return _renumbered(clusters)


def _renumbered(labels: np.ndarray) -> np.ndarray:
    """Labels as 0, 1, 2... in order of first appearance, so numbering never depends on a library."""
    first: dict[int, int] = {}
    return np.array([first.setdefault(int(label), len(first)) for label in labels], dtype=np.int64)


def _stories(articles: Sequence[Article], labels: np.ndarray, memory: Memory) -> list[Story]:
    groups: dict[int, list[Article]] = {}
    for article, label in zip(articles, labels):
        groups.setdefault(int(label), []).append(article)
    members = [found for found in groups.values()]
    inherited = inherited_names([frozenset(a.id for a in found) for found in members], memory.stories)
    used = {name for name in inherited if name}
    return [story_of(found, name, used) for found, name in zip(members, inherited)]


def story_of(members: Sequence[Article], name: str | None, used: set[str]) -> Story:
    """The story of `members`, named `name`, or a new name from its lead article that is not in `used`."""
    found = sorted(members, key=_oldest_first)
    lead = found[0]
    story_id = name or _unique(f"{slugify(lead.title, 'story')}-{short_hash(lead.path)}", used)
    return Story(story_id, lead.title, tuple(a.id for a in found))


def _oldest_first(article: Article) -> tuple:
    return (article.published.toordinal() if article.published else 0, article.path)


def _story_vectors(vectors: csr_matrix, articles: Sequence[Article], stories: list[Story]) -> csr_matrix:
    """Each story as the normalized mean of its articles' vectors."""
    position = {article.id: index for index, article in enumerate(articles)}
    rows = [index for index, story in enumerate(stories) for _ in story.article_ids]
    columns = [position[aid] for story in stories for aid in story.article_ids]
    membership = csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(stories), len(articles)))
    return normalize(membership @ vectors).tocsr()


def _topic_keys(
    articles: Sequence[Article],
    stories: list[Story],
    story_vectors: csr_matrix,
    settings: GroupSettings,
    memory: Memory,
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
        numbers = topic_numbers(story_vectors[automatic], previous, settings.max_topics)
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
        return _renumbered(KMeans(len(earlier), init=start, n_init=1).fit_predict(points))
    return _renumbered(KMeans(best, n_init=10, random_state=0).fit_predict(points))


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
    settings: GroupSettings,
    memory: Memory,
) -> list[Topic]:
    members: dict[str, list[Story]] = {}
    for story, key in zip(stories, keys):
        members.setdefault(key, []).append(story)
    ordered = sorted(members)
    phrases = key_phrases(articles, cleaned, [members[key] for key in ordered], settings.label_phrases + 3)
    automatic = [key for key in ordered if key.startswith("auto:")]
    editors = {slugify(key.removeprefix("editor:"), "topic") for key in ordered if not key.startswith("auto:")}
    # An editor's topic keeps its own slug; automatic topics never take it over.
    previous = {name: members for name, members in memory.topics.items() if name not in editors}
    inherited = dict(zip(automatic, inherited_names(
        [frozenset(aid for story in members[key] for aid in story.article_ids) for key in automatic], previous
    )))
    used: set[str] = set()
    editor_ids = {
        key: _unique(slugify(key.removeprefix("editor:"), "topic"), used) for key in ordered if key not in inherited
    }
    used |= {name for name in inherited.values() if name}
    topics = []
    for key, keywords in zip(ordered, phrases):
        if key in editor_ids:
            label = key.removeprefix("editor:")
            topic_id = editor_ids[key]
        else:
            label = ", ".join(keywords[: settings.label_phrases]) or "Other news"
            label = label[0].upper() + label[1:]
            topic_id = inherited[key] or _unique(slugify(label, "topic"), used)
        topics.append(Topic(topic_id, label, tuple(keywords), tuple(story.id for story in members[key])))
    return topics


def normalize(matrix, norm: str = "l2"):
    """scikit-learn's row normalization (imported when first used, like every heavy library here).

    Importing scikit-learn takes over a second; a rebuild that only adds a few
    articles to the last grouping (`assign.py`) never needs it.
    """
    from sklearn.preprocessing import normalize as scaled

    return scaled(matrix, norm=norm)


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

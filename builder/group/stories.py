"""Stories: the articles that report one event.

Two reports of one event share rare words (names, places, figures), and they
also share *neighbours*: the other reports of the same event. So each article
is described by its few nearest articles (similarity at least
`story_min_similarity`, at most `story_neighbours` of them, plus itself), and
two articles are compared through those neighbourhoods. Average-link
clustering with a threshold on that similarity makes the stories; nobody says
how many. Similarities are computed a block of rows at a time and only
neighbourhoods are kept, so memory grows with the number of articles, not its
square.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.sparse import csr_matrix

from builder.group.names import Memory, inherited_names
from builder.group.vectors import normalize
from builder.model import Article, Story
from builder.read.slugs import short_hash, slugify

ROW_BLOCK = 512
"""Articles compared with all others at a time, so memory stays linear in the number of articles."""
SELF_WEIGHT = 0.5
"""Weight of an article in its own neighbourhood: keeps an article with no neighbour like itself only."""


def neighbourhood_weights(vectors: csr_matrix, neighbours: int, min_similarity: float) -> csr_matrix:
    """Each article's neighbourhood: itself (`SELF_WEIGHT`) and its nearest articles, weighted by similarity.

    At most `neighbours` of them, each at least `min_similarity` alike.
    """
    rows, columns, weights = [], [], []
    count = vectors.shape[0]
    keep = min(neighbours, count - 1)
    for start in range(0, count, ROW_BLOCK):
        block = (vectors[start : start + ROW_BLOCK] @ vectors.T).toarray()
        block[np.arange(len(block)), np.arange(start, start + len(block))] = -1.0
        nearest = np.argpartition(-block, keep - 1, axis=1)[:, :keep] if keep > 0 else np.empty((len(block), 0), int)
        for offset, neighbours_of in enumerate(nearest):
            chosen = [n for n in sorted(neighbours_of) if block[offset, n] >= min_similarity]
            rows += [start + offset] * (len(chosen) + 1)
            columns += [start + offset, *chosen]
            weights += [SELF_WEIGHT, *block[offset, chosen]]
    return csr_matrix((weights, (rows, columns)), shape=(count, count))


def neighbourhood_similarity(weights: csr_matrix) -> csr_matrix:
    """Cosine similarity of neighbourhoods given as rows of weights (sparse, symmetric, 1 on the diagonal)."""
    neighbourhoods = normalize(weights)
    return (neighbourhoods @ neighbourhoods.T).tocsr()


def story_labels(weights: csr_matrix, threshold: float) -> np.ndarray:
    """A story number per article row (numbers are arbitrary; equal means one story).

    Average link on the similarity of the articles' neighbourhoods
    (`neighbourhood_weights`), merging while it is at least `threshold`.
    """
    from scipy.sparse.csgraph import connected_components

    similarity = neighbourhood_similarity(weights)
    edges = similarity.multiply(similarity >= threshold)
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
        inside = _average_link(similarity[members][:, members].toarray(), threshold)
        labels[members] = inside + next_label
        next_label += int(inside.max()) + 1
    return labels


def _members(component: np.ndarray, count: int) -> list[np.ndarray]:
    order = np.argsort(component, kind="stable")
    return np.split(order, np.cumsum(np.bincount(component, minlength=count))[:-1])


def _average_link(similarity: np.ndarray, threshold: float) -> np.ndarray:
    """Average-link clusters (numbered from 0) of a dense similarity matrix."""
    from scipy.cluster.hierarchy import fcluster, linkage

    distances = np.clip(1.0 - similarity, 0.0, 2.0)
    condensed = distances[np.triu_indices(len(similarity), k=1)]
    clusters = fcluster(linkage(condensed, method="average"), t=1.0 - threshold, criterion="distance")
    return renumbered(clusters)


def renumbered(labels: np.ndarray) -> np.ndarray:
    """Labels as 0, 1, 2... in order of first appearance, so numbering never depends on a library."""
    first: dict[int, int] = {}
    return np.array([first.setdefault(int(label), len(first)) for label in labels], dtype=np.int64)


def stories_of(articles: Sequence[Article], labels: np.ndarray, memory: Memory) -> list[Story]:
    """The stories of articles numbered by `labels`, named as in `memory` where they hold most of a story."""
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
    story_id = name or unused_name(f"{slugify(lead.title, 'story')}-{short_hash(lead.path)}", used)
    return Story(story_id, lead.title, tuple(a.id for a in found))


def _oldest_first(article: Article) -> tuple:
    return (article.published.toordinal() if article.published else 0, article.path)


def unused_name(slug: str, used: set[str]) -> str:
    """`slug`, or `slug-2`, `slug-3`... the first not in `used`, which it joins."""
    candidate, number = slug, 2
    while candidate in used:
        candidate, number = f"{slug}-{number}", number + 1
    used.add(candidate)
    return candidate

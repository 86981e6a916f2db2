"""Sections: the broad parts of the news, found by k-means on story vectors.

Stories (the mean of their articles' vectors) are smoothed by LSA (truncated
SVD) and split by k-means. The number of sections is the one whose split
comes out the same from different random starts (the most stable k, at most
`max_sections` and about the square root of half the stories): a handful, as
the menu of a newspaper. `levels.py` splits each section into topics.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
from scipy.sparse import csr_matrix

from builder.group.stories import renumbered
from builder.group.vectors import normalize

LSA_DIMENSIONS = 100
STABILITY_RUNS = 8
STABILITY_MARGIN = 0.01
STABILITY_SAMPLE = 2000
"""Stories used to judge how many sections there are; k-means on all of them afterwards."""
STICKY_TOLERANCE = 0.05
"""Keep the previous number of sections while its stability is this close to the best."""


def section_numbers(points: np.ndarray, previous: list[str | None], max_sections: int) -> np.ndarray:
    """A section number per row of `points` (`lsa_points`): k-means with the most stable k.

    `previous` holds each row's section in the last build (None for new
    stories): its number of sections is kept unless another is clearly more stable.
    """
    count = len(points)
    most = min(max_sections, int(np.sqrt(count / 2)))
    if most < 2:
        return np.zeros(count, dtype=np.int64)
    from sklearn.cluster import KMeans

    earlier = sorted({topic for topic in previous if topic})
    stability = {k: _stability(points, k) for k in range(2, most + 1)}
    # Fewer sections read better: among near-equally stable counts, take the smallest.
    best = min(k for k in stability if stability[k] >= max(stability.values()) - STABILITY_MARGIN)
    # Keep the previous number of sections unless another is clearly more stable,
    # and start from the previous sections, so a few new stories move little.
    if 2 <= len(earlier) <= most and stability[len(earlier)] >= stability[best] - STICKY_TOLERANCE:
        start = np.vstack([points[[p == topic for p in previous]].mean(axis=0) for topic in earlier])
        return renumbered(KMeans(len(earlier), init=start, n_init=1).fit_predict(points))
    return renumbered(KMeans(best, n_init=10, random_state=0).fit_predict(points))


def lsa_points(story_vectors: csr_matrix) -> np.ndarray:
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

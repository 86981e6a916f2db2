"""Articles as TF-IDF vectors, the rows every comparison in grouping starts from.

Each article is a row of its headline and cleaned text and a row of its
headline alone, both L2-normalized; `event_vectors` mixes the two so that a
dot product rates how alike two reports are. `Vocabulary` keeps the words and
weights a grouping fitted, so a later build can make rows of new articles
alike without scikit-learn (`place.py`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix, hstack

from builder.model import Article, Cleaned

LARGE = 50
"""From this many articles on, rare and ubiquitous words are left out of the vectors."""

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


def fitted_vectors(
    articles: Sequence[Article], cleaned: dict[str, Cleaned]
) -> tuple[csr_matrix, csr_matrix, Vocabulary]:
    """L2-normalized TF-IDF rows of each article's headline and text, and of its headline alone.

    And the vocabulary that makes them, to turn later articles into rows alike.
    """
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


def normalize(matrix, norm: str = "l2"):
    """scikit-learn's row normalization (imported when first used, like every heavy library here).

    Importing scikit-learn takes over a second; a rebuild that only adds a few
    articles to the last grouping (`place.py`) never needs it.
    """
    from sklearn.preprocessing import normalize as scaled

    return scaled(matrix, norm=norm)

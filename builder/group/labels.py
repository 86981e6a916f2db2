"""Topic labels: the phrases that set each group of stories apart (class-based TF-IDF).

Each topic's articles are read as one document, and a word or pair of words
scores by how much more often that document uses it than the average topic
does. Pairs of words count `BIGRAM_BONUS` times as much as single words,
unless they are a piece of a longer name. Phrases are shown as the articles
most often write them ("Tony Blair").

The counting is done on word ids with NumPy: every article is split into
words once, and pairs are formed inside each topic's document, so an archive
of 10,000 articles costs seconds, not the tens of seconds that counting every
pair of words as a string took. The result is the one scikit-learn's
`CountVectorizer(ngram_range=(1, 2))` over the joined topic documents gives,
ties broken the same way (alphabetically).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix

from builder.model import Article, Cleaned, Story

WORDS = r"(?u)\b[^\W\d_][\w'’-]*[^\W_]\b"
"""Words of at least two characters that start with a letter: no pure numbers."""
BIGRAM_BONUS = 4.0
"""Bigrams ("interest rates") read better than single words ("rates") in a label."""
_WORDS = re.compile(WORDS)


def key_phrases(
    articles: Sequence[Article], cleaned: dict[str, Cleaned], topics: list[list[Story]], count: int
) -> list[list[str]]:
    """Up to `count` phrases for each group of stories, best first, bigrams preferred."""
    by_id = {article.id: article for article in articles}
    texts = [[f"{by_id[aid].title}\n{cleaned[aid].text}" for story in stories for aid in story.article_ids]
             for stories in topics]
    words: dict[str, int] = {}
    sequences = [np.concatenate([_word_ids(text, words) for text in group] or [np.zeros(0, np.int64)])
                 for group in texts]
    if not words:  # nothing but stop words and numbers
        return [[] for _ in topics]
    vocabulary = np.array(list(words), dtype=object)
    counts, terms = _term_counts(sequences, len(vocabulary))
    totals = np.asarray(counts.sum(axis=0)).ravel()
    frequency = _row_shares(counts)
    weight = np.log1p(counts.sum() / len(topics) / totals)
    is_pair = terms[:, 1] >= 0
    bonus = np.where(is_pair, BIGRAM_BONUS, 1.0) * ~_fragments(terms, totals, _stop_word_ids(vocabulary))
    scores = frequency.multiply(weight * bonus).tocsr()
    labels = []
    for index, group in enumerate(texts):
        document = "\n".join(group)
        lowered = document.lower()
        labels.append([_as_written(phrase, document, lowered)
                       for phrase in _best_phrases(scores[index], terms, vocabulary, count)])
    return labels


def _word_ids(text: str, words: dict[str, int]) -> np.ndarray:
    """The text's words (lower-cased, as `CountVectorizer` reads them) as ids, new words added to `words`."""
    tokens = _WORDS.findall(text.lower())
    for word in dict.fromkeys(tokens):  # each distinct word once, in order: ids do not depend on hashing
        if word not in words:
            words[word] = len(words)
    return np.fromiter(map(words.__getitem__, tokens), dtype=np.int64, count=len(tokens))


def _term_counts(sequences: list[np.ndarray], size: int) -> tuple[csr_matrix, np.ndarray]:
    """Counts of every word and every pair of neighbouring words, a row per sequence.

    Terms are rows of `terms`: (word, -1) for a word, (first, second) for a pair.
    """
    rows, codes = [], []
    for row, sequence in enumerate(sequences):
        pairs = sequence[:-1] * size + sequence[1:] + size  # pair codes come after the single words
        both = np.concatenate([sequence, pairs])
        rows.append(np.full(len(both), row, dtype=np.int64))
        codes.append(both)
    unique, columns = np.unique(np.concatenate(codes), return_inverse=True)
    counts = coo_matrix((np.ones(len(columns), dtype=np.int64), (np.concatenate(rows), columns)),
                        shape=(len(sequences), len(unique))).tocsr()
    counts.sum_duplicates()
    pair = unique >= size
    first = np.where(pair, (unique - size) // size, unique)
    second = np.where(pair, (unique - size) % size, -1)
    return counts, np.stack([first, second], axis=1)


def _row_shares(counts: csr_matrix) -> csr_matrix:
    """Each row divided by its sum (scikit-learn's l1 `normalize`)."""
    from sklearn.preprocessing import normalize

    return normalize(counts.astype(np.float64), norm="l1")


def _stop_word_ids(vocabulary: np.ndarray) -> np.ndarray:
    stop = label_stop_words()
    return np.fromiter((word in stop for word in vocabulary), dtype=bool, count=len(vocabulary))


def _fragments(terms: np.ndarray, totals: np.ndarray, stop: np.ndarray) -> np.ndarray:
    """Pairs that are pieces of a longer name ("Israeli Prime" of "Israeli Prime Minister").

    A pair is a piece when its last word starts, or its first word ends, a
    pair without stop words that is at least as common.
    """
    first, second = terms[:, 0], terms[:, 1]
    pair = (second >= 0) & ~stop[first] & ~stop[np.maximum(second, 0)]
    starting = np.zeros(len(stop), dtype=np.int64)  # per word: the most common clean pair it starts
    ending = np.zeros(len(stop), dtype=np.int64)  # per word: the most common clean pair it ends
    np.maximum.at(starting, first[pair], totals[pair])
    np.maximum.at(ending, second[pair], totals[pair])
    fragment = np.zeros(len(terms), dtype=bool)
    fragment[pair] = (starting[second[pair]] >= totals[pair]) | (ending[first[pair]] >= totals[pair])
    return fragment


def _best_phrases(row: csr_matrix, terms: np.ndarray, vocabulary: np.ndarray, count: int) -> list[str]:
    chosen: list[str] = []
    for term in _by_score(row, terms, vocabulary):
        words = term.split()
        if any(word in label_stop_words() for word in words) or len(set(words)) < len(words):
            continue
        if any(_stems(words) & _stems(other.split()) for other in chosen):
            continue
        chosen.append(term)
        if len(chosen) == count:
            break
    return chosen


def _by_score(row: csr_matrix, terms: np.ndarray, vocabulary: np.ndarray) -> Iterator[str]:
    """The row's terms, highest score first; equal scores alphabetically, as CountVectorizer's sorted terms give.

    Phrases are spelled out one run of equal scores at a time: the caller stops after a few.
    """
    order = np.argsort(-row.data, kind="stable")
    negative = -row.data[order]
    start = 0
    while start < len(order):
        end = int(np.searchsorted(negative, negative[start], side="right"))
        yield from sorted(_phrase(terms[row.indices[at]], vocabulary) for at in order[start:end])
        start = end


def _phrase(term: np.ndarray, vocabulary: np.ndarray) -> str:
    first, second = term
    return vocabulary[first] if second < 0 else f"{vocabulary[first]} {vocabulary[second]}"


def _stems(words: list[str]) -> set[str]:
    """Words without a plural `s`, so a label never has both "award" and "awards"."""
    return {word[:-1] if word.endswith("s") and len(word) > 3 else word for word in words}


def _as_written(phrase: str, document: str, lowered: str) -> str:
    """The phrase as the articles most often write it ("Tony Blair", not "tony blair")."""
    words = phrase.split()
    pattern = r"\b" + r"\W+".join(re.escape(word) for word in words) + r"\b"
    forms: dict[str, int] = {}
    for start, end in _matches(re.compile(pattern), words[0], document, lowered):
        form = " ".join(document[start:end].split()) if len(words) > 1 else document[start:end]
        forms[form] = forms.get(form, 0) + 1
    return min(forms, key=lambda form: (-forms[form], form)) if forms else phrase


def _matches(pattern: re.Pattern, first_word: str, document: str, lowered: str) -> Iterator[tuple[int, int]]:
    """Where `pattern` (lower case) matches `document` (`lowered` is it in lower case) in any case.

    Matching the lower-cased text at each place its first word occurs is many
    times faster than a case-blind search of the whole text. Where lower-casing
    changes the text's length (a few letters lower to two), positions would
    not line up, so the case-blind search is used.
    """
    if len(lowered) != len(document):
        yield from (match.span() for match in re.finditer(pattern.pattern, document, flags=re.IGNORECASE))
        return
    at = lowered.find(first_word)
    while at >= 0:
        match = pattern.match(lowered, at)
        if match:
            yield match.span()
            at = lowered.find(first_word, match.end())
        else:
            at = lowered.find(first_word, at + 1)


@cache
def label_stop_words() -> frozenset[str]:
    """Words that never make a label: stop words and the verbs and titles of reported speech."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return ENGLISH_STOP_WORDS | {"said", "says", "say", "told", "mr", "mrs", "ms", "according", "just", "like"}

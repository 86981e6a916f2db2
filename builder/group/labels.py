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
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix

from builder.model import Article, Cleaned, Story

WORDS = r"(?u)\b[^\W\d_][\w'’-]*[^\W_]\b"
"""Words of at least two characters that start with a letter: no pure numbers."""
BIGRAM_BONUS = 4.0
"""Bigrams ("interest rates") read better than single words ("rates") in a label."""
_WORDS = re.compile(WORDS)
_PUNCTUATION = re.compile(r"[<>()\[\]{}\"“”:;,|/]")
_SPACED_DASH = re.compile(r"\s[-–—]\s")
ACRONYM_LETTERS = 4
"""A word in capitals this short is an acronym ("NASA"), kept in capitals; longer ones are a headline's."""
SPEECH_WORDS = frozenset({"said", "says", "say", "told", "mr", "mrs", "ms", "according", "just", "like"})
"""The verbs and titles of reported speech."""
LABEL_WORDS = 4
"""A label is a short noun phrase: at most this many words."""
COMPLETED = 3
"""Key phrases of a group checked for a name cut short (the ones a label is taken from)."""
NAME_CONTINUED = 0.8
"""A phrase the articles continue with the same capitalised word this often is a name cut short."""
UNIT_WORDS = frozenset({"mln", "bln", "pct", "dlrs", "dlr", "vs", "cts", "shr", "oper", "qtr", "revs", "net", "avg",
                        "shrs", "mths", "billion", "million", "pence", "cents"})
"""Units and ticker words of wire copy ("Shr 15 cts vs 15 cts"): they name no subject."""
GENERIC_WORDS = frozenset({
    "year", "years", "old", "people", "best", "new", "week", "weeks", "day", "days", "today", "yesterday",
    "month", "months", "time", "times", "set", "looks", "half", "second", "first", "good", "big", "way",
    "number", "lot", "things", "thing", "including", "going", "make", "made", "want", "think", "know",
    "hide", "caption", "photos", "photo", "image", "images", "getty", "ap", "reuters", "advertisement",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "news", "report", "reports",
    "added", "asked", "called", "come", "came", "got", "did", "does", "don't", "it's", "he's", "she's",
    "saying", "stg", "gmt", "http", "https", "www", "com", "return", "company", "business", "government", "unit",
})
"""Words of any news: a label made of them names no subject, page furniture included."""


@dataclass(frozen=True)
class ArticleTerms:
    """Every article's words and pairs of words, counted once for all the groupings labelled (`article_terms`)."""

    rows: dict[str, int]
    """Each article id's row."""
    texts: tuple[str, ...]
    """Each article's headline and cleaned text, by row."""
    vocabulary: np.ndarray
    """The words, by id."""
    counts: csr_matrix
    """How often each article (row) has each term (column)."""
    terms: np.ndarray
    """Each column's term: (word, -1) for a word, (first, second) for a pair."""


def article_terms(articles: Sequence[Article], cleaned: dict[str, Cleaned]) -> ArticleTerms:
    """The terms of `articles`, to label groups of their stories with (`key_phrases`)."""
    texts = tuple(f"{article.title}\n{cleaned[article.id].text}" for article in articles)
    words: dict[str, int] = {}
    sequences = [_word_ids(text, words) for text in texts]
    vocabulary = np.array(list(words), dtype=object)
    counts, terms = _term_counts(sequences, max(1, len(vocabulary)))
    return ArticleTerms({article.id: row for row, article in enumerate(articles)}, texts, vocabulary, counts, terms)


def key_phrases(
    articles: Sequence[Article], cleaned: dict[str, Cleaned], topics: list[list[Story]], count: int,
    share: float = 0.0, bigram_bonus: float = BIGRAM_BONUS, table: ArticleTerms | None = None,
) -> list[list[str]]:
    """Up to `count` phrases for each group of stories, best first, bigrams preferred.

    A phrase must occur in at least `share` of its group's articles (and in two
    when the group has more than one): a word one caption repeats is no key
    phrase. `table` is `article_terms(articles, cleaned)`, when already made.
    """
    table = table or article_terms(articles, cleaned)
    if not len(table.vocabulary):  # nothing but stop words and numbers
        return [[] for _ in topics]
    groups = [[table.rows[aid] for story in stories for aid in story.article_ids] for stories in topics]
    membership = csr_matrix((np.ones(sum(map(len, groups))), (
        [index for index, rows in enumerate(groups) for _ in rows], [row for rows in groups for row in rows])),
        shape=(len(groups), len(table.texts)))
    counts = (membership @ table.counts).tocsr()
    present = (membership @ (table.counts > 0).astype(np.float64)).tocsr()
    totals = np.maximum(np.asarray(counts.sum(axis=0)).ravel(), 1)
    weight = np.log1p(counts.sum() / len(topics) / totals)
    is_pair = table.terms[:, 1] >= 0
    bonus = np.where(is_pair, bigram_bonus, 1.0) * ~_fragments(table.terms, totals, _stop_word_ids(table.vocabulary))
    scores = _row_shares(counts).multiply(weight * bonus).tocsr()
    labels = []
    for index, rows in enumerate(groups):
        document = "\n".join(table.texts[row] for row in rows)
        lowered = document.lower()
        needed = max(share * len(rows), 2.0 if len(rows) > 1 else 1.0)
        found = present[index].toarray().ravel()
        phrases = _best_phrases(scores[index], table.terms, table.vocabulary, count, found >= needed)
        # A phrase never written without punctuation inside ("GOODYEAR <GT>") is no phrase of the articles.
        written = [form for phrase in phrases if (form := _as_written(phrase, document, lowered))]
        labels.append([_completed(form, document) if rank < COMPLETED else form for rank, form in enumerate(written)])
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


def _completed(phrase: str, document: str) -> str:
    """The phrase with the capitalised words the articles nearly always write before or after it.

    "President Donald" becomes "President Donald Trump" and "Year's Eve" "New
    Year's Eve": a label is never a name cut short. At most `LABEL_WORDS` words.
    A name may hold a word of any news ("New York"), never a stop word.
    """
    while len(phrase.split()) < LABEL_WORDS and phrase[-1:].isalpha() and phrase.split()[-1][:1].isupper():
        word = _name_word(re.findall(r"\b" + re.escape(phrase) + r"\s+([A-Z][\w'’-]*[\w])", document), phrase, document)
        if not word:
            break
        phrase = f"{phrase} {word}"
    while len(phrase.split()) < LABEL_WORDS and phrase[:1].isupper():
        word = _name_word(re.findall(r"\b([A-Z][\w'’-]*[\w])\s+" + re.escape(phrase) + r"\b", document), phrase, document)
        if not word:
            break
        phrase = f"{word} {phrase}"
    return phrase


def _name_word(neighbours: list[str], phrase: str, document: str) -> str | None:
    """The capitalised word found next to `phrase` in `NAME_CONTINUED` of its occurrences, if it is no stop word."""
    # A headline set in capitals ("SEAGRAM UNIT CORBY DISTILLERIES") says nothing of where a name begins or ends.
    neighbours = [word for word in neighbours if not (word.isupper() and len(word) > 1)]
    if not neighbours:
        return None
    word, times = min(Counter(neighbours).items(), key=lambda item: (-item[1], item[0]))
    total = len(re.findall(r"\b" + re.escape(phrase) + r"\b", document))
    if times < NAME_CONTINUED * total or _is_stop_word(word.lower(), speech_only=True):
        return None
    return word


def _best_phrases(
    row: csr_matrix, terms: np.ndarray, vocabulary: np.ndarray, count: int, shared: np.ndarray
) -> list[str]:
    """The `count` best-scoring phrases of a group's `row` that enough of its articles have (`shared`, by column)."""
    chosen: list[str] = []
    for term, column in _by_score(row, terms, vocabulary):
        words = term.split()
        if any(_is_stop_word(word) for word in words) or len(set(words)) < len(words):
            continue
        if not shared[column]:
            continue
        if any(_stems(words) & _stems(other.split()) for other in chosen):
            continue
        chosen.append(term)
        if len(chosen) == count:
            break
    return chosen


def _by_score(row: csr_matrix, terms: np.ndarray, vocabulary: np.ndarray) -> Iterator[tuple[str, int]]:
    """The row's terms (with their columns), highest score first; equal scores alphabetically, as CountVectorizer's sorted terms give.

    Phrases are spelled out one run of equal scores at a time: the caller stops after a few.
    """
    order = np.argsort(-row.data, kind="stable")
    negative = -row.data[order]
    start = 0
    while start < len(order):
        end = int(np.searchsorted(negative, negative[start], side="right"))
        yield from sorted((_phrase(terms[row.indices[at]], vocabulary), int(row.indices[at])) for at in order[start:end])
        start = end


def _phrase(term: np.ndarray, vocabulary: np.ndarray) -> str:
    first, second = term
    return vocabulary[first] if second < 0 else f"{vocabulary[first]} {vocabulary[second]}"


def _stems(words: list[str]) -> set[str]:
    """Words without a plural `s`, so a label never has both "award" and "awards"."""
    return {word[:-1] if word.endswith("s") and len(word) > 3 else word for word in words}


def _as_written(phrase: str, document: str, lowered: str) -> str | None:
    """The phrase as the articles most often write it ("Tony Blair", not "tony blair"); None if never cleanly."""
    words = phrase.split()
    pattern = r"\b" + r"\W+".join(re.escape(word) for word in words) + r"\b"
    forms: dict[str, int] = {}
    for start, end in _matches(re.compile(pattern), words[0], document, lowered):
        form = " ".join(document[start:end].split()) if len(words) > 1 else document[start:end]
        # "GOODYEAR <GT" is a ticker and "Confess - they'll" two pieces of a sentence, not ways to write a phrase.
        if not _PUNCTUATION.search(form) and not _SPACED_DASH.search(form):
            forms[form] = forms.get(form, 0) + 1
    # Wire headlines are set in capitals ("ORE RESERVES"): the text's own spelling reads better.
    # (A short word in capitals is an acronym: "ABC".)
    spelled = {form: times for form, times in forms.items() if not form.isupper()} or {
        form if len(form) <= ACRONYM_LETTERS else form.title(): times for form, times in forms.items()}
    return min(spelled, key=lambda form: (-spelled[form], form)) if spelled else None


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


def _is_stop_word(word: str, speech_only: bool = False) -> bool:
    """A word that never makes a label, contractions of stop words included ("they'll", "what's").

    With `speech_only`, only stop words and reported speech count: a name may hold a word of any news.
    """
    if word in (_stop_words() if speech_only else label_stop_words()):
        return True
    pieces = re.split(r"['’]", word, maxsplit=1)
    return len(pieces) == 2 and pieces[0] in _stop_words()


@cache
def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return ENGLISH_STOP_WORDS | SPEECH_WORDS


@cache
def label_stop_words() -> frozenset[str]:
    """Words that never make a label: stop words and the verbs and titles of reported speech."""
    return _stop_words() | UNIT_WORDS | GENERIC_WORDS

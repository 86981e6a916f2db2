"""Stage 3: extractive summaries, offline.

Every sumy algorithm is available by name (`SUMY_SUMMARIZERS`), plus `lead`
(the first sentences) and `lead-rank`, the default. News puts the key fact
first, but the first sentences alone miss what the article keeps coming back
to, and centrality alone (sumy's Reduction, TextRank) misses the lead.
`lead-rank` ranks sentences by a PageRank biased to the start of the article:
a sentence scores high when it is early, or when it shares many words with
sentences that score high. The first sentence, the lede, is always kept when
the article keeps coming back to it (it is at least about as central as the
average sentence); a first sentence the rest of the text never returns to is
more often a teaser or a caption than the news. The article is split by our
`OfflineTokenizer` into spans of the cleaned text, and the chosen sentences
come back in article order, each verbatim from the article.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from importlib import import_module

import numpy as np
from sumy.utils import get_stop_words

from builder.clean import describe
from builder.model import Article, Cleaned, Summary
from builder.model.config import SummarySettings
from builder.read.sentences import OfflineTokenizer, sentence_spans, words
from builder.model.summarizers import SUMY_SUMMARIZERS

LEAD_RANK_DAMPING = 0.7
"""Share of a sentence's `lead-rank` score passed on from the sentences like it; the rest is its position prior."""
LEAD_RANK_DECAY = 0.25
"""The position prior of sentence n (1, 2, 3...) is proportional to 1 / n ** LEAD_RANK_DECAY."""
LEDE_CENTRALITY = 1.05
"""`lead-rank` always keeps the first sentence when its `centrality` is at least this (1 is the average sentence's)."""
CENTRALITY_DAMPING = 0.85
"""The damping of the plain PageRank that `centrality` is (the usual value; not tuned)."""
MAX_SUMMARIZED_SENTENCES = 400
"""Sentences beyond this are not offered to the summarizer, so cost per article stays bounded."""
SENTENCE_LIMITS = {"kl": 50}
"""Lower caps for algorithms whose cost grows much faster than the number of sentences.

KL took 203 s on one 400-sentence article (benchmarks/scale.py --longest-article);
at 50 sentences it takes about a second, and most news articles are shorter.
"""


_LINK = re.compile(r"https?://|pic\.twitter\.com/")
"""Sentences with a link are embedded posts or credits, never summary material."""


def summarize(article: Article, cleaned: Cleaned, settings: SummarySettings) -> Summary:
    """Summarize the cleaned text of `article`; sentences come back verbatim, in order."""
    notes = [describe(removal, article.text) for removal in cleaned.removals]
    candidates = sentences_of(cleaned.text)
    limit = SENTENCE_LIMITS.get(settings.algorithm, MAX_SUMMARIZED_SENTENCES)
    if len(candidates) > limit:
        notes.append(f"only the first {limit} of {len(candidates)} sentences were summarized")
        candidates = candidates[:limit]
    if not candidates:
        notes.append("no sentences found; shown without a summary")
        return Summary((), settings.algorithm, tuple(notes))
    chosen = pick(candidates, settings.sentences, settings.algorithm, article.language)
    verbatim = tuple(sentence for sentence in chosen if sentence in article.text)
    return Summary(verbatim, settings.algorithm, tuple(notes))


def sentences_of(text: str) -> list[str]:
    """The sentences of `text` that a summary may use, verbatim: with words, without web links."""
    found = (text[span.start : span.end] for span in sentence_spans(text))
    return [sentence for sentence in found if _has_words(sentence) and not _LINK.search(sentence)]


def pick(candidates: Sequence[str], count: int, algorithm: str, language: str = "english") -> list[str]:
    """Choose `count` sentences from `candidates` with `algorithm`; keep article order."""
    if len(candidates) <= count:
        return list(candidates)
    if algorithm == "lead":
        return list(candidates[:count])
    if algorithm == "lead-rank":
        return [candidates[index] for index in lead_rank_pick(candidates, count, language)]
    indexes = _sumy_pick(candidates, count, algorithm, language)
    return [candidates[index] for index in sorted(indexes)]


def lead_rank_pick(
    candidates: Sequence[str],
    count: int,
    language: str = "english",
    damping: float = LEAD_RANK_DAMPING,
    decay: float = LEAD_RANK_DECAY,
    lede: float | None = LEDE_CENTRALITY,
) -> list[int]:
    """Indexes of `lead-rank`'s `count` sentences, in article order.

    The best by `lead_rank_scores`, except that the first sentence is always
    one of them when its `centrality` is at least `lede` (None: never forced).
    """
    transition = transition_matrix(similarity_matrix(candidates, language))
    scores = _biased_pagerank(transition, _position_prior(len(candidates), decay), damping)
    if lede is not None and _centrality(transition)[0] >= lede:
        scores[0] = np.inf  # kept, whatever else scores higher
    return sorted(np.argsort(-scores, kind="stable")[:count].tolist())


def lead_rank_scores(
    candidates: Sequence[str], language: str = "english", damping: float = LEAD_RANK_DAMPING, decay: float = LEAD_RANK_DECAY
) -> np.ndarray:
    """Each sentence's score: a PageRank over sentence similarity whose random jumps favour early sentences."""
    transition = transition_matrix(similarity_matrix(candidates, language))
    return _biased_pagerank(transition, _position_prior(len(candidates), decay), damping)


def centrality(candidates: Sequence[str], language: str = "english") -> np.ndarray:
    """How much the article comes back to each sentence: a plain PageRank over sentence similarity, scaled to average 1."""
    return _centrality(transition_matrix(similarity_matrix(candidates, language)))


def transition_matrix(similarity: np.ndarray) -> np.ndarray:
    """Each sentence's similarities as shares of their sum: where a random reader goes next (nowhere from an isolated one)."""
    links = similarity.sum(axis=1, keepdims=True)
    return np.divide(similarity, links, out=np.zeros_like(similarity), where=links > 0)


def _position_prior(count: int, decay: float) -> np.ndarray:
    return 1 / np.arange(1, count + 1) ** decay


def _centrality(transition: np.ndarray) -> np.ndarray:
    return _biased_pagerank(transition, np.ones(len(transition)), CENTRALITY_DAMPING) * len(transition)


def _biased_pagerank(transition: np.ndarray, prior: np.ndarray, damping: float) -> np.ndarray:
    """Solved exactly: scores = (1 - damping) * prior + damping * transitionᵀ · scores, with the prior made to sum to 1."""
    system = np.eye(len(transition)) - damping * transition.T
    return np.linalg.solve(system, (1 - damping) * prior / prior.sum())


def similarity_matrix(candidates: Sequence[str], language: str = "english") -> np.ndarray:
    """How alike each pair of sentences is, as sumy's Reduction and TextRank rate it.

    Shared word pairs (lower case, stop words left out) over the sum of the log
    lengths. Words are not stemmed: on the tuning data stemming made the
    centrality of sentences slightly worse, and it costs time.
    """
    stop_words = _stop_words(language)
    vocabulary: dict[str, int] = {}
    rows = [
        [vocabulary.setdefault(word, len(vocabulary)) for word in map(str.lower, words(sentence)) if word not in stop_words]
        for sentence in candidates
    ]
    counts = np.zeros((len(candidates), max(len(vocabulary), 1)))
    for index, row in enumerate(rows):
        np.add.at(counts[index], row, 1)
    shared = counts @ counts.T
    log_lengths = np.log(np.maximum(counts.sum(axis=1), 1))
    norm = log_lengths[:, None] + log_lengths[None, :]
    similarity = np.divide(shared, norm, out=np.zeros_like(shared), where=norm > 0)
    np.fill_diagonal(similarity, 0)
    return similarity


@lru_cache(maxsize=None)
def _stop_words(language: str) -> frozenset[str]:
    return frozenset(word.lower() for word in get_stop_words(language))


def _sumy_pick(candidates: Sequence[str], count: int, algorithm: str, language: str) -> list[int]:
    tokenizer = OfflineTokenizer(language)
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    sentences = [Sentence(text, tokenizer) for text in candidates]
    document = ObjectDocumentModel([Paragraph(sentences)])
    summarizer = _summarizer(algorithm, language)
    position = {id(sentence): index for index, sentence in enumerate(document.sentences)}
    return [position[id(sentence)] for sentence in summarizer(document, count)]


def prepare(algorithm: str, language: str = "english") -> None:
    """Import and build `algorithm`'s sumy summarizer now, e.g. before forking workers that share it."""
    if algorithm in SUMY_SUMMARIZERS:
        _summarizer(algorithm, language)


@lru_cache(maxsize=None)
def _summarizer(algorithm: str, language: str) -> Callable:
    from sumy.nlp.stemmers import Stemmer

    module, name = SUMY_SUMMARIZERS[algorithm].split(":")
    summarizer = getattr(import_module(module), name)(Stemmer(language))
    summarizer.stop_words = get_stop_words(language)
    return summarizer


def _has_words(sentence: str) -> bool:
    return any(character.isalnum() for character in sentence)

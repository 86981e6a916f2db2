"""Stage 3: extractive summaries with sumy, offline.

Every sumy algorithm is available by name (`SUMMARIZERS`), plus `lead` (the
first sentences). The article is split by our `OfflineTokenizer` into spans of
the cleaned text, handed to sumy as a document model, and the chosen sentences
come back in article order, each verbatim from the article.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.random import RandomSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer
from sumy.utils import get_stop_words

from .clean import describe
from .model import Article, Cleaned, Summary
from .tokenizer import OfflineTokenizer, sentence_spans

SUMY_SUMMARIZERS: dict[str, type] = {
    "lsa": LsaSummarizer,
    "luhn": LuhnSummarizer,
    "lex-rank": LexRankSummarizer,
    "text-rank": TextRankSummarizer,
    "reduction": ReductionSummarizer,
    "sum-basic": SumBasicSummarizer,
    "kl": KLSummarizer,
    "random": RandomSummarizer,
}
"""sumy's algorithms by the names the configuration uses."""

ALGORITHMS = ("lead", *SUMY_SUMMARIZERS)
"""Every algorithm name the configuration accepts."""

DEFAULT_ALGORITHM = "reduction"
MAX_SUMMARIZED_SENTENCES = 400
"""Sentences beyond this are not offered to the summarizer, so cost per article stays bounded."""
SENTENCE_LIMITS = {"kl": 50}
"""Lower caps for algorithms whose cost grows much faster than the number of sentences.

KL took 203 s on one 400-sentence article (benchmarks/scale.py --longest-article);
at 50 sentences it takes about a second, and most news articles are shorter.
"""


@dataclass(frozen=True)
class SummarySettings:
    """What a summary depends on besides the article text."""

    algorithm: str = DEFAULT_ALGORITHM
    """Name from `ALGORITHMS`."""
    sentences: int = 3
    """How many sentences a summary has at most."""


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
    """The sentences of `text` that a summary may use, verbatim."""
    return [text[span.start : span.end] for span in sentence_spans(text) if _has_words(text[span.start : span.end])]


def pick(candidates: Sequence[str], count: int, algorithm: str, language: str = "english") -> list[str]:
    """Choose `count` sentences from `candidates` with `algorithm`; keep article order."""
    if len(candidates) <= count:
        return list(candidates)
    if algorithm == "lead":
        return list(candidates[:count])
    indexes = _sumy_pick(candidates, count, algorithm, language)
    return [candidates[index] for index in sorted(indexes)]


def _sumy_pick(candidates: Sequence[str], count: int, algorithm: str, language: str) -> list[int]:
    tokenizer = OfflineTokenizer(language)
    sentences = [Sentence(text, tokenizer) for text in candidates]
    document = ObjectDocumentModel([Paragraph(sentences)])
    summarizer = _summarizer(algorithm, language)
    position = {id(sentence): index for index, sentence in enumerate(document.sentences)}
    return [position[id(sentence)] for sentence in summarizer(document, count)]


@lru_cache(maxsize=None)
def _summarizer(algorithm: str, language: str) -> Callable:
    summarizer = SUMY_SUMMARIZERS[algorithm](Stemmer(language))
    summarizer.stop_words = get_stop_words(language)
    return summarizer


def _has_words(sentence: str) -> bool:
    return any(character.isalnum() for character in sentence)

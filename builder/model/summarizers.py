"""The summarizers by name: what the configuration accepts, without importing any of them.

It sits with the configuration, below the stages, so that every stage can read
the schema without reaching the summarizer stage.

The configuration checks `summarizer:` against `ALGORITHMS` when MkDocs loads
`mkdocs.yml`; this module imports nothing, so that check costs no start-up
time. `articles.py` imports an algorithm's code when it is first used.
"""

from __future__ import annotations

SUMY_SUMMARIZERS: dict[str, str] = {
    "lsa": "sumy.summarizers.lsa:LsaSummarizer",
    "luhn": "sumy.summarizers.luhn:LuhnSummarizer",
    "lex-rank": "sumy.summarizers.lex_rank:LexRankSummarizer",
    "text-rank": "sumy.summarizers.text_rank:TextRankSummarizer",
    "reduction": "sumy.summarizers.reduction:ReductionSummarizer",
    "sum-basic": "sumy.summarizers.sum_basic:SumBasicSummarizer",
    "kl": "sumy.summarizers.kl:KLSummarizer",
    "random": "sumy.summarizers.random:RandomSummarizer",
}
"""sumy's algorithms by the names the configuration uses, as `module:class`.

They are imported when first used: sumy's summarizers pull in NLTK's stemmers
(and SciPy's statistics), over a second of start-up that a rebuild served from
the cache, or the default `lead-rank`, never needs.
"""

DEFAULT_ALGORITHM = "lead-rank"
"""Ours: a PageRank over sentence similarity biased to the start of the article (see `articles.py`)."""

ALGORITHMS = (DEFAULT_ALGORITHM, "lead", *SUMY_SUMMARIZERS)
"""Every algorithm name the configuration accepts."""

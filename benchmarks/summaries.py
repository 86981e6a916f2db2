"""How good and how fast each summarizer is on real news, side by side in one run.

    .venv/bin/python -m benchmarks.summaries            # the table in the README
    .venv/bin/python -m benchmarks.summaries --tune     # lead-rank's parameters on the tuning half, and the pick
    .venv/bin/python -m benchmarks.summaries --trade-off --half test   # alternatives to the default

Two data sets from `../shared/data/`, read at run time:

- BBC News Summary: 3 sentences against the reference extract (`summary_sentences`):
  ROUGE-1/2/L F1 and sentence precision (the share of picked sentences the reference kept).
- news_cluster: 2 sentences against the publisher's own `description`: ROUGE-1/2/L F1.

Every method gets the same input: the article cleaned by `builder.clean` and split by
`builder.read.sentences`, exactly as the build does; only the choice of sentences differs.
Speed is articles per CPU second (one core) for the whole `summarize()` call (splitting,
scoring, choosing), not counting ROUGE. Records are split into a tuning half and a
test half by a hash of their id, so a weight tuned on one half can be checked on the other.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rouge_score import rouge_scorer
from sumy.utils import get_stop_words

from benchmarks import datasets
from builder.summarize import articles as summarize_module
from builder.clean import clean
from builder.model import Article
from builder.model.config import SummarySettings
from builder.model.summarizers import ALGORITHMS, DEFAULT_ALGORITHM
from builder.summarize.articles import summarize
from builder.read.sentences import words

SLOW_SAMPLE = {"kl": 150}
"""Algorithms too slow for the whole set, and how many records (every n-th) they are scored on."""

METRICS = ("rouge1", "rouge2", "rougeL")


@dataclass(frozen=True)
class Case:
    """One article of a data set with what its summary is compared against."""

    id: str
    """Record id."""
    article: Article
    """The article as the build would read it."""
    reference: str
    """The reference summary text."""
    kept: tuple[str, ...] = ()
    """Sentences (as the reference split them) the reference summary kept; BBC only."""


@dataclass(frozen=True)
class Score:
    """One method on one data set."""

    rouge: dict[str, float]
    """ROUGE F1 x100 by metric name."""
    precision: float | None
    """Share of picked sentences the reference kept, x100 (None without sentence labels)."""
    per_second: float
    """Articles summarized per CPU second."""
    articles: int
    """How many articles were scored."""


def bbc_cases() -> list[Case]:
    """BBC records, body only (the first line is the headline)."""
    cases = []
    for record in datasets.bbc():
        article = _article(str(record["id"]), record["title"], datasets.bbc_body(record))
        reference = " ".join(record["summary_sentences"])
        cases.append(Case(str(record["id"]), article, reference, tuple(record["summary_sentences"])))
    return cases


def news_cluster_cases() -> list[Case]:
    """news_cluster records with a publisher description."""
    return [
        Case(str(record["id"]), _article(str(record["id"]), record["title"], record["text"]), record["description"])
        for record in datasets.news_cluster()
        if record.get("description")
    ]


def in_half(case: Case, half: str) -> bool:
    """Whether a case belongs to the `tune` or `test` half (`all` takes both)."""
    if half == "all":
        return True
    digit = hashlib.sha256(case.id.encode()).digest()[0] % 2
    return digit == (0 if half == "tune" else 1)


def evaluate(cases: Sequence[Case], count: int, choose: Callable[[Article], tuple[str, ...]]) -> Score:
    """Summarize every case with `choose` and score the summaries."""
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    cleaned = {case.id: clean(case.article) for case in cases}
    started = time.process_time()  # CPU time: articles per second per core, whatever else the machine runs
    picked = [choose(case.article, cleaned[case.id]) for case in cases]
    elapsed = time.process_time() - started
    totals = dict.fromkeys(METRICS, 0.0)
    kept = total = 0
    for case, sentences in zip(cases, picked):
        scores = scorer.score(case.reference, " ".join(sentences))
        for metric in METRICS:
            totals[metric] += scores[metric].fmeasure
        if case.kept:
            kept += sum(_reference_kept(sentence, case.kept) for sentence in sentences)
            total += len(sentences)
    rouge = {metric: 100 * value / len(cases) for metric, value in totals.items()}
    precision = 100 * kept / total if total else None
    return Score(rouge, precision, len(cases) / elapsed if elapsed else float("inf"), len(cases))


def summarizer(algorithm: str, count: int) -> Callable:
    """The build's own `summarize()` with this algorithm, returning the sentences."""
    settings = SummarySettings(algorithm=algorithm, sentences=count)
    return lambda article, cleaned: summarize(article, cleaned, settings).sentences


def table(half: str) -> None:
    """Print every algorithm on both data sets."""
    random.seed(0)  # sumy's "random" summarizer
    sets = [("BBC, 3 sentences vs reference extract", bbc_cases(), 3),
            ("news_cluster, 2 sentences vs publisher description", news_cluster_cases(), 2)]
    for title, cases, count in sets:
        cases = [case for case in cases if in_half(case, half)]
        print(f"\n{title} ({len(cases)} articles, half: {half})\n")
        print("| method | ROUGE-1 | ROUGE-2 | ROUGE-L | sentence precision | articles per CPU second |")
        print("|---|---|---|---|---|---|")
        for algorithm in ALGORITHMS:
            sample = cases
            label = algorithm + (" (default)" if algorithm == DEFAULT_ALGORITHM else "")
            if algorithm in SLOW_SAMPLE and SLOW_SAMPLE[algorithm] < len(cases):
                step = len(cases) // SLOW_SAMPLE[algorithm]
                sample = cases[::step]
                label += f" (1 article in {step}: {len(sample)})"
            score = evaluate(sample, count, summarizer(algorithm, count))
            precision = f"{score.precision:.1f}%" if score.precision is not None else "-"
            r = score.rouge
            print(f"| {label} | {r['rouge1']:.1f} | {r['rouge2']:.1f} | {r['rougeL']:.1f} | {precision} | {score.per_second:.0f} |")
            sys.stdout.flush()


TARGET_DESCRIPTIONS = 30.0
"""The issue's ROUGE-2 target against publisher descriptions."""


def tune() -> None:
    """ROUGE-2 of `lead-rank` on the tuning half for a grid of its parameters, and the setting the rule picks.

    The rule: the setting whose smaller margin over the two targets (Reduction's
    BBC ROUGE-2 on the same half; 30 on descriptions) is largest.
    """
    sets = [("BBC", bbc_cases(), 3), ("news_cluster", news_cluster_cases(), 2)]
    tuning = [(name, [case for case in cases if in_half(case, "tune")], count) for name, cases, count in sets]
    reduction = evaluate(tuning[0][1], 3, summarizer("reduction", 3)).rouge["rouge2"]
    print("ROUGE-2 F1 of lead-rank on the tuning half (lede: the first sentence is always kept when its centrality")
    print("is at least this, '-' never; damping: share passed on by similar sentences; decay: the position prior")
    print("is 1 / n ** decay)")
    print(f"Reduction on this half: BBC {reduction:.1f}\n")
    print("| lede | damping | decay | " + " | ".join(f"{name} R-2" for name, _, _ in tuning) + " | smaller margin |")
    print("|---|---|---|" + "---|" * (len(tuning) + 1))
    grid = [(None, damping, decay) for damping in (0.4, 0.5, 0.6, 0.7, 0.8, 0.9) for decay in (0.25, 0.5, 1.0)]
    grid += [(lede, damping, decay) for lede in (0.9, 1.0, 1.05, 1.1) for damping in (0.7, 0.8, 0.9) for decay in (0.1, 0.25)]
    best = None
    for lede, damping, decay in grid:
        bbc, descriptions = (
            evaluate(cases, count, _lead_rank(count, damping, decay, lede)).rouge["rouge2"] for _, cases, count in tuning
        )
        margin = min(bbc - reduction, descriptions - TARGET_DESCRIPTIONS)
        if best is None or margin > best[0]:
            best = (margin, lede, damping, decay)
        print(f"| {lede if lede is not None else '-'} | {damping} | {decay} | {bbc:.1f} | {descriptions:.1f} | {margin:+.1f} |")
        sys.stdout.flush()
    print(f"\nPicked: lede {best[1]}, damping {best[2]}, decay {best[3]} (smaller margin {best[0]:+.2f})")


TRADE_OFFS: tuple[tuple[str, Callable[[int], Callable]], ...] = (
    ("lead-rank (default: lede kept from centrality 1.05, damping 0.7, decay 0.25)", lambda count: summarizer(DEFAULT_ALGORITHM, count)),
    ("lead-rank without the lede rule (the previous default)", lambda count: _lead_rank(count, lede=None)),
    ("lede kept from centrality 1.0", lambda count: _lead_rank(count, lede=1.0)),
    ("lede kept from centrality 1.1", lambda count: _lead_rank(count, lede=1.1)),
    ("lede kept from centrality 1.0, damping 0.8, decay 0.1", lambda count: _lead_rank(count, 0.8, 0.1, lede=1.0)),
    ("lede kept from centrality 1.05, damping 0.8, decay 0.1", lambda count: _lead_rank(count, 0.8, 0.1, lede=1.05)),
    ("lead-anchored: first sentence always, the rest by lead-rank", lambda count: _lead_rank(count, lede=0.0)),
    ("no lede rule, damping 0.8, decay 0.5", lambda count: _lead_rank(count, 0.8, 0.5, lede=None)),
    ("no lede rule, damping 0.7, decay 0.5", lambda count: _lead_rank(count, 0.7, 0.5, lede=None)),
    ("no lede rule, damping 0.4, decay 0.25", lambda count: _lead_rank(count, 0.4, 0.25, lede=None)),
    ("no lede rule, prior weighted by headline words, damping 0.8, decay 0.5", lambda count: _headline_rank(count, 0.8, 0.5)),
    ("lead (first sentences)", lambda count: summarizer("lead", count)),
    ("reduction (best sumy algorithm on BBC)", lambda count: summarizer("reduction", count)),
)
"""Alternatives to the default that trade BBC for descriptions, by label: each makes a chooser for a count."""


def trade_off(half: str) -> None:
    """ROUGE-2 of the alternatives in `TRADE_OFFS`, at the benchmark's counts and at each other's.

    Scoring BBC at 2 sentences and descriptions at 3 as well shows whether a
    method wins because of the kind of summary or only because of its length.
    """
    sets = [("BBC", bbc_cases()), ("descriptions", news_cluster_cases())]
    sets = [(name, [case for case in cases if in_half(case, half)]) for name, cases in sets]
    counts = (("BBC", 3), ("descriptions", 2), ("BBC", 2), ("descriptions", 3))
    print(f"ROUGE-2 F1 by method and summary length (half: {half}; BBC: {len(sets[0][1])} articles,")
    print(f"descriptions: {len(sets[1][1])}); the benchmark's own lengths are the first two columns\n")
    print("| method | " + " | ".join(f"{name}, {count} sentences" for name, count in counts) + " |")
    print("|---|" + "---|" * len(counts))
    for label, make in TRADE_OFFS:
        row = [evaluate(dict(sets)[name], count, make(count)).rouge["rouge2"] for name, count in counts]
        print(f"| {label} | " + " | ".join(f"{value:.1f}" for value in row) + " |")
        sys.stdout.flush()


def _lead_rank(
    count: int,
    damping: float = summarize_module.LEAD_RANK_DAMPING,
    decay: float = summarize_module.LEAD_RANK_DECAY,
    lede: float | None = summarize_module.LEDE_CENTRALITY,
) -> Callable:
    """lead-rank with other parameters; `lede` 0 always keeps the first sentence, None never forces it."""

    def choose(article: Article, cleaned) -> tuple[str, ...]:
        candidates = summarize_module.sentences_of(cleaned.text)[: summarize_module.MAX_SUMMARIZED_SENTENCES]
        if len(candidates) <= count:
            return tuple(candidates)
        return tuple(candidates[index] for index in summarize_module.lead_rank_pick(candidates, count, damping=damping, decay=decay, lede=lede))

    return choose


def _headline_rank(count: int, damping: float, decay: float) -> Callable:
    """lead-rank whose position prior is also weighted by the share of headline words a sentence repeats.

    Edmundson's title cue: prior of sentence n is (1 + share) / n ** decay.
    """
    stop_words = {word.lower() for word in get_stop_words("english")}

    def content_words(text: str) -> set[str]:
        return {word for word in map(str.lower, words(text)) if word not in stop_words}

    def choose(article: Article, cleaned) -> tuple[str, ...]:
        candidates = summarize_module.sentences_of(cleaned.text)[: summarize_module.MAX_SUMMARIZED_SENTENCES]
        if len(candidates) <= count:
            return tuple(candidates)
        headline = content_words(article.title)
        shares = np.array([len(headline & content_words(sentence)) / max(len(headline), 1) for sentence in candidates])
        prior = (1 + shares) / np.arange(1, len(candidates) + 1) ** decay
        prior /= prior.sum()
        transition = summarize_module.transition_matrix(summarize_module.similarity_matrix(candidates))
        scores = np.linalg.solve(np.eye(len(candidates)) - damping * transition.T, (1 - damping) * prior)
        return tuple(candidates[index] for index in sorted(np.argsort(-scores, kind="stable")[:count].tolist()))

    return choose


def _article(record_id: str, title: str, text: str) -> Article:
    return Article(id=record_id, path=f"{record_id}.txt", title=title, text=text)


def _reference_kept(sentence: str, kept: Sequence[str]) -> bool:
    """Whether the reference kept `sentence`.

    The reference was split by a tokenizer that also breaks at decimal points
    ("$1." + "13bn ..."), so a sentence counts as kept when the reference's
    pieces found in it cover at least 80% of its characters.
    """
    target = _normal(sentence)
    covered = [False] * len(target)
    for piece in map(_normal, kept):
        if len(piece) < 2:
            continue
        start = target.find(piece)
        while start != -1:
            covered[start : start + len(piece)] = [True] * len(piece)
            start = target.find(piece, start + 1)
    return bool(target) and sum(covered) >= 0.8 * len(target)


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--half", choices=("all", "tune", "test"), default="all", help="which records to score")
    parser.add_argument("--tune", action="store_true", help="print ROUGE-2 of lead-rank by parameter on the tuning half")
    parser.add_argument("--trade-off", action="store_true", help="print ROUGE-2 of alternatives to the default, at both lengths")
    options = parser.parse_args(argv)
    if not datasets.BBC.is_file() or not datasets.NEWS_CLUSTER.is_file():
        sys.exit(f"benchmark data not found in {datasets.SHARED_DATA}")
    if options.tune:
        tune()
    elif options.trade_off:
        trade_off(options.half)
    else:
        table(options.half)


if __name__ == "__main__":
    main()

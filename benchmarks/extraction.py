"""How much of a saved page's text is its article: our reader against trafilatura's plain `extract`, in one run.

    .venv/bin/python -m benchmarks.extraction            # the table in the README
    .venv/bin/python -m benchmarks.extraction --worst 10 # and the pages ours reads worst

The data is `../shared/data/article-extraction/` (read at run time): saved news
and blog pages from many sites, each with the article body a person marked on
it. The metric is the benchmark's own: both texts are split into word tokens
(`\\w+`), every run of 4 consecutive tokens (a shingle) is counted, and per page
TP (shingles in both, by the smaller count), FP (extra in ours) and FN
(missing from ours) give precision TP/(TP+FP) and recall TP/(TP+FN), 1 when
both texts are empty; precision and recall are means over pages, so a long page
weighs no more than a short one, and F1 is computed from those two means.

"Ours" is the text the build publishes for the page: the pages are saved into
a temporary content folder and read with `read_content`, as a build reads them
(decoding, then `builder.read.web_page`); a page it refuses counts as empty.
Speed is pages per CPU second (one core), reading and extracting, not scoring.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks.datasets import SHARED_DATA
from builder.read.files import read_content

EXTRACTION = SHARED_DATA / "article-extraction"
TARGET_F1 = 0.95
"""Issue 18: our F1 at least this, and no lower than trafilatura's minus `MARGIN`."""
MARGIN = 0.01
SHINGLE = 4
"""Tokens per shingle, as the benchmark counts them."""
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Page:
    """One saved page of the benchmark."""

    key: str
    """The page's key in `ground-truth.json`."""
    html: bytes
    """The page as saved (ungzipped)."""
    body: str
    """The article body a person marked."""
    url: str
    """Where the page was saved from."""


@dataclass(frozen=True)
class Score:
    """One extractor on every page."""

    f1: float
    """F1 of the mean precision and the mean recall."""
    precision: float
    """Mean over pages of the share of our shingles that are the article's."""
    recall: float
    """Mean over pages of the share of the article's shingles that we kept."""
    per_second: float
    """Pages extracted per CPU second."""
    by_page: tuple[tuple[float, float, str], ...]
    """(precision, recall, key) of every page."""


def pages() -> list[Page]:
    """Every page of the benchmark with its marked article body."""
    truth = json.loads((EXTRACTION / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        Page(key, gzip.decompress((EXTRACTION / "html" / f"{key}.html.gz").read_bytes()), value["articleBody"], value["url"])
        for key, value in sorted(truth.items())
    ]


def shingles(text: str) -> Counter:
    """Every run of `SHINGLE` consecutive word tokens, with its count."""
    tokens = _WORD.findall(text)
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def page_score(ours: str, marked: str) -> tuple[float, float]:
    """Precision and recall of one page's text against the marked body."""
    found, wanted = shingles(ours), shingles(marked)
    tp = sum((found & wanted).values())
    fp, fn = sum(found.values()) - tp, sum(wanted.values()) - tp
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def evaluate(cases: list[Page], extract: Callable[[list[Page]], list[str]]) -> Score:
    """Extract every page with `extract` (all pages in one call) and score the texts."""
    started = time.process_time()  # CPU time: pages per second per core, whatever else the machine runs
    texts = extract(cases)
    elapsed = time.process_time() - started
    by_page = tuple((*page_score(text, page.body), page.key) for text, page in zip(texts, cases))
    precision = sum(row[0] for row in by_page) / len(by_page)
    recall = sum(row[1] for row in by_page) / len(by_page)
    return Score(_f1(precision, recall), precision, recall, len(cases) / elapsed if elapsed else float("inf"), by_page)


def ours(cases: list[Page]) -> list[str]:
    """The text the build publishes for each saved page ("" for one it refuses)."""
    with tempfile.TemporaryDirectory() as folder:
        for page in cases:
            Path(folder, f"{page.key}.html").write_bytes(page.html)
        texts = {article.path: article.text for article in read_content(Path(folder)).articles}
    return [texts.get(f"{page.key}.html", "") for page in cases]


def trafilatura_plain(cases: list[Page]) -> list[str]:
    """trafilatura's `extract` with its defaults, on each page as saved."""
    import trafilatura

    return [trafilatura.extract(page.html) or "" for page in cases]


def main() -> None:
    """Print both extractors on every page, and the pages ours reads worst when asked."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--worst", type=int, default=0, metavar="N", help="also list the N pages with our lowest F1")
    arguments = parser.parse_args()
    if not (EXTRACTION / "ground-truth.json").is_file():
        raise SystemExit(f"no benchmark data in {EXTRACTION} (set BRIEFING_SHARED_DATA to the shared data folder)")
    cases = pages()
    ours(cases[:1]), trafilatura_plain(cases[:1])  # warm up: imports and trafilatura's caches are not the pages' cost
    scores = {"ours (builder.read.web_page)": evaluate(cases, ours), "trafilatura 2 `extract`, defaults": evaluate(cases, trafilatura_plain)}
    print(f"\nArticle extraction, {len(cases)} saved pages ({EXTRACTION})\n")
    print("| extractor | F1 | precision | recall | pages per CPU second |")
    print("|---|---|---|---|---|")
    for name, score in scores.items():
        print(f"| {name} | {score.f1:.3f} | {score.precision:.3f} | {score.recall:.3f} | {score.per_second:.1f} |")
    ours_f1, theirs_f1 = (score.f1 for score in scores.values())
    met = ours_f1 >= TARGET_F1 and ours_f1 >= theirs_f1 - MARGIN
    print(f"\nTarget (F1 >= {TARGET_F1} and >= trafilatura's - {MARGIN}): {'met' if met else 'NOT met'}")
    if arguments.worst:
        urls = {page.key: page.url for page in cases}
        print(f"\nOur {arguments.worst} lowest pages (precision, recall, url):\n")
        worst = sorted(scores["ours (builder.read.web_page)"].by_page, key=lambda row: _f1(row[0], row[1]))
        for precision, recall, key in worst[: arguments.worst]:
            print(f"- {precision:.2f} {recall:.2f} {urls[key]}")


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


if __name__ == "__main__":
    main()

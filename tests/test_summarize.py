"""Summaries: verbatim sentences in article order, from the cleaned text, by any algorithm."""

from pathlib import Path

import numpy as np
import pytest

from builder.clean import clean
from builder.model import Article
from builder.read.files import read_content
from builder.model.config import SummarySettings
from builder.model.summarizers import ALGORITHMS, DEFAULT_ALGORITHM
from builder.summarize.articles import (
    LEDE_CENTRALITY,
    centrality,
    lead_rank_pick,
    lead_rank_scores,
    pick,
    sentences_of,
    similarity_matrix,
    summarize,
)

ROOT = Path(__file__).resolve().parent.parent

# A tiny news article: the lead carries the key fact, an aside follows, and the
# later sentences keep coming back to the lead's words.
CEASEFIRE = (
    "Israel and Hamas agreed a ceasefire in Gaza on Monday.\n"
    "The weather in the region was mild.\n"
    "The ceasefire in Gaza starts on Tuesday, officials said.\n"
    "Hamas said the ceasefire must hold.\n"
    "Israel said its troops would stay in Gaza.\n"
    "Markets rose."
)


def article(text: str) -> Article:
    return Article(id="a", path="a.txt", title="Ceasefire agreed", text=text)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_every_algorithm_returns_verbatim_sentences_in_article_order(algorithm):
    candidates = sentences_of(CEASEFIRE)
    chosen = pick(candidates, 3, algorithm)
    assert len(chosen) == 3
    assert all(sentence in CEASEFIRE for sentence in chosen)
    assert chosen == sorted(chosen, key=CEASEFIRE.index)


def test_the_default_keeps_the_lead_and_what_the_article_keeps_coming_back_to():
    assert DEFAULT_ALGORITHM == "lead-rank"
    chosen = pick(sentences_of(CEASEFIRE), 2, DEFAULT_ALGORITHM)
    assert chosen == ["Israel and Hamas agreed a ceasefire in Gaza on Monday.", "The ceasefire in Gaza starts on Tuesday, officials said."]


def test_the_lede_is_kept_when_the_article_keeps_coming_back_to_it():
    candidates = sentences_of("Floods hit Ohio after storms.\nTowns in Ohio emptied.\nMore floods in Ohio.\nRivers rose and floods spread.")
    assert centrality(candidates)[0] >= LEDE_CENTRALITY
    assert lead_rank_pick(candidates, 1, lede=None) == [2]  # without the rule its echo outranks it
    assert pick(candidates, 1, DEFAULT_ALGORITHM) == ["Floods hit Ohio after storms."]


def test_a_first_sentence_the_article_never_comes_back_to_is_not_forced_in():
    teaser = (
        "It was a night nobody expected.\n"
        "Flood warnings covered rivers in Ohio.\n"
        "Flood warnings covered rivers and lakes in Ohio.\n"
        "The flood warnings for rivers stay until Friday.\n"
        "Schools reopen when the floods pass."
    )
    candidates = sentences_of(teaser)
    assert centrality(candidates)[0] < LEDE_CENTRALITY
    assert pick(candidates, 2, DEFAULT_ALGORITHM) == ["Flood warnings covered rivers in Ohio.", "Flood warnings covered rivers and lakes in Ohio."]


def test_centrality_averages_one_when_every_sentence_shares_words_with_another():
    scores = centrality(["Gaza talks resumed.", "Gaza talks ended.", "Talks in Gaza stalled."])
    assert scores.mean() == pytest.approx(1)
    assert scores[0] == pytest.approx(scores[1])


def test_lead_rank_prefers_the_earlier_of_two_equal_sentences():
    scores = lead_rank_scores(["Gaza talks resumed.", "Gaza talks resumed.", "Markets rose."])
    assert scores[0] > scores[1] > scores[2]


def test_similarity_counts_shared_words_without_stop_words():
    similarity = similarity_matrix(["The cats sat.", "The cats ran.", "Markets rose."])
    assert similarity[0, 1] == pytest.approx(1 / (np.log(2) + np.log(2)))
    assert similarity[0, 2] == 0
    assert similarity[0, 0] == 0


def test_sentences_with_links_are_never_summary_material():
    text = "Talks resumed on Monday. Details: https://t.co/abc — Zoo (@zoo) May 28, 2016. Both sides met."
    assert sentences_of(text) == ["Talks resumed on Monday.", "Both sides met."]


def test_the_summary_uses_the_cleaned_text_and_notes_every_removal():
    text = "WASHINGTON — The envoy met Hamas in Doha.\nThe talks went well.\nTrending"
    source = article(text)
    summary = summarize(source, clean(source), SummarySettings(sentences=3))
    assert summary.sentences == ("The envoy met Hamas in Doha.", "The talks went well.")
    assert summary.notes == ('removed dateline: "WASHINGTON —"', 'removed boilerplate line: "Trending"')


def test_an_article_without_sentences_is_summarized_as_nothing_with_a_note():
    source = article("***")
    summary = summarize(source, clean(source), SummarySettings())
    assert summary.sentences == ()
    assert summary.notes == ("no sentences found; shown without a summary",)


def test_demo_summaries_hold_no_boilerplate_or_chat_text_and_say_what_was_removed():
    reading = read_content(ROOT / "content")
    summaries = {a.path: summarize(a, clean(a), SummarySettings()) for a in reading.articles}
    assert len(summaries) == 5
    for path, summary in summaries.items():
        text = " ".join(summary.sentences)
        assert summary.sentences, path
        for clutter in ("Trending", "Sure!", "Could you please", "WASHINGTON —", "Washington:"):
            assert clutter not in text, path
    notes = {path: summary.notes for path, summary in summaries.items()}
    assert notes["003_4aaa88640a832b74.txt"] == ('removed boilerplate line: "Trending"',)
    assert notes["004_871778c968b7d911.txt"] == (
        'removed dateline: "WASHINGTON —"',
        'removed unfinished last sentence (the article seems cut off): "The initial ceasefire, declared"',
        'removed text pasted from a chat assistant: "Sure! Could you please provide the text you would like me..."',
    )

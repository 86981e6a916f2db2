"""The cache keeps per-article results between builds, keyed by exactly what they depend on."""

from __future__ import annotations

import logging
import sqlite3

import pytest

from builder.incremental.store import KEEP_GENERATIONS, Cache
from builder.model import Cleaned, Removal, Summary
from builder.model.config import SummarySettings

THREE_SENTENCES = SummarySettings(algorithm="reduction", sentences=3)
CLEANED = Cleaned("Rain fell. Rivers rose.", (Removal(11, 23, "boilerplate line"),))
SUMMARY = Summary(("Rain fell.",), "reduction", ('removed boilerplate line: "Advertisement"',))


@pytest.fixture
def cache_file(tmp_path):
    return tmp_path / ".briefing" / "cache.sqlite"


def stored(cache_file, content="article one", settings=THREE_SENTENCES):
    with Cache(cache_file) as cache:
        cache.store({cache.cleaned_key(content): CLEANED}, {cache.summary_key(content, settings): SUMMARY})


def test_results_survive_into_the_next_build(cache_file):
    stored(cache_file)
    with Cache(cache_file) as cache:
        assert cache.cleaned([cache.cleaned_key("article one")]) == {cache.cleaned_key("article one"): CLEANED}
        assert cache.summaries([cache.summary_key("article one", THREE_SENTENCES)]) == {
            cache.summary_key("article one", THREE_SENTENCES): SUMMARY
        }
        assert cache.stats.hits == {"clean": 1, "summarize": 1}
        assert cache.stats.misses == {"clean": 0, "summarize": 0}


def test_changed_content_is_a_miss(cache_file):
    stored(cache_file)
    with Cache(cache_file) as cache:
        assert cache.summaries([cache.summary_key("article one, edited", THREE_SENTENCES)]) == {}
        assert cache.stats.misses == {"summarize": 1}


def test_changed_summary_setting_misses_the_summary_but_keeps_the_cleaned_text(cache_file):
    stored(cache_file)
    two_sentences = SummarySettings(algorithm="reduction", sentences=2)
    with Cache(cache_file) as cache:
        assert cache.summaries([cache.summary_key("article one", two_sentences)]) == {}
        assert len(cache.cleaned([cache.cleaned_key("article one")])) == 1


def test_stages_have_separate_keys(cache_file):
    with Cache(cache_file) as cache:
        assert cache.cleaned_key("article one") != cache.summary_key("article one", THREE_SENTENCES)


def test_a_damaged_cache_file_is_replaced_with_a_warning(cache_file, caplog):
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(b"this is not an SQLite database" * 100)
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.briefing"):
        stored(cache_file)
    assert "is not readable" in caplog.text and "starting an empty one" in caplog.text
    with Cache(cache_file) as cache:
        assert len(cache.summaries([cache.summary_key("article one", THREE_SENTENCES)])) == 1


def test_results_no_build_used_for_a_while_are_dropped(cache_file):
    stored(cache_file, content="old article")
    for _ in range(KEEP_GENERATIONS):
        stored(cache_file, content="new article")
    with Cache(cache_file) as cache:
        assert cache.summaries([cache.summary_key("old article", THREE_SENTENCES)]) == {}
        assert len(cache.summaries([cache.summary_key("new article", THREE_SENTENCES)])) == 1


def test_results_of_an_interrupted_build_are_kept_but_nothing_is_pruned(cache_file):
    stored(cache_file, content="old article")
    for _ in range(KEEP_GENERATIONS):
        with pytest.raises(KeyboardInterrupt), Cache(cache_file) as cache:
            cache.store({}, {cache.summary_key("new article", THREE_SENTENCES): SUMMARY})
            raise KeyboardInterrupt
    with Cache(cache_file) as cache:
        assert len(cache.summaries([cache.summary_key("old article", THREE_SENTENCES)])) == 1
        assert len(cache.summaries([cache.summary_key("new article", THREE_SENTENCES)])) == 1


def test_a_build_that_only_uses_results_writes_only_their_uses_not_their_values(cache_file):
    stored(cache_file)
    with Cache(cache_file) as cache:
        cache.summaries([cache.summary_key("article one", THREE_SENTENCES)])
        cache.cleaned([cache.cleaned_key("article one")])
        rows_written = cache._db.total_changes
    with sqlite3.connect(cache_file) as db:
        uses = dict(db.execute("SELECT stage, generation FROM uses").fetchall())
    assert uses == {"clean": 2, "summarize": 2}  # marked as used by the second build
    assert rows_written == 1 + 2  # the build's number and the two uses: no entry is written again


def test_a_cache_of_the_older_one_table_layout_is_moved_over_with_its_results(cache_file):
    with Cache(None) as cache:
        key = cache.summary_key("article one", THREE_SENTENCES)
    cache_file.parent.mkdir(parents=True)
    with sqlite3.connect(cache_file) as db:
        db.executescript("""
            CREATE TABLE results (stage TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
                                  generation INTEGER NOT NULL, PRIMARY KEY (stage, key)) WITHOUT ROWID;
            CREATE TABLE meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
            INSERT INTO meta VALUES ('generation', 7);
        """)
        db.execute("INSERT INTO results VALUES ('summarize', ?, ?, 7)",
                   (key, '{"sentences": ["Rain fell."], "algorithm": "reduction", "notes": []}'))
    with Cache(cache_file) as cache:
        assert cache.summaries([key]) == {key: Summary(("Rain fell.",), "reduction", ())}
    with sqlite3.connect(cache_file) as db:
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"entries", "uses", "meta"}


def test_without_a_file_the_cache_lasts_one_build(tmp_path):
    with Cache(None) as cache:
        cache.store({}, {cache.summary_key("article one", THREE_SENTENCES): SUMMARY})
        assert len(cache.summaries([cache.summary_key("article one", THREE_SENTENCES)])) == 1
    with Cache(None) as cache:
        assert cache.summaries([cache.summary_key("article one", THREE_SENTENCES)]) == {}
    assert list(tmp_path.iterdir()) == []

"""A rebuild redoes exactly the work that depends on what changed."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

import builder.commands.steps
import builder.incremental.cores
import builder.mkdocs.site_build
from builder.commands.pipeline import generate
from builder.model.config import BriefingConfig, GroupSettings, SummarySettings
from builder.render.pages import render_pages
from builder.mkdocs.site_build import SiteBuild

FLOODS = """---
title: River floods the old town
source: Valley Herald
published: 2025-03-02
---

The river rose two metres overnight and flooded the old town. Firefighters evacuated
forty homes before dawn. The mayor said the new flood wall held in the north.
Shops along the quay will stay closed until Friday. Insurers expect claims to run into millions.
"""
ELECTION = """---
title: Council election turnout hits a record
source: City Post
published: 2025-03-03
---

Turnout in the council election reached 71 percent, the highest on record. Queues formed
at polling stations before they opened. The count finished shortly after midnight.
Both main parties claimed the result as a mandate. Observers praised the smooth organisation.
"""
MERGER = """---
title: Two regional banks agree to merge
source: Business Daily
published: 2025-03-04
---

Two regional banks agreed to merge in a deal worth four billion. The combined bank will
serve two million customers. Regulators must still approve the deal. Some branches will close
next year. Shares in both banks rose on the news.
"""


@pytest.fixture
def project(tmp_path) -> BriefingConfig:
    """A content folder with two articles, a docs folder and a cache file, all empty of results."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "floods.md").write_text(FLOODS, encoding="utf-8")
    (content / "election.md").write_text(ELECTION, encoding="utf-8")
    return BriefingConfig(
        content_dir=content,
        docs_dir=tmp_path / "docs",
        summary=SummarySettings(algorithm="reduction", sentences=2),
        grouping=GroupSettings(),
        cache_file=tmp_path / ".briefing" / "cache.sqlite",
    )


@pytest.fixture
def summarizer_calls(monkeypatch) -> list[str]:
    """Every article the summarizer is run on, by path."""
    calls: list[str] = []
    original = builder.commands.steps.summarize

    def counting(article, cleaned, settings):
        calls.append(article.path)
        return original(article, cleaned, settings)

    monkeypatch.setattr(builder.commands.steps, "summarize", counting)
    return calls


def test_a_rebuild_with_nothing_changed_runs_no_summarizer_and_writes_nothing(project, summarizer_calls):
    first = generate(project)
    assert sorted(summarizer_calls) == ["election.md", "floods.md"]
    summarizer_calls.clear()
    second = generate(project)
    assert summarizer_calls == []
    assert (second.stats.summarized, second.stats.from_cache) == (0, 2)
    assert second.stats.cache.misses == {"read": 0, "clean": 0, "summarize": 0, "group": 0, "stories": 0, "page": 0}
    assert second.written.written == () and second.written.removed == ()
    assert second.digest.summaries == first.digest.summaries
    assert second.digest.cleaned == first.digest.cleaned


def test_adding_an_article_summarizes_only_that_article(project, summarizer_calls):
    generate(project)
    summarizer_calls.clear()
    (project.content_dir / "merger.md").write_text(MERGER, encoding="utf-8")
    result = generate(project)
    assert summarizer_calls == ["merger.md"]
    assert (result.stats.summarized, result.stats.from_cache) == (1, 2)
    assert "articles/two-regional-banks-agree-to-merge" in " ".join(result.written.written)


def test_editing_an_article_summarizes_only_that_article(project, summarizer_calls):
    generate(project)
    summarizer_calls.clear()
    edited = ELECTION.replace("71 percent", "72 percent")
    (project.content_dir / "election.md").write_text(edited, encoding="utf-8")
    generate(project)
    assert summarizer_calls == ["election.md"]


def test_renaming_an_article_file_keeps_its_summary(project, summarizer_calls):
    generate(project)
    summarizer_calls.clear()
    (project.content_dir / "floods.md").rename(project.content_dir / "floods-2025.md")
    result = generate(project)
    assert summarizer_calls == []
    assert result.stats.from_cache == 2


def test_removing_an_article_removes_its_page(project):
    first = generate(project)
    page = first.digest.article(next(a.id for a in first.digest.articles if a.path == "floods.md")).page
    assert (project.docs_dir / page).is_file()
    (project.content_dir / "floods.md").unlink()
    second = generate(project)
    assert page in second.written.removed
    assert not (project.docs_dir / page).exists()


def test_changing_the_summary_length_summarizes_again_but_keeps_the_cleaned_text(project, summarizer_calls):
    generate(project)
    summarizer_calls.clear()
    longer = replace(project, summary=replace(project.summary, sentences=3))
    result = generate(longer)
    assert sorted(summarizer_calls) == ["election.md", "floods.md"]
    assert result.stats.cache.hits["clean"] == 2


def test_articles_with_the_same_text_are_summarized_once(project, summarizer_calls):
    (project.content_dir / "floods-copy.md").write_text(FLOODS, encoding="utf-8")
    result = generate(project)
    assert len(summarizer_calls) == 2
    assert len(result.digest.articles) == 3 and result.stats.summarized == 2


def test_a_story_is_summarized_across_its_sources_once_and_again_only_when_one_changes(project):
    wire = project.content_dir / "floods-wire.md"
    wire.write_text(FLOODS.replace("Valley Herald", "Valley Wire"), encoding="utf-8")
    first = generate(project)
    assert [len(story.article_ids) for story in first.digest.stories].count(2) == 1
    assert first.stats.cache.misses["stories"] == 1
    second = generate(project)
    assert (second.stats.cache.hits["stories"], second.stats.cache.misses["stories"]) == (1, 0)
    assert second.digest.story_summaries == first.digest.story_summaries
    wire.write_text(FLOODS.replace("Valley Herald", "Valley Wire") + "Rain is forecast for the weekend too.\n", encoding="utf-8")
    assert generate(project).stats.cache.misses["stories"] == 1


def test_many_new_articles_are_summarized_in_worker_processes_with_the_same_results(project, monkeypatch):
    for number in range(12):
        (project.content_dir / f"floods-{number:02d}.md").write_text(FLOODS + f"\nUpdate {number}.\n", encoding="utf-8")
    serial = generate(replace(project, cache_file=None))
    monkeypatch.setattr(builder.commands.steps, "MIN_PARALLEL", 4)
    monkeypatch.setattr(builder.commands.steps.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(builder.incremental.cores, "MIN_ITEMS", 4)  # cleaning and rendering pages too
    parallel = generate(project)
    assert parallel.stats.summarized == 14
    assert parallel.digest.summaries == serial.digest.summaries
    assert parallel.digest.cleaned == serial.digest.cleaned
    assert parallel.digest == serial.digest  # grouped in a forked process, too
    assert render_pages(parallel.digest) == render_pages(serial.digest)


def test_a_long_run_logs_progress_and_one_summary_line(project, monkeypatch, caplog):
    for number in range(8):
        (project.content_dir / f"floods-{number:02d}.md").write_text(FLOODS + f"\nUpdate {number}.\n", encoding="utf-8")
    monkeypatch.setattr(builder.commands.steps, "PROGRESS_FROM", 5)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.briefing"):
        generate(project)
    messages = [record.getMessage() for record in caplog.records]
    assert "briefing: summarizing 10 new articles" in messages
    assert "briefing: summarized 10/10 articles" in messages
    summary = [message for message in messages if message.startswith("briefing: 10 articles read")]
    assert len(summary) == 1
    assert summary[0].startswith("briefing: 10 articles read (0 summaries from cache, 10 new), 0 problems, ")


def test_the_cache_file_lives_where_the_configuration_says(project):
    generate(project)
    assert Path(project.cache_file).is_file()


def test_mkdocs_rendering_of_many_pages_logs_progress(monkeypatch, caplog, tmp_path):
    from mkdocs.structure.files import File, Files

    from builder.mkdocs.plugin import BriefingPlugin

    monkeypatch.setattr(builder.mkdocs.site_build, "PROGRESS_FROM", 10)
    pages = [File(f"articles/a{number}.md", str(tmp_path), str(tmp_path / "site"), True) for number in range(20)]
    plugin = BriefingPlugin()
    plugin.site_build = SiteBuild.open(BriefingConfig(tmp_path, tmp_path / "docs", SummarySettings(), GroupSettings()))
    plugin.on_files(Files([*pages, File("assets/briefing.css", str(tmp_path), str(tmp_path / "site"), True)]), config=None)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.briefing"):
        for file in pages:
            plugin.on_post_page("<html></html>", page=SimpleNamespace(url=file.url, links_to_anchors=None), config=None)
    assert [record.getMessage() for record in caplog.records] == [
        f"briefing: MkDocs rendered {done}/20 pages" for done in range(2, 21, 2)
    ]


@pytest.fixture
def grouping_calls(monkeypatch) -> list[int]:
    """The number of articles of every full grouping (`group.py`, not the placing of new articles)."""
    calls: list[int] = []
    original = builder.commands.steps.group_and_learn

    def counting(articles, cleaned, settings, memory=None):
        calls.append(len(articles))
        return original(articles, cleaned, settings, memory)

    monkeypatch.setattr(builder.commands.steps, "group_and_learn", counting)
    monkeypatch.setattr(builder.incremental.cores, "FORK", False)  # a grouping in a forked process would count there
    return calls


def test_a_rebuild_with_nothing_changed_does_not_group_again(project, grouping_calls):
    first = generate(project)
    second = generate(project)
    assert grouping_calls == [2]
    assert (second.digest.stories, second.digest.topics) == (first.digest.stories, first.digest.topics)


def test_adding_an_article_to_a_small_archive_groups_everything_again(project, grouping_calls):
    generate(project)
    (project.content_dir / "merger.md").write_text(MERGER, encoding="utf-8")
    generate(project)
    assert grouping_calls == [2, 3]


def test_adding_an_article_to_a_large_archive_places_it_into_the_last_grouping(project, grouping_calls, monkeypatch):
    import builder.group.place

    monkeypatch.setattr(builder.group.place, "INCREMENTAL_FROM", 2)
    monkeypatch.setattr(builder.group.place, "REGROUP_SHARE", 0.5)
    first = generate(project)
    (project.content_dir / "merger.md").write_text(MERGER, encoding="utf-8")
    second = generate(project)
    assert grouping_calls == [2]
    assert {s.id for s in first.digest.stories} < {s.id for s in second.digest.stories}
    assert sorted(t.id for t in second.digest.topics) == sorted(t.id for t in first.digest.topics)
    assert [s.id for s in second.digest.sections] == [s.id for s in first.digest.sections]
    assert len(second.digest.articles) == 3 and "stories/" not in " ".join(second.written.removed)


def test_a_very_long_article_is_summarized_from_a_window_and_says_so():
    from builder.clean import clean
    from builder.model import Article
    from builder.summarize.articles import SENTENCE_LIMITS, summarize

    text = " ".join(f"Sentence number {number} reports on the long story." for number in range(120))
    article = Article(id="long", path="long.md", title="A long article", text=text)
    summary = summarize(article, clean(article), SummarySettings(algorithm="kl", sentences=3))
    assert summary.notes == (f"only the first {SENTENCE_LIMITS['kl']} of 120 sentences were summarized",)
    assert len(summary.sentences) == 3


def test_indentation_between_tags_is_dropped_but_text_and_preformatted_pages_are_kept():
    from builder.mkdocs.site_build import without_indentation

    page = '<nav>\n      <ul>\n        <li><a href="x/">A  b</a> <em>c</em></li>\n      </ul>\n    </nav>\n'
    assert without_indentation(page) == '<nav>\n<ul>\n<li><a href="x/">A  b</a> <em>c</em></li>\n</ul>\n</nav>\n'
    preformatted = "<div>\n  <pre>\n    code\n  </pre>\n</div>"
    assert without_indentation(preformatted) == preformatted

"""Pages kept from the last build are exactly the pages this build would render."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import builder.render.article_page
from builder.commands.pipeline import DIGEST_FILE, BuildResult, generate
from builder.model.config import BriefingConfig, GroupSettings, SummarySettings
from builder.render.feeds import feed_files
from builder.render.pages import render_pages
from builder.write.digest import digest_json

FLOODS = """---
title: River floods the old town
source: Valley Herald
published: 2025-03-02
---

The river rose two metres overnight and flooded the old town. Firefighters evacuated
forty homes before dawn. The mayor said the new flood wall held in the north.
Shops along the quay will stay closed until Friday. Insurers expect claims to run into millions.
"""
FLOODS_AGAIN = """---
title: Old town flooded as the river rises two metres
source: River Times
published: 2025-03-03
---

The river rose two metres overnight and flooded the old town, where firefighters evacuated
forty homes. The mayor said the flood wall held in the north. Shops on the quay stay closed until Friday.
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


@pytest.fixture
def project(tmp_path) -> BriefingConfig:
    """Two articles on different events, built once so the docs folder and the cache hold their pages."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "floods.md").write_text(FLOODS, encoding="utf-8")
    (content / "election.md").write_text(ELECTION, encoding="utf-8")
    config = BriefingConfig(
        content_dir=content, docs_dir=tmp_path / "docs", summary=SummarySettings(sentences=2),
        grouping=GroupSettings(), cache_file=tmp_path / ".briefing" / "cache.sqlite",
    )
    generate(config)
    return config


def assert_docs_as_rendered_afresh(config: BriefingConfig, result: BuildResult) -> None:
    expected = render_pages(result.digest)
    expected[DIGEST_FILE] = digest_json(result.digest)
    expected.update(feed_files(result.digest, config.feeds))
    on_disk = {
        path.relative_to(config.docs_dir).as_posix(): path.read_text(encoding="utf-8")
        for path in Path(config.docs_dir).rglob("*") if path.is_file() and not path.name.startswith(".")
    }
    assert on_disk == expected


def test_nothing_changed_keeps_every_article_and_story_page(project):
    result = generate(project)
    assert result.written.written == () and result.stats.cache.misses["page"] == 0
    assert_docs_as_rendered_afresh(project, result)


def test_a_second_report_makes_a_story_page_and_changes_the_first_reports_page(project):
    (project.content_dir / "floods-again.md").write_text(FLOODS_AGAIN, encoding="utf-8")
    result = generate(project)
    assert any(page.startswith("stories/") for page in result.written.written)
    assert any(page.startswith("articles/river-floods-the-old-town") for page in result.written.written)
    assert_docs_as_rendered_afresh(project, result)


def test_an_edited_a_renamed_and_a_removed_article_are_rendered_again(project):
    (project.content_dir / "election.md").write_text(ELECTION.replace("71 percent", "72 percent"), encoding="utf-8")
    assert_docs_as_rendered_afresh(project, generate(project))
    (project.content_dir / "election.md").rename(project.content_dir / "council-election.md")
    assert_docs_as_rendered_afresh(project, generate(project))
    (project.content_dir / "floods.md").unlink()
    assert_docs_as_rendered_afresh(project, generate(project))


def test_a_new_summary_length_renders_every_article_again(project):
    result = generate(replace(project, summary=SummarySettings(sentences=3)))
    assert sum(page.startswith("articles/") for page in result.written.written) == 2
    assert_docs_as_rendered_afresh(project, result)


def test_a_page_changed_on_disk_is_rendered_again(project):
    page = next(path for path in Path(project.docs_dir, "articles").iterdir())
    page.write_text("edited by hand\n", encoding="utf-8")
    result = generate(project)
    assert result.written.written == (page.relative_to(project.docs_dir).as_posix(),)
    assert_docs_as_rendered_afresh(project, result)

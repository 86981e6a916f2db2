"""Only stories with two or more sources get a page; the others link to their article."""

from __future__ import annotations

import shutil
from pathlib import Path

from builder.commands.pipeline import generate
from builder.model.config import BriefingConfig, GroupSettings, SummarySettings

ROOT = Path(__file__).resolve().parent.parent


def test_a_one_source_story_links_to_its_article_instead_of_a_page_of_its_own(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    shutil.copy(content / "000_4d2de729558eefa9.txt", content / "000_second_source.txt")
    config = BriefingConfig(content, tmp_path / "docs", SummarySettings(), GroupSettings(), cache_file=None)
    digest = generate(config).digest
    pages = {path.relative_to(config.docs_dir).as_posix() for path in config.docs_dir.rglob("*.md")}
    for story in digest.stories:
        if len(story.article_ids) > 1:
            assert story.page in pages
        else:
            assert story.page not in pages
            article = digest.article(story.article_ids[0])
            topic_page = (config.docs_dir / digest.topic_of(story).page).read_text(encoding="utf-8")
            assert f'href="../../{article.page.removesuffix(".md")}/"' in topic_page
    assert any(len(story.article_ids) > 1 for story in digest.stories)

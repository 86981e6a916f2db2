"""A page MkDocs rendered in an earlier build is used again only when it would come out the same."""

from __future__ import annotations

import filecmp
import shutil
import sqlite3
from pathlib import Path

import pytest

from conftest import build_site, indexed_pages

pytestmark = pytest.mark.slow  # each test builds whole sites through MkDocs, some twice

DATED = Path(__file__).resolve().parent / "content_dated"
LATE_REPORT = """---
title: Bridge opening draws a crowd of thousands
source: Evening Standard
published: 2025-07-10
---

Thousands of people walked across the rebuilt bridge on its first evening. Stalls sold food
along both banks. The council said traffic would flow normally from Monday.
"""


def _reuse_line(result) -> str:
    return next(line for line in result.stderr.splitlines() if "reused" in line).split("briefing: ", 1)[1]


def _same_tree(first: Path, second: Path) -> list[str]:
    """Paths below the two folders whose bytes differ, or that only one has."""
    different = []
    comparison = filecmp.dircmp(first, second)
    stack = [("", comparison)]
    while stack:
        prefix, node = stack.pop()
        different += [prefix + name for name in node.left_only + node.right_only + node.funny_files]
        _, mismatch, errors = filecmp.cmpfiles(node.left, node.right, node.common_files, shallow=False)
        different += [prefix + name for name in mismatch + errors]
        stack += [(f"{prefix}{name}/", child) for name, child in node.subdirs.items()]
    return sorted(different)


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(DATED, folder)
    return folder


def _forget_rendered_pages(site: Path) -> None:
    with sqlite3.connect(site.parent / f"{site.name}-project" / ".briefing" / "cache.sqlite") as db:
        db.execute("DELETE FROM entries WHERE stage IN ('site-html', 'site-meta')")


def test_a_rebuild_with_nothing_changed_renders_no_page_and_writes_the_same_site(content, tmp_path):
    site = tmp_path / "site"
    first = build_site(content, site, "--strict")
    assert first.returncode == 0, first.stderr
    assert _reuse_line(first) == "MkDocs rendered 26 pages and reused 0 unchanged ones from an earlier build"
    shutil.copytree(site, tmp_path / "first-site")

    second = build_site(content, site, "--strict")

    assert second.returncode == 0, second.stderr
    # Pages in the navigation too: it gives their titles, so no other page waits for them to be rendered.
    assert _reuse_line(second) == "MkDocs rendered 0 pages and reused 26 unchanged ones from an earlier build"
    assert _same_tree(tmp_path / "first-site", site) == []


def test_after_an_article_is_added_the_site_is_the_one_a_full_rendering_makes(content, tmp_path):
    site = tmp_path / "site"
    assert build_site(content, site).returncode == 0
    (content / "bridge_crowd_late_report.md").write_text(LATE_REPORT, encoding="utf-8")

    reused = build_site(content, site, "--strict")
    assert reused.returncode == 0, reused.stderr
    shutil.copytree(site, tmp_path / "reused-site")
    _forget_rendered_pages(site)
    rendered = build_site(content, site, "--strict")

    assert "reused 0 unchanged" in _reuse_line(rendered)
    # The added report changes the sections or topics in the navigation, which every page carries, so
    # here every page is rendered again; what must hold is that the site is the same.
    assert _same_tree(tmp_path / "reused-site", site) == []
    assert any("Bridge opening draws a crowd of thousands" in page["content"] for page in indexed_pages(site).values())


def test_a_change_to_the_configuration_or_the_theme_renders_every_page_again(content, tmp_path):
    site = tmp_path / "site"
    assert build_site(content, site).returncode == 0

    renamed = build_site(content, site, config_tail="copyright: Example Newsroom\n")
    assert _reuse_line(renamed) == "MkDocs rendered 26 pages and reused 0 unchanged ones from an earlier build"
    article = next((site / "articles").glob("*/index.html")).read_text(encoding="utf-8")
    assert "Example Newsroom" in article

    theme = site.parent / f"{site.name}-project" / "theme" / "main.html"
    theme.write_text(theme.read_text(encoding="utf-8") + "\n{# edited #}\n", encoding="utf-8")
    retemplated = build_site(content, site, config_tail="copyright: Example Newsroom\n")
    assert _reuse_line(retemplated) == "MkDocs rendered 26 pages and reused 0 unchanged ones from an earlier build"


def test_pages_a_helper_process_renders_are_the_pages_one_process_renders(content, tmp_path):
    alone = build_site(content, tmp_path / "alone", "--strict", before="import builder.mkdocs.helper as f; f.MIN_PAGES = 10**9")
    helped = build_site(content, tmp_path / "helped", "--strict", before="import builder.mkdocs.helper as f; f.MIN_PAGES = 1")

    assert alone.returncode == 0 and helped.returncode == 0, alone.stderr + helped.stderr
    assert _reuse_line(alone) == "MkDocs rendered 26 pages and reused 0 unchanged ones from an earlier build"
    assert _reuse_line(helped) == (
        "MkDocs rendered 26 pages (9 of them in a helper process) and reused 0 unchanged ones from an earlier build"
    )
    assert _same_tree(tmp_path / "alone", tmp_path / "helped") == []


def test_a_failing_helper_process_fails_the_build_and_says_why(content, tmp_path):
    broken = "import builder.mkdocs.helper as f; f.MIN_PAGES = 1; f._render = lambda *args: 1 / 0"
    result = build_site(content, tmp_path / "site", before=broken)

    assert result.returncode == 1
    assert "the page rendering helper failed:" in result.stderr
    assert "ZeroDivisionError: division by zero" in result.stderr
    assert not (tmp_path / "site").exists()

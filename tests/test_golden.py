"""Golden test: the generated Markdown tree of a tiny content folder, byte for byte.

When a change to the pages is deliberate, regenerate the expected files with
`BRIEFING_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

from builder.commands.pipeline import DIGEST_FILE, make_digest
from builder.model.config import BriefingConfig, GroupSettings, SummarySettings
from builder.render.pages import render_pages
from builder.write.digest import digest_json

GOLDEN = Path(__file__).resolve().parent / "golden"


def generated_tree(content: Path) -> dict[str, str]:
    """The pages and briefing.json that a build of `content` writes, in memory."""
    config = BriefingConfig(
        content_dir=content, docs_dir=content.parent / "unused", summary=SummarySettings(), grouping=GroupSettings()
    )
    digest = make_digest(config)
    return {**render_pages(digest), DIGEST_FILE: digest_json(digest)}


def test_generated_markdown_matches_the_golden_files():
    tree = generated_tree(GOLDEN / "content")
    expected_dir = GOLDEN / "expected"
    if os.environ.get("BRIEFING_UPDATE_GOLDEN"):
        for old in expected_dir.rglob("*"):
            if old.is_file():
                old.unlink()
        for relative, text in tree.items():
            (expected_dir / relative).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / relative).write_text(text, encoding="utf-8")
    expected = {
        path.relative_to(expected_dir).as_posix(): path.read_text(encoding="utf-8")
        for path in expected_dir.rglob("*")
        if path.is_file()
    }
    assert sorted(tree) == sorted(expected)
    for relative in tree:
        assert tree[relative] == expected[relative], f"{relative} differs from the golden file"


def test_the_same_content_gives_byte_identical_pages():
    first = generated_tree(GOLDEN / "content")
    second = generated_tree(GOLDEN / "content")
    assert first == second

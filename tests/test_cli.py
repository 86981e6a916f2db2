"""The `briefing` command line: help, digest as data, failures as exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, _env

REQUIRED_ARTICLE_KEYS = {"id", "path", "title", "source", "url", "author", "published", "page", "summary", "topic", "story"}


def briefing(*arguments: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "builder", *arguments], cwd=cwd, capture_output=True, text=True, env=_env())


def test_help_names_both_commands():
    result = briefing("--help")
    assert result.returncode == 0
    assert "build" in result.stdout and "digest" in result.stdout


@pytest.mark.slow
def test_digest_of_the_demo_content_has_every_article_with_verbatim_summaries(tmp_path):
    out = tmp_path / "digest.json"
    result = briefing("digest", "--out", str(out))
    assert result.returncode == 0, result.stderr
    digest = json.loads(out.read_text(encoding="utf-8"))
    assert set(digest) == {"articles", "sections", "topics", "stories", "problems"}
    assert len(digest["articles"]) == 5
    for article in digest["articles"]:
        assert REQUIRED_ARTICLE_KEYS <= set(article)
        text = (ROOT / "content" / article["path"]).read_text(encoding="utf-8")
        assert article["summary"], article["path"]
        for sentence in article["summary"]:
            assert sentence in text
    story_ids = {story["id"] for story in digest["stories"]}
    topic_ids = {topic["id"] for topic in digest["topics"]}
    assert {article["story"] for article in digest["articles"]} <= story_ids
    assert {article["topic"] for article in digest["articles"]} <= topic_ids


@pytest.mark.slow
def test_summary_sentences_option_sets_the_summary_length(tmp_path):
    out = tmp_path / "digest.json"
    assert briefing("digest", "--summary-sentences", "1", "--out", str(out)).returncode == 0
    digest = json.loads(out.read_text(encoding="utf-8"))
    assert all(len(article["summary"]) == 1 for article in digest["articles"])


def test_a_missing_content_folder_fails_with_a_message_and_no_traceback(tmp_path):
    result = briefing("digest", "--content", str(tmp_path / "nowhere"), "--out", str(tmp_path / "d.json"))
    assert result.returncode == 1
    assert "content folder does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unknown_plugin_option_is_an_error_naming_the_key(tmp_path):
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("summary_sentences: 3", "summary_sentences: 3\n      summary_sentencse: 4")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "content").mkdir()
    (tmp_path / "theme").mkdir()
    result = briefing("digest", "--out", str(tmp_path / "d.json"), cwd=tmp_path)
    assert result.returncode == 1
    assert "summary_sentencse" in result.stderr

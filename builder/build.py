"""The briefing build, stage by stage: read, clean, summarize, group, render, write.

`make_digest` gathers everything in memory; `generate` renders it and writes
the docs folder. MkDocs (through `plugin.py`) or the command line calls them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from .clean import clean
from .config import BriefingConfig
from .feeds import feed_files
from .group import group
from .memory import load_memory
from .model import Digest
from .read import read_content
from .render import digest_json, render_pages
from .summarize import summarize
from .write import WriteReport, write_files

log = logging.getLogger("mkdocs.plugins.briefing")

DIGEST_FILE = "briefing.json"


@dataclass(frozen=True)
class BuildResult:
    """What one run of the generator produced."""

    digest: Digest
    """Everything the site shows."""
    written: WriteReport
    """What changed in the docs folder."""


def make_digest(config: BriefingConfig) -> Digest:
    """Read, clean, summarize and group the content folder; nothing is written."""
    reading = read_content(config.content_dir)
    articles = sorted(reading.articles, key=lambda article: article.sort_key)
    cleaned = {article.id: clean(article) for article in articles}
    summaries = {article.id: summarize(article, cleaned[article.id], config.summary) for article in articles}
    # The last build's digest names the groups, so pages keep their addresses.
    grouping = group(articles, cleaned, config.grouping, load_memory(config.docs_dir / DIGEST_FILE))
    return Digest(
        articles=tuple(articles),
        summaries=summaries,
        cleaned=cleaned,
        stories=grouping.stories,
        topics=grouping.topics,
        problems=reading.problems,
    )


def generate(config: BriefingConfig) -> BuildResult:
    """Make the digest and write its pages, `briefing.json` and the feeds into the docs folder."""
    digest = make_digest(config)
    report_problems(digest)
    files = render_pages(digest)
    files[DIGEST_FILE] = digest_json(digest)
    files.update(feed_files(digest, config.feeds))
    written = write_files(config.docs_dir, files)
    log.info(
        "briefing: %d articles, %d stories, %d topics, %d problems; %d files written, %d removed, %d unchanged",
        len(digest.articles), len(digest.stories), len(digest.topics), len(digest.problems),
        len(written.written), len(written.removed), written.unchanged,
    )
    return BuildResult(digest, written)


def report_problems(digest: Digest) -> None:
    """Log each problem once as a warning (so `--strict` fails), each article note as info."""
    for problem in digest.problems:
        action = "skipped" if problem.fatal else "published"
        log.warning("%s: %s (%s)", problem.path, problem.message, action)
    for article in digest.articles:
        for note in digest.summaries[article.id].notes:
            log.info("%s: %s", article.path, note)

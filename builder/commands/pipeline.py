"""The briefing build, stage by stage: read, clean, summarize, group, render, write.

`make_digest` gathers everything in memory; `generate` renders it and writes
the docs folder. MkDocs (through `plugin.py`) or the command line calls them.
Each stage's work over all articles, from the cache where earlier builds did
it, is in `steps.py`. After grouping, each story with two or more sources is
summarized across them (`summarize.stories`), so the renderer only formats.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from pathlib import Path

from builder.commands.steps import BuildStats, clean_all, content_of, start_grouping, summarize_all, summarize_stories_all
from builder.group.names import Memory
from builder.incremental.store import Cache
from builder.incremental.unchanged import page_keys, unchanged_pages
from builder.model import Digest
from builder.model.config import BriefingConfig
from builder.read.files import read_content
from builder.render.feeds import feed_files
from builder.render.pages import render_pages
from builder.write.digest import DIGEST_FILE, digest_json, read_digest
from builder.write.files import WriteReport, write_files

log = logging.getLogger("mkdocs.plugins.briefing")


@dataclass(frozen=True)
class BuildResult:
    """What one run of the generator produced."""

    digest: Digest
    """Everything the site shows."""
    written: WriteReport
    """What changed in the docs folder."""
    stats: BuildStats
    """Cache use and stage times."""


def make_digest(config: BriefingConfig, stats: BuildStats | None = None, cache: Cache | None = None) -> Digest:
    """Read, clean, summarize and group the content folder, then summarize each story; nothing is written but the cache.

    Without a `cache`, the one in `config` is opened for this call.
    """
    if cache is None:
        with Cache(config.cache_file) as own:
            return make_digest(config, stats, own)
    stats = stats if stats is not None else BuildStats()
    with stats.timed("read"):
        reading = read_content(config.content_dir, cache)
        articles = sorted(reading.articles, key=lambda article: article.sort_key)
    contents = {article.id: content_of(article) for article in articles}
    with stats.timed("clean"):
        cleaned = clean_all(articles, contents, cache)
    with stats.timed("group"):
        # The last build's digest names the groups, so pages keep their addresses.
        memory = previous_memory(config.docs_dir / DIGEST_FILE)
        grouping = start_grouping(articles, contents, cleaned, config.grouping, memory, cache)
    with grouping:
        with stats.timed("summarize"):
            summaries = summarize_all(articles, contents, cleaned, config.summary, cache, stats)
        with stats.timed("group"):
            grouping.finish()
    grouped = Digest(
        articles=tuple(articles),
        summaries=summaries,
        cleaned=cleaned,
        stories=grouping.result.stories,
        topics=grouping.result.topics,
        problems=reading.problems,
        sections=grouping.result.sections,
        menu=config.grouping.sections,
    )
    with stats.timed("summarize"):
        story_summaries = summarize_stories_all(grouped, stats.summary_keys, cache)
    stats.cache = cache.stats
    return replace(grouped, story_summaries=story_summaries)


def generate(config: BriefingConfig, cache: Cache | None = None) -> BuildResult:
    """Make the digest and write its pages, `briefing.json` and the feeds into the docs folder.

    Without a `cache`, the one in `config` is opened (and closed) for this call.
    """
    if cache is None:
        with Cache(config.cache_file) as own:
            return generate(config, own)
    stats = BuildStats()
    started = time.perf_counter()
    digest = make_digest(config, stats, cache)
    report_problems(digest)
    with stats.timed("render"):
        # Article and story pages whose inputs did not change are already in the docs folder.
        keys = page_keys(digest, stats.summary_keys, config.directory_urls)
        kept = unchanged_pages(config.docs_dir, keys, cache)
        files = render_pages(digest, config.directory_urls, skip=kept)
        files[DIGEST_FILE] = digest_json(digest)
        files.update(feed_files(digest, config.feeds))
    with stats.timed("write"):
        written = write_files(config.docs_dir, files, kept)
        cache.store_pages_written(config.docs_dir, {
            page: (key, len(files[page].encode("utf-8"))) for page, key in keys.items() if page in files
        })
    _log_build(digest, written, stats, time.perf_counter() - started)
    return BuildResult(digest, written, stats)


def _log_build(digest: Digest, written: WriteReport, stats: BuildStats, seconds: float) -> None:
    """One line on what the build did and where its time went."""
    log.info(
        "briefing: %d articles read (%d summaries from cache, %d new), %d problems, %d stories, %d topics, "
        "%d sections; "
        "%d files written, %d removed, %d unchanged; %.1f s (%s)",
        len(digest.articles), stats.from_cache, stats.summarized, len(digest.problems),
        len(digest.stories), len(digest.topics), len(digest.sections), len(written.written), len(written.removed), written.unchanged,
        seconds, ", ".join(f"{stage} {spent:.2f}" for stage, spent in stats.seconds.items()),
    )


def previous_memory(digest_file: Path) -> Memory:
    """The groups of the last build, from the `briefing.json` it wrote; none when there is none or it cannot be used."""
    try:
        previous = read_digest(digest_file)
    except FileNotFoundError:
        return Memory()
    except OSError as error:
        log.info("%s: not read (%s); stories and topics are named afresh", digest_file, error)
        return Memory()
    except ValueError:
        log.info("%s: not a briefing digest; stories and topics are named afresh", digest_file)
        return Memory()
    return Memory.of(previous.stories, previous.topics, previous.sections)


def report_problems(digest: Digest) -> None:
    """Log each problem once as a warning (so `--strict` fails), each article note as info."""
    for problem in digest.problems:
        action = "skipped" if problem.fatal else "published"
        log.warning("%s: %s (%s)", problem.path, problem.message, action)
    for article in digest.articles:
        for note in digest.summaries[article.id].notes:
            log.info("%s: %s", article.path, note)

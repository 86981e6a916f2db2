"""Each stage over all articles, doing only the work earlier builds did not keep.

Cleaning, summarizing and story summaries are per article (or story): what
the cache holds is taken from it, the rest is computed on every core when
there is enough of it. Grouping is one job over all articles: known, placed
into the last grouping, or run in a second process while this one summarizes.
`pipeline.py` calls these in order.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from itertools import repeat

from builder.clean import clean
from builder.group.grouping import Grouping, Learned, group_and_learn
from builder.group.names import Memory
from builder.group.place import GroupState, extend
from builder.incremental.cores import Pending, in_background, on_cores
from builder.incremental.store import Cache, CacheStats
from builder.model import Article, Cleaned, Digest, Story, StorySummary, Summary
from builder.model.config import GroupSettings, SummarySettings
from builder.summarize.articles import prepare, summarize
from builder.summarize.stories import needs_summary, summarize_story

log = logging.getLogger("mkdocs.plugins.briefing")

MIN_PARALLEL = 100
"""Fewer new articles than this are summarized in this process: starting workers would cost more."""
PROGRESS_FROM = 300
"""Summarizing at least this many new articles logs progress every tenth of the way."""
_LOCATION = frozenset({"id", "path", "page", "notes"})
"""`Article` fields that say where an article lives (or how it was read), not what it says."""


@dataclass
class BuildStats:
    """What one build did and how long each stage took, for its summary line."""

    from_cache: int = 0
    """Articles whose summary an earlier build had already made."""
    summarized: int = 0
    """Summaries computed in this build (articles with identical text share one)."""
    seconds: dict[str, float] = field(default_factory=dict)
    """Wall time of each stage."""
    cache: CacheStats = field(default_factory=CacheStats)
    """Cache lookups by stage."""
    summary_keys: dict[str, str] = field(default_factory=dict)
    """Each article's summary key (by article id): what its summary, and so its pages, are made from."""

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        """Add the time spent in the `with` block to `stage`."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started


def clean_all(articles: Sequence[Article], contents: dict[str, str], cache: Cache) -> dict[str, Cleaned]:
    """Each article's cleaned text (by article id), from the cache where it has it.

    `contents` holds each article's `content_of`, by article id.
    """
    keys = {article.id: cache.cleaned_key(contents[article.id]) for article in articles}
    known = cache.cleaned(keys.values())
    todo = list({keys[article.id]: article for article in articles if keys[article.id] not in known}.items())
    new = dict(zip((key for key, _ in todo), on_cores(_clean_one, todo, range(len(todo)))))
    cache.store(new, {})
    return {article.id: new.get(keys[article.id]) or known[keys[article.id]] for article in articles}


def _clean_one(todo: list[tuple[str, Article]], index: int) -> Cleaned:
    return clean(todo[index][1])


def summarize_all(
    articles: Sequence[Article], contents: dict[str, str], cleaned: dict[str, Cleaned], settings: SummarySettings,
    cache: Cache, stats: BuildStats,
) -> dict[str, Summary]:
    """Each article's summary (by article id), from the cache where it has it; counted in `stats`."""
    keys = {article.id: cache.summary_key(contents[article.id], settings) for article in articles}
    known = cache.summaries(keys.values())
    todo = {keys[article.id]: article for article in articles if keys[article.id] not in known}
    work = [(article, cleaned[article.id]) for article in todo.values()]
    new = dict(zip(todo, _summarize_all(work, settings)))
    cache.store({}, new)
    stats.summary_keys = keys
    stats.summarized = len(new)
    stats.from_cache = sum(1 for article in articles if keys[article.id] not in new)
    return {article.id: new.get(keys[article.id]) or known[keys[article.id]] for article in articles}


def summarize_stories_all(digest: Digest, summary_keys: dict[str, str], cache: Cache) -> dict[str, StorySummary]:
    """Each story with two or more sources summarized across them (by story id), from the cache where it has it.

    `summary_keys` holds each article's summary key, by article id: a story's
    summary is made of its articles' summaries and cleaned texts, in order.
    """
    stories = [story for story in digest.stories if needs_summary(story)]
    keys = {s.id: cache.story_summary_key([(aid, summary_keys[aid]) for aid in s.article_ids]) for s in stories}
    known = cache.story_summaries(keys.values())
    todo = [story for story in stories if keys[story.id] not in known]
    new = dict(zip((keys[story.id] for story in todo), on_cores(_summarize_story, (digest, todo), range(len(todo)))))
    cache.store_story_summaries(new)
    return {story.id: new.get(keys[story.id]) or known[keys[story.id]] for story in stories}


def _summarize_story(shared: tuple[Digest, list[Story]], index: int) -> StorySummary:
    digest, todo = shared
    return summarize_story(digest.articles_in(todo[index]), digest.summaries, digest.cleaned)


def start_grouping(
    articles: Sequence[Article], contents: dict[str, str], cleaned: dict[str, Cleaned], settings: GroupSettings,
    memory: Memory, cache: Cache,
) -> GroupingJob:
    """Group the articles, doing as little as the cache allows.

    - Exactly these articles and settings were grouped before: that grouping.
    - The last build's grouping state is stored and few articles changed since
      the last full grouping: the changes are placed into it (`assign.extend`);
      existing stories and topics keep their articles and ids.
    - Otherwise (a cold build, new settings, many changes): a full grouping
      (`group.py`), with names kept from the last build's `memory`. It takes
      seconds and needs only the cleaned texts, so it runs in a second process
      while this one summarizes (`GroupingJob.finish` collects it).
    """
    key = cache.grouping_key(((a.id, a.path, contents[a.id]) for a in articles), settings)
    grouping = cache.grouping(key)
    if grouping is not None:
        cache.keep_group_state(settings)
        return GroupingJob(cache, key, settings, result=grouping)
    hashes = {a.id: cache.cleaned_key(contents[a.id]) for a in articles}
    state = cache.group_state(settings)
    state = extend(state, articles, hashes, cleaned, settings) if state is not None else None
    if state is not None:
        job = GroupingJob(cache, key, settings)
        job.keep(state)
        return job
    running = in_background(group_and_learn, articles, cleaned, settings, memory)
    return GroupingJob(cache, key, settings, running=running, hashes=hashes)


@dataclass
class GroupingJob:
    """A build's grouping: known at once, or a full grouping still being worked out (`running`).

    Use it in a `with` block: leaving the block early stops the work.
    """

    cache: Cache
    key: str
    """The grouping's cache key (articles, paths, contents, settings)."""
    settings: GroupSettings
    result: Grouping = field(default_factory=lambda: Grouping((), ()))
    """The grouping, once known."""
    running: Pending[tuple[Grouping, Learned]] | None = None
    hashes: dict[str, str] = field(default_factory=dict)
    """Each article's cleaned key, for the grouping state a full grouping leaves."""

    def finish(self) -> None:
        """Wait for a running full grouping and keep it, with its state, in the cache."""
        if self.running is None:
            return
        grouping, learned = self.running.result()
        self.running = None
        self.keep(GroupState(grouping, learned, self.hashes, regrouped=len(self.hashes), changed=0))

    def keep(self, state: GroupState) -> None:
        """`state`'s grouping is the result: stored under the key, and the state for later builds."""
        self.result = state.grouping
        self.cache.store_grouping(self.key, state.grouping)
        self.cache.store_group_state(self.settings, state)

    def __enter__(self) -> GroupingJob:
        return self

    def __exit__(self, *error: object) -> None:
        if self.running is not None:
            self.running.cancel()
            self.running = None


def content_of(article: Article) -> str:
    """Everything about an article that cleaning and summarizing may use: all but where it lives, as text."""
    values = {item.name: getattr(article, item.name) for item in fields(article) if item.name not in _LOCATION}
    return json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)


def _summarize_all(work: list[tuple[Article, Cleaned]], settings: SummarySettings) -> list[Summary]:
    """Summarize each (article, cleaned text), in order, on every core when there are enough of them."""
    workers = min(os.cpu_count() or 1, 8)
    progress = _Progress(len(work))
    if len(work) < MIN_PARALLEL or workers < 2:
        return [progress.step(_summarize_one(item, settings)) for item in work]
    chunk = max(1, min(50, len(work) // (workers * 4)))
    # fork: workers inherit the summarizer imported here instead of importing it again (seconds each).
    prepare(settings.algorithm)
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        results = pool.map(_summarize_one, work, repeat(settings), chunksize=chunk)
        return [progress.step(result) for result in results]


def _summarize_one(item: tuple[Article, Cleaned], settings: SummarySettings) -> Summary:
    return summarize(item[0], item[1], settings)


class _Progress:
    """Logs "summarized 500/5000 articles" every tenth of a long run; silent for short ones."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.every = max(1, total // 10) if total >= PROGRESS_FROM else 0
        if self.every:
            log.info("briefing: summarizing %d new articles", total)

    def step(self, result):
        self.done += 1
        if self.every and (self.done % self.every == 0 or self.done == self.total):
            log.info("briefing: summarized %d/%d articles", self.done, self.total)
        return result

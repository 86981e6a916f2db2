"""What earlier builds worked out, kept on disk so a rebuild only redoes what changed.

- Reading: each article as read from its file, under the file's path, size,
  times and inode (`read.file_key`), so an untouched file is not read again.
- Cleaning and summarizing depend only on an article's content (its text,
  title, language...) and the settings, never on its path or on the other
  articles.
- A story's summary across its sources depends on its articles (their ids and
  summary keys, in order), so it is kept for every story whose articles did
  not change.
- Grouping depends on the whole set of articles; it is kept for the last set,
  so a rebuild with nothing changed does not group again, and so is what the
  last grouping learned about each article (`group.place.GroupState`), so a rebuild
  that changes a few articles places only those.
- Rendering: the key (`incremental.unchanged.page_keys`) and size of each article and story
  page written to a docs folder, so an unchanged page is not rendered again.

Each result is stored under a key that hashes exactly its inputs plus a
fingerprint of the code that produced it (the stage's modules, found by
following its imports, and its libraries' versions: `fingerprints.py`), so
changing an article, a setting or the code redoes what depends on it and
nothing else.

The store is one SQLite file in write-ahead-log mode (`.briefing/cache.sqlite`
next to `mkdocs.yml` by default): a build killed at any moment leaves it
usable, and a file that is not a readable cache is replaced, never fatal.
Results unused for `KEEP_GENERATIONS` builds are dropped so the file does not
grow without bound.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path

from typing import TYPE_CHECKING

from builder.group.grouping import Grouping
from builder.incremental.fingerprints import source_fingerprint
from builder.model import Article, Cleaned, Removal, Section, Story, StorySummary, Summary, Topic

if TYPE_CHECKING:  # imported when used: NumPy and sumy cost time a cached build does not need to spend
    from builder.group.place import GroupState
    from builder.model.config import GroupSettings, SummarySettings

log = logging.getLogger("mkdocs.plugins.briefing")

FORMAT = 2
"""Bump when the stored JSON changes shape; older entries are then ignored."""
KEEP_GENERATIONS = 5
"""Entries no build has used in this many builds are deleted."""
_SCHEMA = """
CREATE TABLE IF NOT EXISTS entries (
    stage TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (stage, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS uses (
    stage TEXT NOT NULL, key TEXT NOT NULL, generation INTEGER NOT NULL, PRIMARY KEY (stage, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""
"""Values and the build that last used each are kept apart: every build marks what it used, and
marking a row that also held its value (a page's HTML, tens of kilobytes) rewrote the value too,
40 MB a rebuild at 1,000 articles."""
_OLD_LAYOUT = """
BEGIN;
INSERT OR IGNORE INTO entries (stage, key, value) SELECT stage, key, value FROM results;
INSERT OR IGNORE INTO uses (stage, key, generation) SELECT stage, key, generation FROM results;
DROP TABLE results;
COMMIT;
"""
"""Moves a cache of the layout before `entries` and `uses` (one `results` table) into them."""


@dataclass
class CacheStats:
    """How many results of each stage came from the cache and how many were computed."""

    hits: dict[str, int] = field(default_factory=dict)
    """Results found in the cache, by stage."""
    misses: dict[str, int] = field(default_factory=dict)
    """Results computed in this build, by stage."""

    def count(self, stage: str, hits: int, misses: int) -> None:
        """Add one lookup's figures."""
        self.hits[stage] = self.hits.get(stage, 0) + hits
        self.misses[stage] = self.misses.get(stage, 0) + misses


class Cache:
    """Results of the per-article stages, by key; `Cache(None)` keeps them in memory only."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        """The SQLite file, or None for a cache that lives only as long as this object."""
        self.stats = CacheStats()
        """What this build found and computed."""
        self._db = _connect(path)
        self._generation = self._next_generation()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close(prune=exc_info[0] is None)

    def cleaned_key(self, content: str) -> str:
        """Key of an article's cleaned text: the article's `content` and the cleaner's code.

        `content` is everything about the article but where it lives (its text,
        title, language...), so moving or renaming a file keeps its results.
        """
        return _key("clean", content)

    def summary_key(self, content: str, settings: SummarySettings) -> str:
        """Key of an article's summary: its `content`, the settings and the summarizer's code."""
        return _key("summarize", content, json.dumps(asdict(settings), sort_keys=True))

    def story_summary_key(self, articles: Iterable[tuple[str, str]]) -> str:
        """Key of a story's summary across its sources: each article's (id, summary key), in order, and the code."""
        return _key("stories", json.dumps([list(item) for item in articles]))

    def story_summaries(self, keys: Iterable[str]) -> dict[str, StorySummary]:
        """The cached story summaries among `keys`."""
        return {key: _story_summary(value) for key, value in self._get("stories", keys).items()}

    def store_story_summaries(self, told: dict[str, StorySummary]) -> None:
        """Keep new story summaries, by key."""
        self._put([("stories", key, json.dumps(asdict(value), ensure_ascii=False)) for key, value in told.items()])

    def grouping_key(self, contents: Iterable[tuple[str, str, str]], settings: GroupSettings) -> str:
        """Key of the grouping of a whole set of articles: each one's (id, path, content), the settings, the code."""
        return _key("group", json.dumps([list(item) for item in contents]), json.dumps(asdict(settings), sort_keys=True))

    def grouping(self, key: str) -> Grouping | None:
        """The cached grouping under `key`, if any."""
        found = self._get("group", [key])
        return _grouping(found[key]) if found else None

    def store_grouping(self, key: str, grouping: Grouping) -> None:
        """Keep the grouping of this set of articles (one entry; the previous set's is pruned in time)."""
        self._put([("group", key, json.dumps(_grouping_json(grouping), ensure_ascii=False))])

    def group_state(self, settings: GroupSettings) -> GroupState | None:
        """The last grouping made with these settings and what it learned, if the cache has a usable one."""
        from builder.group.place import from_bytes

        key = self._state_key(settings)
        found = self._get("group-state", [key])
        if not found:
            return None
        try:
            return from_bytes(found[key])
        except (ValueError, KeyError, TypeError, OSError) as error:
            log.info("briefing: the stored grouping state is not usable (%s); grouping afresh", error)
            return None

    def store_group_state(self, settings: GroupSettings, state: GroupState) -> None:
        """Keep the latest grouping state for these settings (one entry, replaced by every grouping)."""
        from builder.group.place import to_bytes

        self._put([("group-state", self._state_key(settings), to_bytes(state))])

    def keep_group_state(self, settings: GroupSettings) -> None:
        """Mark the grouping state as used by this build, so pruning keeps it while nothing changes."""
        with self._db:
            self._mark_used("group-state", [self._state_key(settings)])

    def _state_key(self, settings: GroupSettings) -> str:
        return _key("group", "state", json.dumps(asdict(settings), sort_keys=True))

    def pages_written(self, docs_dir: Path, pages: Iterable[str]) -> dict[str, tuple[str, int]]:
        """The key (`incremental.unchanged.page_keys`) and size in bytes each of `pages` had when a build last wrote it to `docs_dir`."""
        prefix = f"{docs_dir.resolve()}\x00"
        found = self._get("page", (prefix + page for page in pages))
        return {key[len(prefix) :]: tuple(json.loads(value)) for key, value in found.items()}

    def store_pages_written(self, docs_dir: Path, pages: dict[str, tuple[str, int]]) -> None:
        """Remember the key and size of pages just written to (or found unchanged in) `docs_dir`."""
        prefix = f"{docs_dir.resolve()}\x00"
        self._put([("page", prefix + page, json.dumps(record)) for page, record in pages.items()])

    def site_page_keys(self) -> frozenset[str]:
        """Keys of the HTML pages kept from earlier builds (`rendered.page_key`)."""
        rows = self._db.execute("SELECT key FROM entries WHERE stage = 'site-html'").fetchall()
        return frozenset(key for (key,) in rows)

    def site_page(self, stage: str, key: str) -> str | None:
        """What is kept of the page under `key`: its HTML (`stage` "site-html") or its notes ("site-meta", JSON)."""
        found = self._db.execute("SELECT value FROM entries WHERE stage = ? AND key = ?", (stage, key)).fetchone()
        return found[0] if found else None

    def last_site_shell(self) -> str | None:
        """The shell (`rendered.shell_key`) of the last build that stored pages."""
        found = self._db.execute("SELECT value FROM entries WHERE stage = 'site-shell' AND key = 'last'").fetchone()
        return found[0] if found else None

    def store_site_pages(self, pages: dict[str, tuple[str, str]], used: Iterable[str], shell: str) -> None:
        """Keep new HTML pages, each with its notes (JSON), by key; mark the `used` ones as used by this build.

        `shell` is what all of this build's pages share.
        """
        rows = [(stage, key, value) for key, page in pages.items() for stage, value in zip(("site-html", "site-meta"), page)]
        rows.append(("site-shell", "last", shell))
        used = list(used)
        with self._db:
            self._insert(rows)
            for stage in ("site-html", "site-meta"):
                self._mark_used(stage, used)
        self.stats.count("site", hits=len(used), misses=len(pages))

    def articles_read(self, keys: Iterable[str]) -> dict[str, Article]:
        """Articles an earlier build read from files with these keys (`read.file_key`), by key."""
        hashed = {_key("read", key): key for key in keys}
        return {hashed[found]: _article(value) for found, value in self._get("read", hashed).items()}

    def store_articles_read(self, articles: dict[str, Article]) -> None:
        """Remember articles just read, by their file's key."""
        rows = [(_key("read", key), json.dumps(_article_json(article), ensure_ascii=False)) for key, article in articles.items()]
        self._put([("read", *row) for row in rows])

    def cleaned(self, keys: Iterable[str]) -> dict[str, Cleaned]:
        """The cached cleaned texts among `keys`."""
        return {key: _cleaned(value) for key, value in self._get("clean", keys).items()}

    def summaries(self, keys: Iterable[str]) -> dict[str, Summary]:
        """The cached summaries among `keys`."""
        return {key: _summary(value) for key, value in self._get("summarize", keys).items()}

    def store(self, cleaned: dict[str, Cleaned], summaries: dict[str, Summary]) -> None:
        """Keep new results (by key), in one transaction."""
        rows = [("clean", key, json.dumps(asdict(value), ensure_ascii=False)) for key, value in cleaned.items()]
        rows += [("summarize", key, json.dumps(asdict(value), ensure_ascii=False)) for key, value in summaries.items()]
        self._put(rows)

    def close(self, prune: bool = True) -> None:
        """Drop long-unused results (after a finished build only) and close the file."""
        if prune:
            oldest_kept = self._generation - KEEP_GENERATIONS + 1
            with self._db:
                self._db.execute("DELETE FROM entries WHERE (stage, key) IN "
                                 "(SELECT stage, key FROM uses WHERE generation < ?)", (oldest_kept,))
                self._db.execute("DELETE FROM uses WHERE generation < ?", (oldest_kept,))
        self._db.close()

    def _get(self, stage: str, keys: Iterable[str]) -> dict[str, str]:
        wanted = list(dict.fromkeys(keys))
        found: dict[str, str] = {}
        with self._db:
            for start in range(0, len(wanted), 500):  # SQLite limits the number of parameters
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                query = f"SELECT key, value FROM entries WHERE stage = ? AND key IN ({marks})"
                found.update(self._db.execute(query, (stage, *chunk)).fetchall())
            self._mark_used(stage, list(found))
        self.stats.count(stage, hits=len(found), misses=len(wanted) - len(found))
        return found

    def _put(self, rows: list[tuple[str, str, str | bytes]]) -> None:
        """Keep (stage, key, value) rows, used by this build, in one transaction."""
        with self._db:
            self._insert(rows)

    def _insert(self, rows: list[tuple[str, str, str | bytes]]) -> None:
        """Keep (stage, key, value) rows, used by this build (inside the caller's transaction)."""
        self._db.executemany("INSERT OR REPLACE INTO entries (stage, key, value) VALUES (?, ?, ?)", rows)
        self._mark_used_rows([(stage, key) for stage, key, _ in rows])

    def _mark_used(self, stage: str, keys: Iterable[str]) -> None:
        """Record that this build used these entries of `stage` (inside the caller's transaction)."""
        self._mark_used_rows([(stage, key) for key in keys])

    def _mark_used_rows(self, rows: list[tuple[str, str]]) -> None:
        self._db.executemany("INSERT OR REPLACE INTO uses (stage, key, generation) VALUES (?, ?, ?)",
                             [(stage, key, self._generation) for stage, key in rows])

    def _next_generation(self) -> int:
        with self._db:
            row = self._db.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()
            generation = (row[0] if row else 0) + 1
            self._db.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('generation', ?)", (generation,))
        return generation


def _connect(path: Path | None) -> sqlite3.Connection:
    """Open (or create) the cache; a damaged file is replaced by an empty cache."""
    if path is None:
        return _prepared(sqlite3.connect(":memory:"))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _prepared(sqlite3.connect(path, timeout=30))
    except sqlite3.DatabaseError as error:
        log.warning("briefing: cache %s is not readable (%s); starting an empty one", path, error)
        for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
        return _prepared(sqlite3.connect(path, timeout=30))


def _prepared(db: sqlite3.Connection) -> sqlite3.Connection:
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: a crash loses at most the last build's results
    db.executescript(_SCHEMA)
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'results'").fetchone():
        db.executescript(_OLD_LAYOUT)
    return db


def _key(stage: str, *inputs: str) -> str:
    digest = hashlib.sha256(code_fingerprint(stage).encode())
    for value in inputs:
        digest.update(b"\x00")
        digest.update(value.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@cache
def code_fingerprint(stage: str) -> str:
    """A hash of what a stage's results depend on besides their inputs: the stored format and the stage's code."""
    return hashlib.sha256(f"format {FORMAT}; {source_fingerprint(stage)}".encode()).hexdigest()


def _article_json(article: Article) -> dict:
    values = asdict(article)
    values["published"] = article.published.isoformat() if article.published else None
    return values


def _article(value: str) -> Article:
    data = json.loads(value)
    published = dt.date.fromisoformat(data["published"]) if data["published"] else None
    return Article(**{
        **data, "published": published, "tags": tuple(data["tags"]), "notes": tuple(data["notes"]),
        "extra": tuple(tuple(pair) for pair in data["extra"]),
    })


def _cleaned(value: str) -> Cleaned:
    data = json.loads(value)
    return Cleaned(data["text"], tuple(Removal(**removal) for removal in data["removals"]))


def _grouping_json(grouping: Grouping) -> dict:
    return {"stories": [story.record() for story in grouping.stories], "topics": [topic.record() for topic in grouping.topics],
            "sections": [section.record() for section in grouping.sections]}


def _grouping(value: str) -> Grouping:
    data = json.loads(value)
    stories = tuple(Story.from_record(story) for story in data["stories"])
    return Grouping(stories, tuple(Topic.from_record(topic) for topic in data["topics"]),
                    tuple(Section.from_record(section) for section in data["sections"]))


def _story_summary(value: str) -> StorySummary:
    data = json.loads(value)
    additions = {aid: tuple(sentences) for aid, sentences in data["additions"].items()}
    return StorySummary(_summary_of(data["summary"]), additions)


def _summary(value: str) -> Summary:
    return _summary_of(json.loads(value))


def _summary_of(data: dict) -> Summary:
    return Summary(tuple(data["sentences"]), data["algorithm"], tuple(data["notes"]))

"""What earlier `briefing fetch` runs took from a feed, kept in the feed's folder as `.feed.json`.

The file lives beside the articles it describes, in the content folder, not
in `.briefing/`: the cache there may be thrown away at any time, while this
record must last as long as the articles do (losing it would fetch every entry
again as a duplicate), and the scheduled workflow commits both together. Its
name starts with a dot, so the build never reads it as an article; deleting a
feed's folder forgets the feed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

STATE_FILE = ".feed.json"
FORMAT = 1
"""Bump when the file changes shape."""


@dataclass(frozen=True)
class FeedState:
    """One feed's (or, for pages fetched by their own URL, one site's) record."""

    source: str
    """The feed's URL, or the site's origin (`https://host/`) for pages asked for directly."""
    folder: str
    """The folder its articles are written to, relative to the content folder."""
    etag: str | None = None
    """The feed's last `ETag`, sent back as `If-None-Match`."""
    last_modified: str | None = None
    """The feed's last `Last-Modified`, sent back as `If-Modified-Since`."""
    entries: dict[str, str] = field(default_factory=dict)
    """Entry ids seen, each with the file written for it ('' when it was the same article as another)."""
    urls: dict[str, str] = field(default_factory=dict)
    """Links and canonical URLs of the articles written, each with its file."""

    def knows(self, entry_id: str) -> bool:
        """Whether this entry was fetched before."""
        return entry_id in self.entries

    def with_articles(self, entries: dict[str, str], urls: dict[str, str]) -> FeedState:
        """This record with more entries and URLs."""
        return replace(self, entries={**self.entries, **entries}, urls={**self.urls, **urls})


def load_states(content_dir: Path) -> dict[str, FeedState]:
    """Every feed record in the content folder's sub-folders, by source; unreadable ones are skipped (and re-made)."""
    states = {}
    for file in sorted(content_dir.glob(f"*/{STATE_FILE}")):
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
            state = FeedState(
                source=document["source"], folder=file.parent.name, etag=document.get("etag"),
                last_modified=document.get("last_modified"), entries=dict(document.get("entries", {})),
                urls=dict(document.get("urls", {})),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue
        states[state.source] = state
    return states


def state_json(state: FeedState) -> str:
    """The record as the text of its `.feed.json`, keys sorted so a run that learns nothing changes nothing."""
    document = {"format": FORMAT, "source": state.source, "etag": state.etag, "last_modified": state.last_modified,
                "entries": state.entries, "urls": state.urls}
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n"

"""The evaluation data in `../shared/data/`, read at run time (never copied into the repo)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("BRIEFING_SHARED_DATA", ROOT.parent / "shared" / "data"))
BBC = SHARED_DATA / "bbc-news-summary-dev.jsonl"
NEWS_CLUSTER = SHARED_DATA / "news-cluster.jsonl"
REUTERS = SHARED_DATA / "reuters-topics-dev.jsonl"


def records(path: Path) -> Iterator[dict]:
    """The JSON objects of a `.jsonl` file, one per line."""
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                yield json.loads(line)


def bbc() -> list[dict]:
    """BBC News Summary records: id, category, title, text, summary_sentences."""
    return list(records(BBC))


def news_cluster() -> list[dict]:
    """news_cluster records: id, story_id, title, text, description, date, source, url, ..."""
    return list(records(NEWS_CLUSTER))


def reuters() -> list[dict]:
    """Reuters-21578 wires in 10 subjects: id, topic, title, date, text."""
    return list(records(REUTERS))


def bbc_body(record: dict) -> str:
    """A BBC text without its first line (the headline) and the blank line after it."""
    return record["text"].split("\n", 2)[-1].strip("\n") if "\n\n" in record["text"] else record["text"]


def as_markdown(record: dict) -> str:
    """A record as a `.md` article with front matter, as an editor would save it."""
    meta = {"title": record["title"]}
    if record.get("source"):
        meta["source"] = record["source"]
    if record.get("url"):
        meta["url"] = record["url"]
    if record.get("date"):
        meta["published"] = str(record["date"])  # as the set writes it ("7-APR-1987 12:28:01.25")
    body = bbc_body(record) if "summary_sentences" in record else record["text"]
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=True)
    return f"---\n{front}---\n\n{body}\n"


def write_articles(folder: Path, chosen: list[dict]) -> list[Path]:
    """Write records as `.md` articles into `folder`; returns the files."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for index, record in enumerate(chosen):
        name = f"{index:05d}-{str(record['id']).replace('/', '-')[:24]}.md"
        path = folder / name
        path.write_text(as_markdown(record), encoding="utf-8")
        files.append(path)
    return files

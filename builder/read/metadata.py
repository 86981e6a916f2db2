"""An article's metadata: YAML front matter, and values checked whatever they came from.

Front matter (`---` lines around YAML at the top of a Markdown file) and a
saved web page's `<meta>` tags give the same keys. Every value of the wrong
type is left out with a note naming the key and the cause; unknown keys are
kept as text and noted, so nothing is dropped without a word.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

import yaml

from builder.read.decoding import CONTROL_CHARACTERS

MAX_EXTRA_CHARACTERS = 500
"""An unknown front-matter value is kept as text up to this length."""

KNOWN_KEYS = ("title", "source", "url", "author", "published", "date", "tags", "language", "topic", "section", "fetched")
"""Front-matter keys the builder knows (`fetched`, written by `briefing fetch`, is kept for editors, not shown)."""
LANGUAGES = {
    "en": "english", "de": "german", "fr": "french", "es": "spanish", "it": "italian",
    "pt": "portuguese", "sv": "swedish", "cs": "czech",
}
"""Languages sumy has both stop words and a stemmer for, by ISO 639-1 code."""
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_FAST_YAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML has it: the same values, many times as fast as PyYAML's own."""


def front_matter(text: str, notes: list[str]) -> tuple[dict, str]:
    """The checked values of the front matter `text` begins with, and the text after it.

    Front matter that cannot be read (not closed, not YAML, not a mapping, or
    with aliases that could expand without limit) is noted and ignored.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        opening = re.match(r"\A---[ \t]*\n", text)
        if opening:
            notes.append("front matter has no closing line of ---; everything after the first line is read as text")
            return {}, text[opening.end() :]
        return {}, text
    body = text[match.end() :]
    try:
        try:
            events = list(yaml.parse(match.group(1), Loader=_FAST_YAML))
        except yaml.YAMLError:  # libyaml refuses some things PyYAML reads (escaped lone surrogates); its messages differ
            events = list(yaml.parse(match.group(1), Loader=yaml.SafeLoader))
        if any(isinstance(event, yaml.AliasEvent) for event in events):
            notes.append("front matter uses YAML aliases (*name), which can expand without limit; it was ignored")
            return {}, body
        try:
            loaded = yaml.load(match.group(1), Loader=_FAST_YAML)
        except yaml.YAMLError:
            loaded = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        notes.append(f"front matter is not valid YAML{_where(error)}; it was ignored")
        return {}, body
    if loaded is None:
        return {}, body
    if not isinstance(loaded, dict):
        notes.append("front matter is not a mapping of keys to values; it was ignored")
        return {}, body
    return validated(loaded, notes), body



def _where(error: yaml.YAMLError) -> str:
    """` (line N: what is wrong)`, counting lines from the top of the file."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None)
    details = [f"line {mark.line + 2}"] if mark else []
    details += [" ".join(str(problem).split())] if problem else []
    return f" ({': '.join(details)})" if details else ""


def validated(meta: dict, notes: list[str]) -> dict:
    """Keep the values whose type is right; note every other one once."""
    clean: dict = {"extra": []}
    for key, value in meta.items():
        key = _as_text(key)
        if key not in KNOWN_KEYS:
            clean["extra"].append((key, _as_text(value)))
            notes.append(f"unknown front-matter key '{key}' kept but not used")
            continue
        if value is None:
            continue
        checked = _checked_value(key, value)
        if isinstance(checked, _Invalid):
            notes.append(f"front-matter key '{key}': {checked.reason}; it was ignored")
        else:
            clean["published" if key == "date" else key] = checked
    return clean


def _as_text(value: object) -> str:
    """A front-matter value as text, shortened so no value can blow up a page."""
    try:
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):  # mappings with keys JSON cannot hold
        text = str(value)
    text = CONTROL_CHARACTERS.sub("", text)
    return text if len(text) <= MAX_EXTRA_CHARACTERS else text[: MAX_EXTRA_CHARACTERS - 1] + "…"


_MONTH_NAME = re.compile(r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
                         r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b", re.IGNORECASE)
"""An English month's name or its abbreviation, as a whole word (not "market" or "decided")."""
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
MAX_DATE_CHARACTERS = 60
"""Longer text is no date, whatever words it holds."""


@dataclass(frozen=True)
class _Invalid:
    reason: str


def _checked_value(key: str, value: object) -> object:
    if key in ("published", "date"):
        return parse_date(value)
    if key == "tags":
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, list) and all(isinstance(tag, (str, int, float)) for tag in value):
            return tuple(tag for tag in (_as_text(tag).strip() for tag in value) if tag)
        return _Invalid(f"expected a list of words, got {type(value).__name__} {value!r}")
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return _Invalid(f"expected text, got {type(value).__name__}")
    # YAML escapes can spell control characters and lone surrogates that no file holds.
    return CONTROL_CHARACTERS.sub("", str(value)).strip()


def parse_date(value: object) -> dt.date | _Invalid:
    """The date a YAML date, an ISO 8601 text or a date written with its month's name names, or why it names none.

    "March 3, 2018", "3 March 2018", "18-MAR-1987" and feed dates ("Tue, 03 Mar
    2018 10:00:00 GMT") are read; a date of numbers alone other than ISO
    ("03/04/2018") is refused, since it is the 3rd of April in one country and
    the 4th of March in another.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
        except ValueError:
            pass
        named = _date_with_month_name(value)
        if named:
            return named
    return _Invalid(f"expected a date like 2025-07-09 or 9 July 2025, got {value!r}")


def _date_with_month_name(text: str) -> dt.date | None:
    """The date of a text that names its month in English ("Mar", "March"), with a four-digit year; else None."""
    from dateutil import parser

    if not _MONTH_NAME.search(text) or not _YEAR.search(text) or len(text) > MAX_DATE_CHARACTERS:
        return None
    try:
        # Read with two different default days: a text that names no day ("May 2018") gives two dates.
        first, second = (parser.parse(text, default=dt.datetime(2000, 1, day)).date() for day in (1, 2))
    except (ValueError, OverflowError):
        return None
    return first if first == second else None


def language(value: str | None, notes: list[str]) -> str:
    """The language to summarize in, by sumy's name, from a code or a name; English (noted) if unsupported."""
    if not value:
        return "english"
    name = LANGUAGES.get(value.lower()[:2], value.lower()) if len(value) <= 5 else value.lower()
    if name not in LANGUAGES.values():
        notes.append(f"language {value!r} is not supported; summarized as English")
        return "english"
    return name

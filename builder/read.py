"""Stage 1: read the content folder into `Article`s and `Problem`s.

Plain text (`.txt`), Markdown with optional YAML front matter (`.md`,
`.markdown`) and saved web pages (`.html`, `.htm`) are read from any
sub-folder. A file that cannot be read becomes a `Problem` naming the file and
the cause; it never stops the other files.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import html_text
from .errors import ArticleError
from .model import Article, Problem
from .slugs import article_id, article_page
from .tokenizer import sentences

TEXT_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES

MAX_FILE_BYTES = 20_000_000
"""Larger files are refused: no news article is 20 MB; it is a mistake or an attack."""
MAX_TEXT_CHARACTERS = 200_000
"""Longer texts are cut here (and say so), so one article cannot make the build slow."""

KNOWN_KEYS = ("title", "source", "url", "author", "published", "date", "tags", "language", "topic")
LANGUAGES = {
    "en": "english", "de": "german", "fr": "french", "es": "spanish", "it": "italian",
    "pt": "portuguese", "sv": "swedish", "cs": "czech",
}
"""Languages sumy has both stop words and a stemmer for, by ISO 639-1 code."""
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Reading:
    """What reading the content folder produced."""

    articles: tuple[Article, ...]
    """Every article that can be published, in path order."""
    problems: tuple[Problem, ...]
    """Every file that cannot be published, and warnings about those that can."""


def read_content(content_dir: Path) -> Reading:
    """Read every supported file below `content_dir`; report the others."""
    articles: list[Article] = []
    problems: list[Problem] = []
    root = content_dir.resolve()
    for file in sorted(_candidate_files(content_dir)):
        relative = file.relative_to(content_dir).as_posix()
        try:
            article = read_article(file, relative, root)
        except ArticleError as error:
            problems.append(Problem(relative, error.cause))
            continue
        if article is None:
            continue
        articles.append(article)
        problems.extend(Problem(relative, note, fatal=False) for note in article.notes)
    return Reading(tuple(articles), tuple(problems))


def _candidate_files(content_dir: Path) -> list[Path]:
    if not content_dir.is_dir():
        raise ArticleError(str(content_dir), "the content folder does not exist")
    return [path for path in content_dir.rglob("*") if not path.is_dir() and not _hidden(path, content_dir)]


def _hidden(path: Path, content_dir: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(content_dir).parts)


def read_article(file: Path, relative: str, root: Path) -> Article | None:
    """Read one file into an `Article`; raise `ArticleError` when it cannot be published.

    Returns None for files that are not articles and need no message (README files).
    """
    suffix = file.suffix.lower()
    if file.name.lower() in {"readme.md", "readme.txt", "readme"}:
        return None
    if suffix not in SUPPORTED_SUFFIXES:
        raise ArticleError(relative, f"unsupported file type '{suffix or file.name}' (use .txt, .md or .html)")
    if file.is_symlink() and not file.resolve().is_relative_to(root):
        raise ArticleError(relative, "symbolic link to a file outside the content folder; not followed")
    text, notes = decode(_read_bytes(file, relative), relative)
    if suffix in MARKDOWN_SUFFIXES:
        return _markdown_article(text, relative, notes)
    if suffix in HTML_SUFFIXES:
        return _html_article(text, relative, notes)
    return _text_article(text, relative, notes)


def _read_bytes(file: Path, relative: str) -> bytes:
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ArticleError(relative, f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit")
        return file.read_bytes()
    except OSError as error:
        raise ArticleError(relative, f"cannot be read ({error.strerror or error})") from error


def decode(data: bytes, relative: str) -> tuple[str, list[str]]:
    """Bytes to text: UTF-8, UTF-16 with a byte-order mark, else Windows-1252.

    Returns the text with line endings made `\\n`, and notes about the decoding.
    """
    notes: list[str] = []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    elif b"\x00" in data[:4096]:
        raise ArticleError(relative, "binary file (contains NUL bytes), not text")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
            notes.append("not valid UTF-8; decoded as Windows-1252 (Latin-1)")
    if _looks_binary(text):
        raise ArticleError(relative, "binary file (mostly control characters), not text")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_TEXT_CHARACTERS:
        text = text[:MAX_TEXT_CHARACTERS]
        notes.append(f"text cut to its first {MAX_TEXT_CHARACTERS:,} characters")
    return text, notes


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\n\r\t\f")
    return controls / len(sample) > 0.1


def _text_article(text: str, relative: str, notes: list[str]) -> Article:
    lines = text.strip("\n").split("\n")
    first = lines[0].strip() if lines else ""
    if len(lines) > 2 and not lines[1].strip() and _is_headline(first):
        return _article(relative, first, "\n".join(lines[2:]), {}, notes)
    return _article(relative, "", text, {}, notes)


def _is_headline(line: str) -> bool:
    return 0 < len(line) <= 200 and not re.search(r"[.!?:;,]$", line)


def _markdown_article(text: str, relative: str, notes: list[str]) -> Article:
    meta, body = _front_matter(text, relative, notes)
    title = meta.get("title") or ""
    if not title:
        heading = re.match(r"\A\s*#\s+(.+?)\s*#*\s*(?:\n|\Z)", body)
        if heading:
            title, body = heading.group(1), body[heading.end() :]
    return _article(relative, title, body, meta, notes)


def _html_article(text: str, relative: str, notes: list[str]) -> Article:
    page = html_text.extract(text)
    meta = _validated({key: value for key, value in page.meta.items() if value}, notes)
    return _article(relative, page.title, page.text, meta, notes)


def _front_matter(text: str, relative: str, notes: list[str]) -> tuple[dict, str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    body = text[match.end() :]
    try:
        loaded = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        notes.append(f"front matter is not valid YAML{where}; it was ignored")
        return {}, body
    if loaded is None:
        return {}, body
    if not isinstance(loaded, dict):
        notes.append("front matter is not a mapping of keys to values; it was ignored")
        return {}, body
    return _validated(loaded, notes), body


def _validated(meta: dict, notes: list[str]) -> dict:
    """Keep the values whose type is right; note every other one once."""
    clean: dict = {"extra": []}
    for key, value in meta.items():
        key = str(key)
        if key not in KNOWN_KEYS:
            clean["extra"].append((key, str(value)))
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


@dataclass(frozen=True)
class _Invalid:
    reason: str


def _checked_value(key: str, value: object) -> object:
    if key in ("published", "date"):
        return _parse_date(value)
    if key == "tags":
        if isinstance(value, str):
            return tuple(tag.strip() for tag in value.split(",") if tag.strip())
        if isinstance(value, list) and all(isinstance(tag, (str, int, float)) for tag in value):
            return tuple(str(tag) for tag in value)
        return _Invalid(f"expected a list of words, got {type(value).__name__} {value!r}")
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return _Invalid(f"expected text, got {type(value).__name__}")
    return str(value).strip()


def _parse_date(value: object) -> dt.date | _Invalid:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00")).date()
        except ValueError:
            pass
    return _Invalid(f"expected a date like 2025-07-09, got {value!r}")


def _article(relative: str, title: str, body: str, meta: dict, notes: list[str]) -> Article:
    body = body.strip("\n")
    title = " ".join(str(title).split())
    if not body.strip() and not title:
        raise ArticleError(relative, "empty file (no title and no text)")
    if not title:
        title = _inferred_title(body, relative)
    url = meta.get("url")
    if url and not re.match(r"https?://", url, re.IGNORECASE):
        notes.append(f"url {url!r} is not an http(s) link; it is shown as text only")
        url = None
    return Article(
        id=article_id(relative),
        path=relative,
        title=title,
        text=body,
        source=meta.get("source") or None,
        url=url or None,
        author=meta.get("author") or None,
        published=meta.get("published"),
        tags=meta.get("tags", ()),
        language=_language(meta.get("language"), notes),
        topic=meta.get("topic") or None,
        page=article_page(title, relative),
        extra=tuple(meta.get("extra", ())),
        notes=tuple(notes),
    )


def _inferred_title(body: str, relative: str) -> str:
    """The first sentence, shortened to a headline; the file name if there is none."""
    found = sentences(body[:2000])
    if not found:
        return Path(relative).stem
    words = found[0].split()
    if len(words) <= 16:
        return found[0].rstrip(".")
    return " ".join(words[:14]).rstrip(",;:—-") + "…"


def _language(value: str | None, notes: list[str]) -> str:
    if not value:
        return "english"
    name = LANGUAGES.get(value.lower()[:2], value.lower()) if len(value) <= 5 else value.lower()
    if name not in LANGUAGES.values():
        notes.append(f"language {value!r} is not supported; summarized as English")
        return "english"
    return name

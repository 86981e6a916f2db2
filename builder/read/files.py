"""Stage 1: read the content folder into `Article`s and `Problem`s.

Plain text (`.txt`), Markdown with optional YAML front matter (`.md`,
`.markdown`) and saved web pages (`.html`, `.htm`) are read from any
sub-folder. A file that cannot be published becomes a `Problem` naming the
file and the cause; one that can is published even when something about it is
wrong (its encoding, a front-matter value), with a warning saying what. No file
stops the others, and none is dropped without a word.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import yaml

from builder.read import web_page as html_text
from builder.clean import without_dateline
from builder.model.errors import ArticleError
from builder.render.markup import safe_url
from builder.model import Article, Problem
from builder.read.slugs import article_id, article_page, distinct
from builder.read.sentences import sentences

TEXT_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES

MAX_TEXT_CHARACTERS = 200_000
"""Longer texts are cut here (and say so), so one article cannot make the build slow."""
MAX_READ_BYTES = 4 * MAX_TEXT_CHARACTERS + 4
"""Bytes read at most: enough for `MAX_TEXT_CHARACTERS` in any encoding; a 50 MB file is never loaded whole."""
MAX_PAGE_BYTES = 5_000_000
"""Bytes of a saved web page read at most: its markup, scripts and styles are many times its text (one news page in ten is over 250 kB)."""
MAX_EXTRA_CHARACTERS = 500
"""An unknown front-matter value is kept as text up to this length."""

KNOWN_KEYS = ("title", "source", "url", "author", "published", "date", "tags", "language", "topic", "fetched")
"""Front-matter keys the builder knows (`fetched`, written by `briefing fetch`, is kept for editors, not shown)."""
LANGUAGES = {
    "en": "english", "de": "german", "fr": "french", "es": "spanish", "it": "italian",
    "pt": "portuguese", "sv": "swedish", "cs": "czech",
}
"""Languages sumy has both stop words and a stemmer for, by ISO 639-1 code."""
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SIGNATURES = {
    b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image", b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or an Office document)", b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "a program", b"RIFF": "a RIFF media file",
}
"""How common binary files begin, to say what a file is when it is not text."""
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Reading:
    """What reading the content folder produced."""

    articles: tuple[Article, ...]
    """Every article that can be published, in path order."""
    problems: tuple[Problem, ...]
    """Every file that cannot be published, and warnings about those that can."""


class ReadArticles(Protocol):
    """Articles an earlier build read, by `file_key` (the cache)."""

    def articles_read(self, keys: Iterable[str]) -> dict[str, Article]:
        """The articles read from files with these keys, where known."""

    def store_articles_read(self, articles: dict[str, Article]) -> None:
        """Remember articles just read, by their file's key."""


def read_content(content_dir: Path, earlier: ReadArticles | None = None) -> Reading:
    """Read every supported file below `content_dir`; report the others.

    A regular file that `earlier` read with the same `file_key` (path, size,
    modification and change times, inode) is not read again.
    """
    articles: list[Article] = []
    problems: list[Problem] = []
    root = content_dir.resolve()
    files = [(file, file.relative_to(content_dir).as_posix()) for file in _candidate_files(content_dir)]
    keys = {relative: file_key(file, relative) for file, relative in files}
    known = earlier.articles_read(key for key in keys.values() if key) if earlier else {}
    new: dict[str, Article] = {}
    for file, relative in files:
        article = known.get(keys[relative])
        if article is None:
            try:
                article = read_article(file, relative, root)
            except ArticleError as error:
                problems.append(Problem(relative, error.cause))
                continue
            if article is None:
                continue
            if keys[relative]:
                new[keys[relative]] = article
        articles.append(article)
        problems.extend(Problem(relative, note, fatal=False) for note in article.notes)
    if earlier and new:
        earlier.store_articles_read(new)
    return Reading(_with_distinct_names(articles), tuple(problems))


def file_key(file: Path, relative: str) -> str | None:
    """What tells whether a regular file changed since it was read; None for anything else (links are read afresh).

    Editors and `git checkout` change the size or the modification time, and
    every write changes the change time (which no tool can set back).
    """
    try:
        status = file.lstat()
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    return f"{relative}\x00{status.st_size}\x00{status.st_mtime_ns}\x00{status.st_ctime_ns}\x00{status.st_ino}"


def _candidate_files(content_dir: Path) -> list[Path]:
    """Every file and symbolic link below `content_dir`, in path order, without hidden ones.

    Symbolic links to folders are listed, not entered, so `read_article`
    reports them instead of the walk following them out of the folder or in
    circles.
    """
    if not content_dir.is_dir():
        raise ArticleError(str(content_dir), "the content folder does not exist")
    found = []
    for folder, subfolders, files in os.walk(content_dir):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        links = [name for name in subfolders if os.path.islink(os.path.join(folder, name))]
        found += [Path(folder, name) for name in files + links if not name.startswith(".")]
    return sorted(found, key=lambda path: path.relative_to(content_dir).as_posix())


def _with_distinct_names(articles: list[Article]) -> tuple[Article, ...]:
    """The articles with ids and pages that no two of them share, even if their hashes collide."""
    ids = distinct((article.path, article.id) for article in articles)
    pages = distinct((article.path, article.page) for article in articles)
    return tuple(replace(article, id=ids[article.path], page=pages[article.path]) for article in articles)


def read_article(file: Path, relative: str, root: Path) -> Article | None:
    """Read one file into an `Article`; raise `ArticleError` when it cannot be published.

    Returns None for files that are not articles and need no message (README files).
    """
    suffix = file.suffix.lower()
    if file.name.lower() in {"readme.md", "readme.txt", "readme"}:
        return None
    if file.is_symlink():
        _check_link(file, relative, root)
    if suffix not in SUPPORTED_SUFFIXES:
        raise ArticleError(relative, f"unsupported file type '{suffix or file.name}' (use .txt, .md or .html)")
    page = suffix in HTML_SUFFIXES  # its text is cut after extraction, not its markup
    data, size = _read_bytes(file, relative, MAX_PAGE_BYTES if page else MAX_READ_BYTES)
    declared = _declared_charset(data) if page else None
    text, notes = decode(data, relative, declared, complete=len(data) == size, limit=MAX_PAGE_BYTES if page else MAX_TEXT_CHARACTERS)
    if len(data) < size:
        part = f"{len(data):,} bytes are read" if page else f"{len(text):,} characters are published"
        notes.append(f"file is {size:,} bytes; only its first {part}")
    if suffix in MARKDOWN_SUFFIXES:
        return _markdown_article(text, relative, notes)
    if suffix in HTML_SUFFIXES:
        return _html_article(text, relative, notes)
    return _text_article(text, relative, notes)


def _check_link(file: Path, relative: str, root: Path) -> None:
    try:
        target = file.resolve(strict=True)
    except FileNotFoundError as error:
        raise ArticleError(relative, "broken symbolic link (its target does not exist)") from error
    except (OSError, RuntimeError) as error:
        raise ArticleError(relative, "symbolic link that cannot be followed (a loop?)") from error
    if not target.is_relative_to(root):
        kind = "folder" if target.is_dir() else "file"
        raise ArticleError(relative, f"symbolic link to a {kind} outside the content folder; not followed")
    if target.is_dir():
        raise ArticleError(relative, "symbolic link to a folder; not followed (its articles are read where they are)")


def _read_bytes(file: Path, relative: str, limit: int) -> tuple[bytes, int]:
    """The file's first `limit` bytes and its size; only regular files are opened for reading.

    Opening without blocking and checking the opened file itself means a FIFO,
    socket or device named like an article can neither hang nor fool the build.
    """
    try:
        descriptor = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        raise ArticleError(relative, f"cannot be read ({error.strerror or error})") from error
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise ArticleError(relative, f"not a regular file ({_file_kind(status.st_mode)}); not read")
        try:
            return stream.read(limit), status.st_size
        except OSError as error:
            raise ArticleError(relative, f"cannot be read ({error.strerror or error})") from error


def _file_kind(mode: int) -> str:
    kinds = {stat.S_ISFIFO: "a named pipe", stat.S_ISSOCK: "a socket", stat.S_ISCHR: "a character device",
             stat.S_ISBLK: "a block device", stat.S_ISDIR: "a folder"}
    return next((name for test, name in kinds.items() if test(mode)), "not a regular file")


def _declared_charset(data: bytes) -> str | None:
    """The encoding a web page declares in `<meta charset>`, if Python knows it."""
    match = _HTML_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    # Browsers read pages labelled Latin-1 or ASCII as Windows-1252, and a page
    # labelled UTF-8 that is not valid UTF-8 is best read that way too.
    return None if name in {"utf-8", "utf-8-sig", "iso8859-1", "latin-1", "ascii"} else name


def decode(data: bytes, relative: str, declared: str | None = None, complete: bool = True,
           limit: int = MAX_TEXT_CHARACTERS) -> tuple[str, list[str]]:
    """Bytes to text, with notes: a byte-order mark, else UTF-8, else the declared encoding, else Windows-1252.

    Line endings become `\\n`, control characters are removed (they are
    invisible, and some would be read as markup placeholders), and the text is
    cut at `limit` characters. `complete` is False when `data` is only the
    beginning of the file, so a character cut in half at the end is dropped.
    """
    notes: list[str] = []
    if not data.strip():
        raise ArticleError(relative, "only white space, no text" if data else "empty file (0 bytes)")
    encoding = _bom_encoding(data)
    if encoding is None:
        encoding = "utf-8" if _decodes(data, "utf-8", complete) else (declared or "cp1252")
        if encoding != "utf-8":
            named = "Windows-1252 (Latin-1)" if encoding == "cp1252" else f"{encoding} (as the page declares)"
            notes.append(f"not valid UTF-8; decoded as {named}")
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace" if encoding != "cp1252" else "latin1_fallback")
    text = decoder.decode(data, final=complete)
    if _looks_binary(text):
        raise ArticleError(relative, f"{_binary_kind(data)}, not text")
    text = re.sub(r"\r\n?|[\x85\u2028\u2029]", "\n", text)
    text, removed = _CONTROL_CHARACTERS.subn("", text)
    if removed:
        notes.append(f"{removed} control character{'s' if removed > 1 else ''} removed")
    return _cut(text, limit, notes if complete else []), notes  # when not complete, the caller says how much was read


def _cut(text: str, limit: int, notes: list[str]) -> str:
    """The text cut at `limit` characters, with a note saying so."""
    if len(text) <= limit:
        return text
    notes.append(f"text cut to its first {limit:,} characters")
    return text[:limit]


def _bom_encoding(data: bytes) -> str | None:
    # UTF-32 first: its little-endian mark begins with UTF-16's.
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
                          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return encoding
    return None


def _decodes(data: bytes, encoding: str, complete: bool) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def _latin1_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    """The five bytes Windows-1252 leaves undefined decode as in Latin-1 (control characters, removed later)."""
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("latin1_fallback", _latin1_fallback)


_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
"""Characters below 32 other than tab, line feed, form feed and carriage return: rare in text."""


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    return len(_BINARY_CONTROLS.findall(sample)) / len(sample) > 0.1


def _binary_kind(data: bytes) -> str:
    kind = next((name for signature, name in _SIGNATURES.items() if data.startswith(signature)), None)
    return f"binary file ({kind})" if kind else "binary file"


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
    if page.title and not page.text:
        raise ArticleError(relative, "no article found in the page (only a title, menus or links)")
    meta = _validated({key: value for key, value in page.meta.items() if value}, notes)
    return _article(relative, page.title, _cut(page.text, MAX_TEXT_CHARACTERS, notes), meta, notes)


def _front_matter(text: str, relative: str, notes: list[str]) -> tuple[dict, str]:
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
    return _validated(loaded, notes), body


_FAST_YAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML has it: the same values, many times as fast as PyYAML's own."""


def _where(error: yaml.YAMLError) -> str:
    """` (line N: what is wrong)`, counting lines from the top of the file."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None)
    details = [f"line {mark.line + 2}"] if mark else []
    details += [" ".join(str(problem).split())] if problem else []
    return f" ({': '.join(details)})" if details else ""


def _validated(meta: dict, notes: list[str]) -> dict:
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
    text = _CONTROL_CHARACTERS.sub("", text)
    return text if len(text) <= MAX_EXTRA_CHARACTERS else text[: MAX_EXTRA_CHARACTERS - 1] + "…"


@dataclass(frozen=True)
class _Invalid:
    reason: str


def _checked_value(key: str, value: object) -> object:
    if key in ("published", "date"):
        return _parse_date(value)
    if key == "tags":
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, list) and all(isinstance(tag, (str, int, float)) for tag in value):
            return tuple(tag for tag in (_as_text(tag).strip() for tag in value) if tag)
        return _Invalid(f"expected a list of words, got {type(value).__name__} {value!r}")
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return _Invalid(f"expected text, got {type(value).__name__}")
    # YAML escapes can spell control characters and lone surrogates that no file holds.
    return _CONTROL_CHARACTERS.sub("", str(value)).strip()


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
        raise ArticleError(relative, "no title and no text")
    if not title:
        title = _inferred_title(body, relative)
    url = meta.get("url")
    if url and safe_url(url) is None:
        notes.append(f"url {url!r} is not a plain http(s) link; it is shown as text only")
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
    """The first sentence without its dateline, shortened to a headline; the file name if there is none."""
    found = sentences(without_dateline(body[:2000]))
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

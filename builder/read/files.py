"""Stage 1: read the content folder into `Article`s and `Problem`s.

Plain text (`.txt`), Markdown with optional YAML front matter (`.md`,
`.markdown`) and saved web pages (`.html`, `.htm`) are read from any
sub-folder. A file that cannot be published becomes a `Problem` naming the
file and the cause; one that can is published even when something about it is
wrong (its encoding, a front-matter value), with a warning saying what. No file
stops the others, and none is dropped without a word.

This module walks the folder and checks each file before it is opened;
`decoding` turns its bytes into text, `formats` that text into an `Article`,
with `metadata` checking what its front matter or `<meta>` tags say.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from builder.model import Article, Problem
from builder.model.errors import ArticleError
from builder.read.decoding import MAX_TEXT_CHARACTERS, decode, declared_charset
from builder.read.formats import html_article, markdown_article, text_article
from builder.read.slugs import distinct

TEXT_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES

MAX_READ_BYTES = 4 * MAX_TEXT_CHARACTERS + 4
"""Bytes read at most: enough for `MAX_TEXT_CHARACTERS` in any encoding; a 50 MB file is never loaded whole."""
MAX_PAGE_BYTES = 5_000_000
"""Bytes of a saved web page read at most: its markup, scripts and styles are many times its text (one news page in ten is over 250 kB)."""


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
    declared = declared_charset(data) if page else None
    text, notes = decode(data, relative, declared, complete=len(data) == size,
                         limit=MAX_PAGE_BYTES if page else MAX_TEXT_CHARACTERS)
    if len(data) < size:
        part = f"{len(data):,} bytes are read" if page else f"{len(text):,} characters are published"
        notes.append(f"file is {size:,} bytes; only its first {part}")
    if suffix in MARKDOWN_SUFFIXES:
        return markdown_article(text, relative, notes)
    if suffix in HTML_SUFFIXES:
        return html_article(text, relative, notes)
    return text_article(text, relative, notes)


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

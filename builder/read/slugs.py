"""Safe, stable page names.

A page name is made of letters, digits and hyphens only, so no title or file
name can reach outside its folder (`../`, `/`, `\\`), hide itself (a leading
dot) or differ from another only by case. Article pages add a hash of the
article's path to a readable slug of its title, and `distinct` settles the
astronomically rare case where two of them still come out the same.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

MAX_SLUG_LENGTH = 60
"""Characters of a slug at most; with the hash and `index.html` a page's folder stays far below 255 bytes."""


def slugify(text: str, fallback: str = "untitled") -> str:
    """Lower-case ASCII words joined by hyphens; `fallback` when nothing is left.

    Non-Latin titles, punctuation-only titles and path tricks such as `../`
    all end up as plain `[a-z0-9-]` names that cannot leave their folder.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return _shortened(slug) or fallback


def readable_slug(text: str, fallback: str) -> str:
    """Like `slugify`, but a title in a non-Latin script keeps its own letters.

    "Storm closes road" gives `storm-closes-road`; "风暴关闭沿海公路" gives
    `风暴关闭沿海公路` rather than nothing, without guessing a transliteration.
    Only letters, combining marks and digits survive, joined by hyphens.
    """
    if not _has_non_latin_letters(text):
        return slugify(text, fallback)
    folded = unicodedata.normalize("NFKC", text).casefold()
    spaced = "".join(char if _is_word_character(char) else " " for char in folded)
    return _shortened("-".join(spaced.split())) or fallback


def _has_non_latin_letters(text: str) -> bool:
    return any(char.isalpha() and not _ascii_base(char) for char in text)


def _ascii_base(char: str) -> str:
    return unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")


def _is_word_character(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMN"


def _shortened(slug: str) -> str:
    if len(slug) <= MAX_SLUG_LENGTH:
        return slug
    return slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0] or slug[:MAX_SLUG_LENGTH]


def short_hash(text: str, length: int = 6) -> str:
    """A short, stable hexadecimal digest of `text`."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def article_id(path: str) -> str:
    """An article's id: depends on its path in the content folder only."""
    return short_hash(path, 10)


def article_page(title: str, path: str) -> str:
    """An article's page: readable from the title, unique (almost always) from the path."""
    return f"articles/{readable_slug(title, 'article')}-{short_hash(path, 8)}.md"


def distinct(names: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Make names that several paths share unique: `{path: name}` from `(path, name)` pairs.

    Names are compared without case (some file systems ignore it). Of the
    paths sharing a name, the first in path order keeps it and the others get
    the full hash of their path before the suffix, then a counter if even that
    is taken, so the outcome depends on the set of paths only.
    """
    result: dict[str, str] = {}
    taken: set[str] = set()
    pending: list[tuple[str, str]] = []
    for path, name in sorted(names):
        if name.casefold() in taken:
            pending.append((path, name))
        else:
            taken.add(name.casefold())
            result[path] = name
    for path, name in pending:
        stem, dot, suffix = name.rpartition(".") if name.endswith(".md") else (name, "", "")
        candidate, number = f"{stem}-{short_hash(path, 40)}{dot}{suffix}", 2
        while candidate.casefold() in taken:
            candidate, number = f"{stem}-{short_hash(path, 40)}-{number}{dot}{suffix}", number + 1
        taken.add(candidate.casefold())
        result[path] = candidate
    return result

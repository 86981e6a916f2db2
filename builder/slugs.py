"""Safe, stable page names."""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_SLUG_LENGTH = 60


def slugify(text: str, fallback: str = "untitled") -> str:
    """Lower-case ASCII words joined by hyphens; `fallback` when nothing is left.

    Non-Latin titles, punctuation-only titles and path tricks such as `../`
    all end up as plain `[a-z0-9-]` names that cannot leave their folder.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        slug = slug[:MAX_SLUG_LENGTH].rsplit("-", 1)[0] or slug[:MAX_SLUG_LENGTH]
    return slug or fallback


def short_hash(text: str, length: int = 6) -> str:
    """A short, stable hexadecimal digest of `text`."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def article_id(path: str) -> str:
    """An article's id: depends on its path in the content folder only."""
    return short_hash(path, 10)


def article_page(title: str, path: str) -> str:
    """An article's page: readable from the title, unique from the path."""
    return f"articles/{slugify(title, 'article')}-{short_hash(path, 8)}.md"

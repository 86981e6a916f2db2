"""Which links an article may carry onto a page: absolute http(s) URLs without tricks.

Reading checks an article's `url` with it (and says so when one is shown as
text only); the renderer checks every link again before it writes one.
"""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) link without tricks, else None."""
    if not url:
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(character in url for character in "<>\"' \n\t`"):
        return None
    return url

"""The whole exception hierarchy of the builder."""

from __future__ import annotations


class BriefingError(Exception):
    """Base of every error the builder raises on purpose."""


class ConfigError(BriefingError):
    """The configuration is invalid; the message lists every bad key."""


class ArticleError(BriefingError):
    """One article cannot be published; the build goes on without it."""

    def __init__(self, path: str, cause: str) -> None:
        super().__init__(f"{path}: {cause}")
        self.path = path
        """The file, relative to the content folder."""
        self.cause = cause
        """Why it cannot be published."""


class Abort(BriefingError):
    """Stop the command cleanly with this message and a failing exit, no traceback."""


class FetchError(BriefingError):
    """One URL could not be fetched or read; `briefing fetch` goes on with the others."""

    def __init__(self, url: str, cause: str) -> None:
        super().__init__(f"{url}: {cause}")
        self.url = url
        """The URL asked for (the feed's or the page's)."""
        self.cause = cause
        """Why it gave nothing, in words an editor can act on."""

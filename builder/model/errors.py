"""The whole exception hierarchy of the builder."""

from __future__ import annotations


class BriefingError(Exception):
    """Base of every error the builder raises on purpose."""


class ConfigError(BriefingError):
    """The configuration is invalid; the message lists every bad key."""


class PlaceError(BriefingError):
    """One place (a file, a URL) gave nothing usable; the run goes on with the others."""

    def __init__(self, where: str, cause: str) -> None:
        super().__init__(f"{where}: {cause}")
        self.where = where
        """The file or URL, as the editor knows it."""
        self.cause = cause
        """What went wrong, in words an editor can act on."""


class ArticleError(PlaceError):
    """One article cannot be published; the build goes on without it."""

    @property
    def path(self) -> str:
        """The file, relative to the content folder."""
        return self.where


class Abort(BriefingError):
    """Stop the command cleanly with this message and a failing exit, no traceback."""


class FetchError(PlaceError):
    """One URL could not be fetched or read; `briefing fetch` goes on with the others."""

    @property
    def url(self) -> str:
        """The URL asked for (the feed's or the page's)."""
        return self.where

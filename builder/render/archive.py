"""The ways into the briefing besides topics: the front page order, editions by day, outlets.

Everything here is derived from the `Digest` and its dates only. A story's date
is the newest publication date among its articles; an article without a date
is never given one: it goes to the "undated" edition and ranks after dated news.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from builder.model import UNKNOWN_OUTLET_LABEL, Article, Digest, Story
from builder.read.slugs import readable_slug, short_hash

HALF_LIFE_DAYS = 1.0
"""A story a day older needs twice the sources to rank as high on the front page."""
UNDATED = "undated"
"""Slug of the edition of articles without a publication date."""
UNKNOWN_OUTLET = "unknown-outlet"
"""Slug of the page of articles whose outlet is not known."""
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Edition:
    """The stories with an article published on one day (or with no date at all)."""

    date: dt.date | None
    """The day; None for the edition of undated articles."""
    story_ids: tuple[str, ...]
    """Stories with at least one article of that day, in front-page order."""
    article_ids: tuple[str, ...]
    """The articles of that day, in `Article.sort_key` order."""

    @property
    def slug(self) -> str:
        """`2025-07-09`, or `undated`."""
        return self.date.isoformat() if self.date else UNDATED

    @property
    def page(self) -> str:
        """The edition's page, relative to the docs folder."""
        return f"archive/{self.slug}.md"

    @property
    def label(self) -> str:
        """`Wednesday 9 July 2025`, or `Undated articles`."""
        return long_date(self.date, weekday=True) if self.date else "Undated articles"


@dataclass(frozen=True)
class Outlet:
    """One source of articles, with a page of its own."""

    name: str | None
    """The outlet as front matter names it; None for articles whose outlet is not known."""
    slug: str
    """The page slug, made from the name (see `outlet_slug`)."""
    article_ids: tuple[str, ...]
    """Its articles, newest first."""

    @property
    def label(self) -> str:
        """What the site calls the outlet."""
        return self.name or UNKNOWN_OUTLET_LABEL

    @property
    def page(self) -> str:
        """The outlet's page, relative to the docs folder."""
        return f"sources/{self.slug}.md"


def story_date(digest: Digest, story: Story) -> dt.date | None:
    """The newest publication date among the story's articles; None when none has a date."""
    return max((a.published for a in digest.articles_in(story) if a.published), default=None)


def outlet_count(digest: Digest, story: Story) -> int:
    """How many different outlets report the story (each unknown outlet counts once per article)."""
    return len({article.source or f"article {article.id}" for article in digest.articles_in(story)})


def front_page_order(digest: Digest) -> list[Story]:
    """Stories ranked by outlets reporting them and how recent they are, dated news first.

    Score: outlets x 0.5 ** (age in days / HALF_LIFE_DAYS), age counted from the
    newest date in the digest (not from today, so the same content gives the same
    page). Stories without a date cannot claim to be recent and follow the dated
    ones, by outlets. Ties keep the grouping's own order.
    """
    latest = latest_date(digest)
    rank = {story.id: index for index, story in enumerate(digest.stories)}

    def key(story: Story) -> tuple:
        date = story_date(digest, story)
        outlets = outlet_count(digest, story)
        if date is None or latest is None:
            return (1, -outlets, rank[story.id])
        age = (latest - date).days
        return (0, -outlets * 0.5 ** (age / HALF_LIFE_DAYS), rank[story.id])

    return sorted(digest.stories, key=key)


def latest_date(digest: Digest) -> dt.date | None:
    """The newest publication date of any article; None when no article has one."""
    return max((article.published for article in digest.articles if article.published), default=None)


def editions(digest: Digest) -> list[Edition]:
    """One edition per publication day, newest first; the undated edition last, if any."""
    by_day: dict[dt.date | None, list[Article]] = {}
    for article in digest.articles:
        by_day.setdefault(article.published, []).append(article)
    order = {story.id: index for index, story in enumerate(front_page_order(digest))}
    result = []
    for day in sorted(by_day, key=lambda d: (d is None, -(d.toordinal() if d else 0))):
        articles = by_day[day]
        story_ids = {digest.story_of(article).id for article in articles}
        result.append(Edition(day, tuple(sorted(story_ids, key=order.__getitem__)), tuple(a.id for a in articles)))
    return result


def outlets(digest: Digest) -> list[Outlet]:
    """Every outlet with its articles, sorted by name; articles of unknown outlets share one page, last.

    Names that make the same slug ("BBC News", "bbc news") are one outlet, shown
    under its most frequent spelling, so an article's outlet page follows from
    its `source` alone.
    """
    by_slug: dict[str, list[Article]] = {}
    for article in digest.articles:
        by_slug.setdefault(outlet_slug(article.source), []).append(article)
    result = []
    for slug, articles in by_slug.items():
        spellings = sorted({a.source for a in articles if a.source},
                           key=lambda name: (-sum(a.source == name for a in articles), name))
        result.append(Outlet(spellings[0] if spellings else None, slug, tuple(a.id for a in articles)))
    return sorted(result, key=lambda outlet: (outlet.name is None, (outlet.name or "").casefold(), outlet.slug))


def outlet_slug(source: str | None) -> str:
    """The page slug of an outlet, from its name alone; one slug for every unknown outlet."""
    if not source:
        return UNKNOWN_OUTLET
    # Non-Latin names keep their letters; a name with no letters at all gets a hash, so
    # two different outlets never share a page by falling back to the same word.
    slug = readable_slug(source, "") or f"outlet-{short_hash(source)}"
    return f"{slug}-outlet" if slug in ("index", UNKNOWN_OUTLET) else slug


def long_date(date: dt.date, weekday: bool = False) -> str:
    """`9 July 2025` or `Wednesday 9 July 2025`, the same in every locale."""
    text = f"{date.day} {_MONTHS[date.month - 1]} {date.year}"
    return f"{_WEEKDAYS[date.weekday()]} {text}" if weekday else text

"""The pieces every page of the site is made of, as HTML: links, cards, attribution, dates, counts.

Each page module builds a page as a list of lines (Markdown headings and
complete HTML blocks) and hands it to `page_text`, which marks the HTML for
`passthrough`. Links point at published URLs (`Here`), since MkDocs rewrites
only Markdown links.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from builder.model import UNKNOWN_OUTLET_LABEL, Article, Digest, Section, Story, Summary
from builder.render import archive
from builder.render import markup
from builder.render.archive import Edition
from builder.render.passthrough import HTML_END, HTML_START


HOME = "index.md"
SOURCES = "sources/index.md"
ARCHIVE = "archive/index.md"
ATOM_FEED = "feed.xml"
JSON_FEED = "feed.json"
SOURCES_SHOWN = 4
"""Attribution lines a story card shows; the story page lists every source."""
WORDS_PER_MINUTE = 230
"""Reading speed for the reading time shown with each story and article."""
NOT_SEARCHED_HTML = " data-pagefind-ignore"
"""Pagefind's mark on an HTML element: the search index skips what it holds.

Each thing is indexed where it belongs, once: a story card or a list of links
repeats what the page it leads to holds, so a word of a summary finds the
article (and its story) rather than every page that lists it.
"""
FAINTLY_SEARCHED_HTML = ' data-pagefind-weight="0.2"'
"""Pagefind's mark on an element whose words find the page but count a fifth of its text's.

An article's section and topic labels: a reader's word that is a label finds the
articles filed under it, after the pages where the word is in the text.
"""
OUTLET_META = ' data-pagefind-meta="outlet"'
"""Pagefind's mark on the element whose text is the page's outlet, shown with each search result."""
DATE_META = ' data-pagefind-meta="date"'
"""Pagefind's mark on the `<time>` element whose text is the page's date, shown with each search result."""


@dataclass(frozen=True)
class Here:
    """The page being rendered: links from it are relative to where MkDocs publishes it."""

    page: str
    """The page's path in the docs folder."""
    directory_urls: bool = True
    """MkDocs' `use_directory_urls`."""

    def href(self, page: str) -> str:
        """The link from here to docs-folder page `page`."""
        return markup.href(self.page, page, self.directory_urls)

    def link(self, text: str, page: str) -> str:
        """An HTML link from here to `page`, showing `text` (escaped)."""
        return markup.html_link(text, self.href(page))


def has_own_page(story: Story) -> bool:
    """Whether a story gets a page: only with two or more sources.

    A one-source story's page would repeat its article's page, and at
    thousands of articles those pages would double the build time and the site.
    """
    return len(story.article_ids) > 1


def menu_order(digest: Digest, sections: Sequence[Section]) -> list[Section]:
    """`sections` with the editor's fixed names (`Digest.menu`) first, in the editor's order; the others as given."""
    place = {label.casefold(): index for index, label in enumerate(digest.menu)}
    return sorted(sections, key=lambda section: place.get(section.label.casefold(), len(place)))


def story_address(digest: Digest, story: Story) -> str:
    """The page a link to `story` leads to: its own page, else its only article's page."""
    return story.page if has_own_page(story) else digest.article(story.article_ids[0]).page


def page_url(page: str) -> str:
    """The URL of a docs-folder page relative to the site root (directory URLs)."""
    if page == HOME:
        return ""
    return page.removesuffix(".md") + "/"


def attribution(
    article: Article, here: Here, full_text: bool = True, meta: bool = False, outlet: bool = True
) -> str:
    """The source line of a summary, as HTML: outlet (linked to its page), author, date, original, full text.

    With `meta`, the outlet and the date are marked as the page's own, for search results.
    `outlet=False` leaves the outlet out, for a page that has already said once
    that it is unknown. The line is one `briefing-source` span: the theme gives
    its links a reader's touch target and prints their addresses.
    """
    outlet_page = f"sources/{archive.outlet_slug(article.source)}.md"
    parts = [f"<strong{OUTLET_META if meta else ''}>{here.link(article.source_label, outlet_page)}</strong>"] if outlet else []
    parts.append(f"by {markup.line_html(article.author)}" if article.author else "author unknown")
    parts.append(date_html(article.published, meta=meta) if article.published else "date unknown")
    if markup.safe_url(article.url):
        parts.append(markup.external_link("original", article.url))
    else:
        parts.append("original link unknown")
    if full_text:
        parts.append(here.link("full text", article.page))
    return f'<span class="briefing-source">{" · ".join(parts)}</span>'


def story_card(
    digest: Digest, story: Story, here: Here, shown: list[Article] | None = None, heading: int = 3
) -> str:
    """A story as the briefing shows it, one HTML block: headline, badges, summary, sources.

    `shown` limits the attribution lines to some articles (an edition shows that
    day's); at most `SOURCES_SHOWN` are listed, the story page has them all. The
    card stays out of search: its article's page holds the same summary.
    `heading` is the headline's level: the one below the page's last heading.
    """
    articles = digest.articles_in(story)
    lead = articles[0]
    shown = articles if shown is None else shown
    items = source_items(shown[:SOURCES_SHOWN], here)
    if len(shown) > SOURCES_SHOWN:
        more = count(len(shown) - SOURCES_SHOWN, "more source", "more sources")
        items.append(f'<span class="briefing-more">{here.link(more, story.page)}</span>')
        # On paper a link cannot be followed: print lists every source instead.
        items += [f'<span class="briefing-print-only">{line}</span>' for line in source_items(shown[SOURCES_SHOWN:], here)]
    return (f'<div class="briefing-story"{NOT_SEARCHED_HTML}>'
            f"<h{heading}>{here.link(story.headline, story_address(digest, story))}</h{heading}>"
            f'<p class="briefing-meta">{_story_badges(digest, story, lead)}</p>'
            f"{summary_html(digest.summaries[lead.id])}"
            f"{ul(items)}</div>")


def source_items(articles: list[Article], here: Here) -> list[str]:
    """One attribution line per article; two or more unknown outlets are said once, in one line.

    That line names the unknown-outlet sources by headline, each linked to its
    full text: a reader learns the outlet is unknown once, not once per source.
    """
    unknown = [article for article in articles if not article.source]
    if len(unknown) < 2:
        return [attribution(article, here) for article in articles]
    lines = [attribution(article, here) for article in articles if article.source]
    page = f"sources/{archive.UNKNOWN_OUTLET}.md"
    titles = " · ".join(here.link(article.title, article.page) for article in unknown)
    lines.append(f'<span class="briefing-source"><strong>{here.link(UNKNOWN_OUTLET_LABEL, page)}</strong> for '
                 f"{count(len(unknown), 'source', 'sources')}: {titles}</span>")
    return lines


def _story_badges(digest: Digest, story: Story, lead: Article) -> str:
    outlets = archive.outlet_count(digest, story)
    single = " briefing-badge--single" if outlets == 1 else ""
    badges = [f'<span class="briefing-badge{single}">{count(outlets, "source", "sources")}</span>']
    date = archive.story_date(digest, story)
    if date:
        badges.append(date_html(date))
    badges.append(reading_time(lead))
    return " ".join(f'<span class="briefing-meta-item">{badge}</span>' for badge in badges)


def reading_time(article: Article) -> str:
    """"N min read" for the article's full text."""
    return f"{reading_minutes(article.text)} min read"


def reading_minutes(text: str) -> int:
    """Minutes to read `text` at `WORDS_PER_MINUTE`, at least one."""
    return max(1, math.ceil(len(text.split()) / WORDS_PER_MINUTE))


def date_html(date: dt.date, weekday: bool = False, meta: bool = False) -> str:
    """A day as a `<time>` element, written out in words (with the weekday if asked); with `meta`, the page's date."""
    return f'<time datetime="{date.isoformat()}"{DATE_META if meta else ""}>{archive.long_date(date, weekday)}</time>'


def edition_link(edition: Edition, here: Here) -> str:
    """A link from `here` to an edition's page, showing its date."""
    return here.link(edition.label, edition.page)


def summary_html(summary: Summary) -> str:
    """A summary as one paragraph, or a stated lack of one."""
    if not summary.sentences:
        return "<p><em>No summary: the article has no complete sentence.</em></p>"
    return "<p>" + " ".join(markup.line_html(sentence) for sentence in summary.sentences) + "</p>"


def page_text(lines: list[str]) -> str:
    """The page's lines as one text, each run of HTML lines marked for `passthrough`.

    Only headings (and front matter) are Markdown here; every line starting
    with `<` is a complete HTML block the page modules wrote.
    """
    out: list[str] = []
    in_html = False
    for line in lines:
        if line.startswith("<") != in_html and line:
            if in_html:
                out += [HTML_END, ""]
            else:
                out.append(HTML_START)
            in_html = not in_html
        if line or not in_html:
            out.append(line)
    if in_html:
        out += [HTML_END, ""]
    return "\n".join(out)


def list_block(items: Iterable[str]) -> list[str]:
    """Lines of HTML (already escaped) as one list block, kept out of search; nothing for no items.

    Such lists (of editions, outlets, an outlet's articles) hold links: what
    they name is searchable where they lead.
    """
    items = list(items)
    return [ul(items).replace("<ul>", f"<ul{NOT_SEARCHED_HTML}>", 1), ""] if items else []


def ul(items: Iterable[str]) -> str:
    """HTML items (already escaped) as one `<ul>`."""
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def count(number: int, singular: str, plural: str) -> str:
    """"1 story", "2 stories": `number` with the noun that fits."""
    return f"{number} {singular if number == 1 else plural}"

"""Stage 5: the digest as Markdown pages, in memory.

`render_pages` returns every generated page as `{path in docs folder: text}`;
nothing here touches the disk. Article text only reaches a page through
`markup`, so nothing in an article can turn into live markup.

A page is Markdown only where MkDocs needs it: the title and the headings of
its table of contents. Everything else is raw HTML blocks, which
Python-Markdown passes through untouched: at thousands of pages, converting
escaped Markdown text, links and story cards took MkDocs three times as long
as the same page in HTML. Links in that HTML point at published URLs (`Here`),
since MkDocs rewrites only Markdown links.

The pages, by what they show: `story_pages` (the briefing, stories),
`section_pages` (sections, topics a page of stories at a time),
`archive_pages` (sources, outlets, archive, editions), `article_page` (an
article with its full text), all made of the pieces in `blocks`.
"""

from __future__ import annotations

from builder.incremental.cores import on_cores
from builder.model import Article, Digest, Story
from builder.render import archive
from builder.render import markup
from builder.render.archive_pages import archive_page, edition_page, outlet_page, sources_page
from builder.render.article_page import article_page
from builder.render.blocks import ARCHIVE, HOME, SOURCES, has_own_page, menu_order
from builder.render.section_pages import section_page, topic_pages
from builder.render.story_pages import home_page, story_page

NAV_TOPICS = 8
"""Topics of a section the navigation names (the largest); its section page lists them all."""


def render_pages(digest: Digest, directory_urls: bool = True, skip: frozenset[str] = frozenset()) -> dict[str, str]:
    """Every generated page of the site, by its path in the docs folder, but the article and story pages in `skip`.

    `directory_urls` is MkDocs' `use_directory_urls`: it decides the links.
    """
    pages = {HOME: home_page(digest, directory_urls), SOURCES: sources_page(digest, directory_urls),
             ARCHIVE: archive_page(digest, directory_urls)}
    for outlet in archive.outlets(digest):
        pages[outlet.page] = outlet_page(digest, outlet, directory_urls)
    editions = archive.editions(digest)
    for index, edition in enumerate(editions):
        earlier = editions[index + 1] if index + 1 < len(editions) and editions[index + 1].date else None
        later = editions[index - 1] if index else None
        pages[edition.page] = edition_page(digest, edition, earlier, later, directory_urls)
    for section in digest.sections:
        pages[section.page] = section_page(digest, section, directory_urls)
    for topic in digest.topics:
        pages.update(topic_pages(digest, topic, directory_urls))
    # Story and article pages are most of the pages (thousands, each with its sources'
    # summaries or its marked full text): they are rendered on every core.
    wanted: list[Story | Article] = [s for s in digest.stories if has_own_page(s) and s.page not in skip]
    wanted += [article for article in digest.articles if article.page not in skip]
    rendered = on_cores(_item_page, (digest, directory_urls, wanted), range(len(wanted)))
    pages.update(zip((item.page for item in wanted), rendered))
    return pages


def _item_page(shared: tuple[Digest, bool, list[Story | Article]], index: int) -> str:
    """The page of `wanted[index]`; workers get only the index, the rest they inherit."""
    digest, directory_urls, wanted = shared
    item = wanted[index]
    if isinstance(item, Story):
        return story_page(digest, item, directory_urls)
    return article_page(digest, item, directory_urls)


def navigation(digest: Digest) -> list[dict[str, object]]:
    """MkDocs' `nav`: the briefing, each section with its largest topics, the archive, the sources.

    Never article or story pages, and at most `NAV_TOPICS` topics a section, so
    the navigation (which every page carries) stays small however large the
    archive grows. Themes print navigation titles as HTML, so a label (an
    editor's `section:` or `topic:`) goes in escaped.
    """
    # Listed by label, not by size: every page carries the navigation, so an order that moved
    # whenever a topic grew by one story would make a rebuild render every page again.
    sections = [{markup.html_text(section.label): [
        {"Overview": section.page},
        *({markup.html_text(topic.label): topic.page} for topic in _by_label(digest.topics_in(section)[:NAV_TOPICS])),
    ]} for section in menu_order(digest, _by_label(digest.sections))]
    return [{"Briefing": HOME}, *([{"Sections": sections}] if sections else []), {"Archive": ARCHIVE},
            {"Sources": SOURCES}]


def _by_label(groups):
    """Sections or topics in the order a reader looks them up: by label, then id."""
    return sorted(groups, key=lambda group: (group.label.casefold(), group.id))

"""The pages that keep the record: the sources and each outlet, the archive and each day's edition."""

from __future__ import annotations

from builder.model import Digest
from builder.render import archive
from builder.render import markup
from builder.render.archive import Edition, Outlet
from builder.render.blocks import (
    ARCHIVE, SOURCES, Here, count, date_html, edition_link, has_own_page, list_block, page_text,
    story_card,
)


def sources_page(digest: Digest, directory_urls: bool = True) -> str:
    """Every outlet, linking to its own page, with how many articles it has."""
    here = Here(SOURCES, directory_urls)
    items = [f"{here.link(outlet.label, outlet.page)} · {count(len(outlet.article_ids), 'article', 'articles')}"
             for outlet in archive.outlets(digest)]
    return _index_page("Sources", items)


def outlet_page(digest: Digest, outlet: Outlet, directory_urls: bool = True) -> str:
    """One outlet: its articles, newest first, each with its date and story."""
    here = Here(outlet.page, directory_urls)
    lines = [f"# {markup.inline(outlet.label)}", ""]
    lines += [f"<p>{count(len(outlet.article_ids), 'article', 'articles')} · {here.link('all sources', SOURCES)}</p>", ""]
    items = []
    for article in (digest.article(article_id) for article_id in outlet.article_ids):
        story = digest.story_of(article)
        details = [date_html(article.published) if article.published else "date unknown"]
        if has_own_page(story):  # a one-source story is the article itself
            details.append(f"story: {here.link(story.headline, story.page)}")
        items.append(f"{here.link(article.title, article.page)}<br>{' · '.join(details)}")
    lines += list_block(items)
    return page_text(lines)


def archive_page(digest: Digest, directory_urls: bool = True) -> str:
    """Every edition, newest first, with its number of stories and articles."""
    here = Here(ARCHIVE, directory_urls)
    items = [f"{edition_link(edition, here)} · {count(len(edition.story_ids), 'story', 'stories')} · "
             f"{count(len(edition.article_ids), 'article', 'articles')}" for edition in archive.editions(digest)]
    return _index_page("Archive", items)


def _index_page(title: str, items: list[str]) -> str:
    """A page listing `items` (HTML); its list stays out of search: its entries are searchable where they lead."""
    lines = [f"# {title}", ""]
    if not items:
        lines += ["<p>No articles yet.</p>", ""]
    return page_text(lines + list_block(items))


def edition_page(
    digest: Digest, edition: Edition, earlier: Edition | None = None, later: Edition | None = None,
    directory_urls: bool = True,
) -> str:
    """One day's edition: its stories ranked, each with that day's articles; links to its neighbours."""
    here = Here(edition.page, directory_urls)
    lines = [f"# {markup.inline(edition.label)}", ""]
    stories = count(len(edition.story_ids), "story", "stories")
    articles = count(len(edition.article_ids), "article", "articles")
    links = [f"earlier: {edition_link(earlier, here)}"] if earlier else []
    links.append(here.link("all editions", ARCHIVE))
    links += [f"later: {edition_link(later, here)}"] if later else []
    lines += [f"<p>{' · '.join([stories, articles, *links])}</p>", ""]
    of_the_day = set(edition.article_ids)
    for story in (digest.story(story_id) for story_id in edition.story_ids):
        shown = [article for article in digest.articles_in(story) if article.id in of_the_day]
        lines.append(story_card(digest, story, here, shown, heading=2))
    return page_text(lines)

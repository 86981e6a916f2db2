"""The pages that tell the news: the briefing (home page) and each story with two or more sources.

A story page only formats what summarizing worked out across its sources
(`Digest.summary_of`): the story told once, and what each source adds.
"""

from __future__ import annotations

from collections.abc import Sequence

from builder.model import UNKNOWN_OUTLET_LABEL, Article, Digest, Section, Story
from builder.render import archive
from builder.render import markup
from builder.render.blocks import (
    ARCHIVE, ATOM_FEED, HOME, JSON_FEED, OUTLET_META, SOURCES, Here, attribution, count, date_html, edition_link,
    list_block, menu_order, page_text, story_card, summary_html, ul,
)


TOP_STORIES = 20
"""How many stories the home page shows; every story is on its topic page."""
HOME_TOPICS = 5
"""Topics the home page names per section; the section page lists them all."""
RECENT_EDITIONS = 7
"""Editions listed on the home page; the archive lists them all."""


def home_page(digest: Digest, directory_urls: bool = True) -> str:
    """The briefing: the latest edition's date, top stories ranked, then topics, editions, feeds."""
    here = Here(HOME, directory_urls)
    lines = ["# Briefing", ""]
    if not digest.articles:
        lines += ["<p>No articles yet: add <code>.txt</code>, <code>.md</code> or <code>.html</code> files to the "
                  "content folder and build again.</p>", ""]
    lines += _dateline(digest)
    ranked = archive.front_page_order(digest)
    lines += ["## Top stories", ""]
    lines += [story_card(digest, story, here) for story in ranked[:TOP_STORIES]]
    if len(ranked) > TOP_STORIES:
        lines += [f"<p>{len(ranked) - TOP_STORIES} more stories are listed on the section and topic pages and in the "
                  f"{here.link('archive', ARCHIVE)}.</p>", ""]
    lines += ["## Sections", ""]
    lines += list_block(_section_line(digest, section, here) for section in menu_order(digest, digest.sections))
    lines += ["## Editions", ""]
    lines += list_block(f"{edition_link(edition, here)} · {count(len(edition.story_ids), 'story', 'stories')}"
                        for edition in archive.editions(digest)[:RECENT_EDITIONS])
    lines += [f"<p>Every edition is in the {here.link('archive', ARCHIVE)}, every outlet on the "
              f"{here.link('sources', SOURCES)} page. Follow the briefing in a feed reader: "
              f"{markup.html_link('Atom feed', ATOM_FEED)} · {markup.html_link('JSON Feed', JSON_FEED)}.</p>", ""]
    return page_text(lines)


def story_page(digest: Digest, story: Story, directory_urls: bool = True) -> str:
    """One story with two or more sources: its summary across them, then every source oldest first, with what it adds."""
    here = Here(story.page, directory_urls)
    articles = digest.articles_in(story)
    topic = digest.topic_of(story)
    told = digest.summary_of(story)
    lines = [f"# {markup.inline(story.headline)}", ""]
    section = digest.section_of(topic)
    unknown = sum(not article.source for article in articles)
    facts = [f"Section: {here.link(section.label, section.page)}", f"Topic: {here.link(topic.label, topic.page)}",
             f"<span{OUTLET_META}>{count(len(articles), 'source', 'sources')}</span>"]
    if unknown:  # said once here; the sources below then leave their outlet out
        facts.append(f"{here.link(UNKNOWN_OUTLET_LABEL, f'sources/{archive.UNKNOWN_OUTLET}.md')} for "
                     f"{'all' if unknown == len(articles) else unknown}")
    lines += [f"<p>{' · '.join(facts)}</p>", ""]
    lines += _dates_line(articles)
    lines += ["## Summary", "", summary_html(told.summary), ""]
    lines += ["## Sources", ""]
    for article in articles:
        outlet = f"{markup.inline(article.source)}: " if article.source else ""
        lines += [f"### {outlet}{markup.inline(article.title)}", ""]
        line = attribution(article, here, outlet=bool(article.source))
        lines += [summary_html(digest.summaries[article.id]), f"<p>{line}</p>", ""]
        lines += [_additions_html(told.additions[article.id]), ""]
    return page_text(lines)


def _section_line(digest: Digest, section: Section, here: Here) -> str:
    """A section with its largest topics, as the home page lists it."""
    topics = digest.topics_in(section)
    named = ", ".join(here.link(topic.label, topic.page) for topic in topics[:HOME_TOPICS])
    more = f" and {len(topics) - HOME_TOPICS} more" if len(topics) > HOME_TOPICS else ""
    return f"<strong>{here.link(section.label, section.page)}</strong>: {named}{more}"


def _additions_html(sentences: Sequence[str]) -> str:
    if not sentences:
        return "<p><em>Nothing beyond its summary that the other sources do not also report.</em></p>"
    return "<p>What this source adds:</p>" + ul(markup.line_html(sentence) for sentence in sentences)


def _dateline(digest: Digest) -> list[str]:
    if not digest.articles:
        return []
    latest = archive.latest_date(digest)
    named = len({article.source for article in digest.articles if article.source})
    parts = [count(len(digest.stories), "story", "stories"), count(len(digest.articles), "article", "articles")]
    if named:
        parts.append(f"{count(named, 'outlet', 'outlets')} named")
    if latest:
        parts.insert(0, f"Latest edition: {date_html(latest, weekday=True)}")
    else:
        parts.append("publication dates not given")
    return [f'<p class="briefing-dateline">{" · ".join(parts)}</p>', ""]


def _dates_line(articles: list[Article]) -> list[str]:
    """When the story was reported, from its articles' known dates; nothing when none is known."""
    dates = sorted({article.published for article in articles if article.published})
    if not dates:
        return []
    if dates[0] == dates[-1]:
        return [f"<p>Reported on {date_html(dates[0], meta=True)}.</p>", ""]
    return [f"<p>Reported from {date_html(dates[0])} to {date_html(dates[-1], meta=True)}.</p>", ""]

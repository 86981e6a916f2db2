"""Stage 5: the digest as Markdown pages and as JSON, in memory.

`render_pages` returns every generated file as `{path in docs folder: text}`;
nothing here touches the disk. Article text only reaches a page through
`markup`, so nothing in an article can turn into live markup.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from . import markup
from .model import Article, Cleaned, Digest, Story, Summary, Topic

HOME = "index.md"
SOURCES = "sources.md"
TOP_STORIES = 20
"""How many stories the home page shows; every story is on its topic page."""
NOT_SEARCHED = "{ data-search-exclude }"
"""Material's mark for a heading whose section stays out of the search index."""
NOT_SEARCHED_PAGE = "---\nsearch:\n  exclude: true\n---\n\n"
"""Front matter keeping a whole page out of the search index.

The index is loaded whole by every reader's browser, so it holds each thing
once: an article's title, attribution and summary (on its page) and the topic
labels and key phrases. Full texts, story pages, story lists and the sources
page repeat those or would make the index grow by kilobytes an article.
"""


def render_pages(digest: Digest) -> dict[str, str]:
    """Every generated page of the site, by its path in the docs folder."""
    pages = {HOME: home_page(digest), SOURCES: sources_page(digest)}
    for topic in digest.topics:
        pages[topic.page] = topic_page(digest, topic)
    for story in digest.stories:
        if has_own_page(story):
            pages[story.page] = story_page(digest, story)
    for article in digest.articles:
        pages[article.page] = article_page(digest, article)
    return pages


def navigation(digest: Digest) -> list[dict[str, object]]:
    """MkDocs' `nav`: the briefing, one entry per topic, the sources. Never article pages."""
    topics = [{topic.label: topic.page} for topic in sorted(digest.topics, key=lambda t: t.label.casefold())]
    return [{"Briefing": HOME}, *([{"Topics": topics}] if topics else []), {"Sources": SOURCES}]


def home_page(digest: Digest) -> str:
    """The briefing: top stories first, then the topics."""
    lines = ["# Briefing", ""]
    if not digest.articles:
        lines += ["No articles yet: add `.txt`, `.md` or `.html` files to the content folder and build again.", ""]
    lines += _dates_line(digest.articles)
    lines += ["## Top stories", ""]
    for story in digest.stories[:TOP_STORIES]:
        lines += _story_block(digest, story, HOME, level=3)
    if len(digest.stories) > TOP_STORIES:
        lines += [f"{len(digest.stories) - TOP_STORIES} more stories are listed on the topic pages.", ""]
    lines += ["## Topics", ""]
    for topic in digest.topics:
        count = _count(len(topic.story_ids), "story", "stories")
        lines.append(f"- {markup.link(topic.label, markup.relative(HOME, topic.page))} ({count})")
    lines += ["", f"All outlets: {markup.link('sources', SOURCES)}.", ""]
    return "\n".join(lines)


def topic_page(digest: Digest, topic: Topic) -> str:
    """One topic: its key phrases and every story in it."""
    lines = [f"# {markup.inline(topic.label)}", ""]
    if topic.keywords:
        lines += ["Key phrases: " + ", ".join(markup.inline(keyword) for keyword in topic.keywords), ""]
    for story in digest.stories_in(topic):
        lines += _story_block(digest, story, topic.page, level=2)
    return "\n".join(lines)


def story_page(digest: Digest, story: Story) -> str:
    """One story: its summary, then every source with its own summary, oldest first."""
    articles = digest.articles_in(story)
    topic = digest.topic_of(story)
    lines = [NOT_SEARCHED_PAGE + f"# {markup.inline(story.headline)}", ""]
    lines += [f"Topic: {markup.link(topic.label, markup.relative(story.page, topic.page))} · "
              f"{_count(len(articles), 'source', 'sources')}", ""]
    lines += _summary_lines(digest.summaries[articles[0].id])
    lines += ["## Sources", ""]
    for article in articles:
        lines += [f"### {markup.inline(article.source_label)}: {markup.inline(article.title)}", ""]
        lines += _summary_lines(digest.summaries[article.id])
        lines += [attribution(article, story.page), ""]
    return "\n".join(lines)


def article_page(digest: Digest, article: Article) -> str:
    """One article: attribution, summary, then the full text with removed parts marked."""
    story = digest.story_of(article)
    lines = [f"# {markup.inline(article.title)}", "", attribution(article, article.page, full_text=False), ""]
    lines += ["## Summary", ""]
    lines += _summary_lines(digest.summaries[article.id])
    if has_own_page(story):
        lines += [f"Story: {markup.link(story.headline, markup.relative(article.page, story.page))}", NOT_SEARCHED, ""]
    else:
        topic = digest.topic_of(story)
        lines += [f"Topic: {markup.link(topic.label, markup.relative(article.page, topic.page))}", NOT_SEARCHED, ""]
    notes = article.notes + digest.summaries[article.id].notes
    if notes:
        lines += ['<div class="briefing-notes" markdown="0" data-search-exclude><p>Notes from the build:</p><ul>']
        lines += [f"<li>{markup.html_text(note)}</li>" for note in notes]
        lines += ["</ul></div>", ""]
    lines += [f"## Full text {NOT_SEARCHED}", "", full_text_html(article, digest.cleaned[article.id]), ""]
    return "\n".join(lines)


def has_own_page(story: Story) -> bool:
    """Whether a story gets a page: only with two or more sources.

    A one-source story's page would repeat its article's page, and at
    thousands of articles those pages would double the build time and the site.
    """
    return len(story.article_ids) > 1


def story_address(digest: Digest, story: Story) -> str:
    """The page a link to `story` leads to: its own page, else its only article's page."""
    return story.page if has_own_page(story) else digest.article(story.article_ids[0]).page


def sources_page(digest: Digest) -> str:
    """Every outlet with its articles, newest first."""
    lines = [NOT_SEARCHED_PAGE + "# Sources", ""]
    for source, articles in digest.sources().items():
        lines += [f"## {markup.inline(source)}", ""]
        for article in articles:
            date = f" ({article.published.isoformat()})" if article.published else ""
            lines.append(f"- {markup.link(article.title, markup.relative(SOURCES, article.page))}{date}")
        lines.append("")
    return "\n".join(lines)


def attribution(article: Article, from_page: str, full_text: bool = True) -> str:
    """The source line of a summary: outlet, author, date, original, full text."""
    parts = [f"**{markup.inline(article.source_label)}**"]
    parts.append(f"by {markup.inline(article.author)}" if article.author else "author unknown")
    parts.append(article.published.isoformat() if article.published else "date unknown")
    if markup.safe_url(article.url):
        parts.append(markup.external_link("original", article.url))
    else:
        parts.append("original link unknown")
    if full_text:
        parts.append(markup.link("full text", markup.relative(from_page, article.page)))
    return " · ".join(parts)


def full_text_html(article: Article, cleaned: Cleaned) -> str:
    """The original text as escaped HTML paragraphs; parts left out of the summary are marked."""
    pieces = []
    position = 0
    for removal in cleaned.removals:
        pieces.append(markup.html_text(article.text[position : removal.start]))
        removed = markup.html_text(article.text[removal.start : removal.end])
        pieces.append(f'<del class="briefing-removed" title="{markup.attribute(removal.reason)}">{removed}</del>')
        position = removal.end
    pieces.append(markup.html_text(article.text[position:]))
    paragraphs = [paragraph.strip() for paragraph in "".join(pieces).split("\n")]
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs if paragraph)
    return f'<div class="briefing-text" markdown="0" data-search-exclude>{body}</div>'


def digest_json(digest: Digest) -> str:
    """The digest as the JSON document `briefing.json` (stable, sorted, UTF-8)."""
    document = {
        "articles": [_article_json(digest, article) for article in digest.articles],
        "topics": [_topic_json(topic) for topic in digest.topics],
        "stories": [_story_json(digest, story) for story in digest.stories],
        "problems": [{"path": p.path, "message": p.message, "fatal": p.fatal} for p in digest.problems],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def page_url(page: str) -> str:
    """The URL of a docs-folder page relative to the site root (directory URLs)."""
    if page == HOME:
        return ""
    return page.removesuffix(".md") + "/"


def _article_json(digest: Digest, article: Article) -> dict:
    summary = digest.summaries[article.id]
    return {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "source": article.source,
        "source_label": article.source_label,
        "url": article.url,
        "author": article.author,
        "published": article.published.isoformat() if article.published else None,
        "tags": list(article.tags),
        "page": page_url(article.page),
        "summary": list(summary.sentences),
        "summary_algorithm": summary.algorithm,
        "warnings": list(article.notes + summary.notes),
        "extra": dict(article.extra),
        "topic": digest.topic_of(digest.story_of(article)).id,
        "story": digest.story_of(article).id,
    }


def _topic_json(topic: Topic) -> dict:
    return {"id": topic.id, "label": topic.label, "keywords": list(topic.keywords),
            "page": page_url(topic.page), "stories": list(topic.story_ids)}


def _story_json(digest: Digest, story: Story) -> dict:
    articles = digest.articles_in(story)
    return {"id": story.id, "headline": story.headline, "page": page_url(story_address(digest, story)),
            "articles": list(story.article_ids), "sources": _unique(a.source_label for a in articles)}


def _story_block(digest: Digest, story: Story, from_page: str, level: int) -> list[str]:
    articles = digest.articles_in(story)
    lead = articles[0]
    heading = "#" * level
    target = markup.relative(from_page, story_address(digest, story))
    lines = [f"{heading} {markup.link(story.headline, target)} {NOT_SEARCHED}", ""]
    if len(articles) > 1:
        lines += [f"*{_count(len(articles), 'source', 'sources')}*", ""]
    lines += _summary_lines(digest.summaries[lead.id])
    lines += [f"- {attribution(article, from_page)}" for article in articles]
    lines.append("")
    return lines


def _summary_lines(summary: Summary) -> list[str]:
    if not summary.sentences:
        return ["*No summary: the article has no complete sentence.*", ""]
    return [" ".join(markup.inline(sentence) for sentence in summary.sentences), ""]


def _dates_line(articles: Iterable[Article]) -> list[str]:
    dates = sorted({article.published for article in articles if article.published})
    if not dates:
        return []
    if dates[0] == dates[-1]:
        return [f"Articles from {dates[0].isoformat()}.", ""]
    return [f"Articles from {dates[0].isoformat()} to {dates[-1].isoformat()}.", ""]


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))

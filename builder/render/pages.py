"""Stage 5: the digest as Markdown pages and as JSON, in memory.

`render_pages` returns every generated file as `{path in docs folder: text}`;
nothing here touches the disk. Article text only reaches a page through
`markup`, so nothing in an article can turn into live markup.

A page is Markdown only where MkDocs needs it: the title and the headings of
its table of contents. Everything else is raw HTML blocks, which
Python-Markdown passes through untouched: at thousands of pages, converting
escaped Markdown text, links and story cards took MkDocs three times as long
as the same page in HTML. Links in that HTML point at published URLs (`Here`),
since MkDocs rewrites only Markdown links.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass

from builder.render import archive
from builder.render import markup
from builder.render.archive import Edition, Outlet
from builder.incremental.cores import on_cores
from builder.render.passthrough import HTML_END, HTML_START
from builder.model import Article, Cleaned, Digest, Story, Summary, Topic
from builder.summarize.articles import pick, sentences_of
from builder.read.sentences import words

HOME = "index.md"
SOURCES = "sources/index.md"
ARCHIVE = "archive/index.md"
ATOM_FEED = "feed.xml"
JSON_FEED = "feed.json"
TOP_STORIES = 20
"""How many stories the home page shows; every story is on its topic page."""
SOURCES_SHOWN = 4
"""Attribution lines a story card shows; the story page lists every source."""
RECENT_EDITIONS = 7
"""Editions listed on the home page; the archive lists them all."""
WORDS_PER_MINUTE = 230
"""Reading speed for the reading time shown with each story and article."""
FULL_TEXT_SEARCH_LIMIT = 1000
"""Up to this many articles, search covers full texts too (see `full_text_searched`)."""
NOT_SEARCHED = "{ data-search-exclude }"
"""Material's mark for a Markdown heading whose section stays out of the search index."""
NOT_SEARCHED_HTML = " data-search-exclude"
"""The same mark on an HTML element: Material's search skips the element and what it holds."""
NOT_SEARCHED_PAGE = "---\nsearch:\n  exclude: true\n---\n\n"
"""Front matter keeping a whole page out of the search index.

The index is loaded whole by every reader's browser, so it holds each thing
once: an article's title, attribution and summary (on its page) and the topic
labels and key phrases. Full texts, story pages, story lists and the sources
page repeat those or would make the index grow by kilobytes an article.
"""


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
    for topic in digest.topics:
        pages[topic.page] = topic_page(digest, topic, directory_urls)
    # Story and article pages are most of the work (story pages compare their sources
    # sentence by sentence): they are rendered on every core.
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


def navigation(digest: Digest) -> list[dict[str, object]]:
    """MkDocs' `nav`: the briefing, one entry per topic, the archive, the sources. Never article pages.

    Themes print navigation titles as HTML, so a label (an editor's `topic:`)
    goes in escaped.
    """
    topics = [{markup.html_text(topic.label): topic.page} for topic in sorted(digest.topics, key=lambda t: t.label.casefold())]
    return [{"Briefing": HOME}, *([{"Topics": topics}] if topics else []), {"Archive": ARCHIVE}, {"Sources": SOURCES}]


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
    lines += [_story_card(digest, story, here) for story in ranked[:TOP_STORIES]]
    if len(ranked) > TOP_STORIES:
        lines += [f"<p>{len(ranked) - TOP_STORIES} more stories are listed on the topic pages and in the "
                  f"{here.link('archive', ARCHIVE)}.</p>", ""]
    lines += ["## Topics", ""]
    lines += _list(f"{here.link(topic.label, topic.page)} · {_count(len(topic.story_ids), 'story', 'stories')}"
                   for topic in digest.topics)
    lines += ["## Editions", ""]
    lines += _list(f"{_edition_link(edition, here)} · {_count(len(edition.story_ids), 'story', 'stories')}"
                   for edition in archive.editions(digest)[:RECENT_EDITIONS])
    lines += [f"<p>Every edition is in the {here.link('archive', ARCHIVE)}, every outlet on the "
              f"{here.link('sources', SOURCES)} page. Follow the briefing in a feed reader: "
              f"{markup.html_link('Atom feed', ATOM_FEED)} · {markup.html_link('JSON Feed', JSON_FEED)}.</p>", ""]
    return _page(lines)


def topic_page(digest: Digest, topic: Topic, directory_urls: bool = True) -> str:
    """One topic: its key phrases and every story in it."""
    here = Here(topic.page, directory_urls)
    lines = [f"# {markup.inline(topic.label)}", ""]
    if topic.keywords:
        lines += ["<p>Key phrases: " + ", ".join(markup.line_html(k) for k in topic.keywords) + "</p>", ""]
    lines += [_story_card(digest, story, here) for story in digest.stories_in(topic)]
    return _page(lines)


def story_page(digest: Digest, story: Story, directory_urls: bool = True) -> str:
    """One story: a summary across its sources, then every source oldest first, with what it adds."""
    here = Here(story.page, directory_urls)
    articles = digest.articles_in(story)
    topic = digest.topic_of(story)
    lines = [NOT_SEARCHED_PAGE + f"# {markup.inline(story.headline)}", ""]
    lines += [f"<p>Topic: {here.link(topic.label, topic.page)} · {_count(len(articles), 'source', 'sources')}</p>", ""]
    lines += _dates_line(articles)
    lines += ["## Summary", "", _summary_html(story_summary(digest, articles)), ""]
    lines += ["## Sources", ""]
    additions = source_additions(digest, articles)
    for article in articles:
        lines += [f"### {markup.inline(article.source_label)}: {markup.inline(article.title)}", ""]
        lines += [_summary_html(digest.summaries[article.id]), f"<p>{attribution(article, here)}</p>", ""]
        if len(articles) > 1:
            lines += [_additions_html(additions[article.id]), ""]
    return _page(lines)


STORY_ADDITIONS = 2
"""How many sentences of its own a source shows on a story page."""
NEW_WORD_PAIRS = 0.5
"""A sentence is the source's own when fewer than this share of its word pairs occur in other sources."""


def story_summary(digest: Digest, articles: list[Article]) -> Summary:
    """The story told once: the summarizer's pick among all its sources' summary sentences.

    Sources often carry the same sentence with a small difference (an outlet's
    "(CNN)" in front, a word changed): only its first telling is a candidate,
    so the story's summary never says one thing twice.
    """
    lead = digest.summaries[articles[0].id]
    if len(articles) == 1:
        return lead
    candidates = _distinct(s for a in articles for s in digest.summaries[a.id].sentences)
    count = max(len(digest.summaries[a.id].sentences) for a in articles)
    if not candidates:
        return lead
    return Summary(tuple(pick(candidates, count, lead.algorithm)), lead.algorithm)


def source_additions(digest: Digest, articles: list[Article]) -> dict[str, list[str]]:
    """Per article, up to `STORY_ADDITIONS` sentences no other source in the story has.

    A sentence counts as reported elsewhere when most of its word pairs occur
    in another source, so a lightly reworded copy of the same fact is not new.
    Sentences already shown in the source's summary are left out; the rest
    keep their order in the article.
    """
    sentences = {a.id: sentences_of(digest.cleaned[a.id].text) for a in articles}
    pairs = {aid: [_word_pairs(sentence) for sentence in found] for aid, found in sentences.items()}
    sources_with: dict[tuple[str, str], int] = {}
    for found in pairs.values():
        for pair in set().union(*found) if found else ():
            sources_with[pair] = sources_with.get(pair, 0) + 1
    additions = {}
    for article in articles:
        new = []
        summary = set(digest.summaries[article.id].sentences)
        for sentence, sentence_pairs in zip(sentences[article.id], pairs[article.id]):
            if len(sentence_pairs) < 5 or sentence in summary:
                continue
            elsewhere = sum(1 for pair in sentence_pairs if sources_with[pair] > 1)  # this source is one
            if elsewhere < NEW_WORD_PAIRS * len(sentence_pairs):
                new.append(sentence)
        additions[article.id] = new[:STORY_ADDITIONS]
    return additions


NEAR_COPY = 0.8
"""A sentence is a retelling of another when this share of the shorter one's word pairs is in both."""


def _distinct(sentences: Iterable[str]) -> list[str]:
    """`sentences` in order, without those that retell an earlier one (see `NEAR_COPY`)."""
    kept: list[str] = []
    seen: list[set[tuple[str, str]]] = []
    for sentence in dict.fromkeys(sentences):
        pairs = _word_pairs(sentence)
        if any(pairs and other and len(pairs & other) >= NEAR_COPY * min(len(pairs), len(other)) for other in seen):
            continue
        kept.append(sentence)
        seen.append(pairs)
    return kept


def _word_pairs(sentence: str) -> set[tuple[str, str]]:
    found = [word.casefold() for word in words(sentence)]
    return set(zip(found, found[1:]))


def _additions_html(sentences: list[str]) -> str:
    if not sentences:
        return "<p><em>Nothing beyond its summary that the other sources do not also report.</em></p>"
    return "<p>What this source adds:</p>" + _ul(markup.line_html(sentence) for sentence in sentences)


def article_page(digest: Digest, article: Article, directory_urls: bool = True) -> str:
    """One article: attribution, summary, then the full text with removed parts marked.

    Each summary sentence links to the same sentence in the full text (`#s-1`,
    `#s-2`...), where it is highlighted, so a reader can check it in context.
    """
    here = Here(article.page, directory_urls)
    story = digest.story_of(article)
    summary = digest.summaries[article.id]
    cleaned = digest.cleaned[article.id]
    spans = sentence_spans(article, cleaned, summary.sentences)
    lines = [f"# {markup.inline(article.title)}", "", f"<p>{attribution(article, here, full_text=False)}</p>", ""]
    lines += [f'<p class="briefing-meta">{_reading_time(article)}</p>', ""]
    lines += ["## Summary", ""]
    if summary.sentences:
        linked = [markup.html_link(sentence, f"#s-{number}") if span else markup.line_html(sentence)
                  for number, (sentence, span) in enumerate(zip(summary.sentences, spans), start=1)]
        lines += [f'<p class="briefing-summary">{" ".join(linked)}</p>', ""]
        if any(spans):
            lines += ['<p class="briefing-hint">Each sentence links to where it stands in the full text below.</p>', ""]
    else:
        lines += [_summary_html(summary), ""]
    if has_own_page(story):
        lines += [f"<p{NOT_SEARCHED_HTML}>Story: {here.link(story.headline, story.page)}</p>", ""]
    else:
        topic = digest.topic_of(story)
        lines += [f"<p{NOT_SEARCHED_HTML}>Topic: {here.link(topic.label, topic.page)}</p>", ""]
    notes = article.notes + summary.notes
    if notes:
        items = _ul(markup.html_text(note) for note in notes)
        lines += [f'<div class="briefing-notes"{NOT_SEARCHED_HTML}><p>Notes from the build:</p>{items}</div>', ""]
    searched = full_text_searched(digest)
    lines += [f"## Full text{'' if searched else ' ' + NOT_SEARCHED}", ""]
    lines += [full_text_html(article, cleaned, spans, searched), ""]
    return _page(lines)


def has_own_page(story: Story) -> bool:
    """Whether a story gets a page: only with two or more sources.

    A one-source story's page would repeat its article's page, and at
    thousands of articles those pages would double the build time and the site.
    """
    return len(story.article_ids) > 1


def story_address(digest: Digest, story: Story) -> str:
    """The page a link to `story` leads to: its own page, else its only article's page."""
    return story.page if has_own_page(story) else digest.article(story.article_ids[0]).page


def sources_page(digest: Digest, directory_urls: bool = True) -> str:
    """Every outlet, linking to its own page, with how many articles it has."""
    here = Here(SOURCES, directory_urls)
    lines = [NOT_SEARCHED_PAGE + "# Sources", ""]
    outlets = archive.outlets(digest)
    if not outlets:
        lines += ["<p>No articles yet.</p>", ""]
    lines += _list(f"{here.link(outlet.label, outlet.page)} · {_count(len(outlet.article_ids), 'article', 'articles')}"
                   for outlet in outlets)
    return _page(lines)


def outlet_page(digest: Digest, outlet: Outlet, directory_urls: bool = True) -> str:
    """One outlet: its articles, newest first, each with its date and story."""
    here = Here(outlet.page, directory_urls)
    lines = [NOT_SEARCHED_PAGE + f"# {markup.inline(outlet.label)}", ""]
    lines += [f"<p>{_count(len(outlet.article_ids), 'article', 'articles')} · {here.link('all sources', SOURCES)}</p>", ""]
    items = []
    for article in (digest.article(article_id) for article_id in outlet.article_ids):
        story = digest.story_of(article)
        details = [_date_html(article.published) if article.published else "date unknown"]
        if has_own_page(story):  # a one-source story is the article itself
            details.append(f"story: {here.link(story.headline, story.page)}")
        items.append(f"{here.link(article.title, article.page)}<br>{' · '.join(details)}")
    lines += _list(items)
    return _page(lines)


def archive_page(digest: Digest, directory_urls: bool = True) -> str:
    """Every edition, newest first, with its number of stories and articles."""
    here = Here(ARCHIVE, directory_urls)
    lines = [NOT_SEARCHED_PAGE + "# Archive", ""]
    editions = archive.editions(digest)
    if not editions:
        lines += ["<p>No articles yet.</p>", ""]
    lines += _list(f"{_edition_link(edition, here)} · {_count(len(edition.story_ids), 'story', 'stories')} · "
                   f"{_count(len(edition.article_ids), 'article', 'articles')}" for edition in editions)
    return _page(lines)


def edition_page(
    digest: Digest, edition: Edition, earlier: Edition | None = None, later: Edition | None = None,
    directory_urls: bool = True,
) -> str:
    """One day's edition: its stories ranked, each with that day's articles; links to its neighbours."""
    here = Here(edition.page, directory_urls)
    lines = [NOT_SEARCHED_PAGE + f"# {markup.inline(edition.label)}", ""]
    stories = _count(len(edition.story_ids), "story", "stories")
    articles = _count(len(edition.article_ids), "article", "articles")
    links = [f"earlier: {_edition_link(earlier, here)}"] if earlier else []
    links.append(here.link("all editions", ARCHIVE))
    links += [f"later: {_edition_link(later, here)}"] if later else []
    lines += [f"<p>{' · '.join([stories, articles, *links])}</p>", ""]
    of_the_day = set(edition.article_ids)
    for story in (digest.story(story_id) for story_id in edition.story_ids):
        shown = [article for article in digest.articles_in(story) if article.id in of_the_day]
        lines.append(_story_card(digest, story, here, shown))
    return _page(lines)


def attribution(article: Article, here: Here, full_text: bool = True) -> str:
    """The source line of a summary, as HTML: outlet (linked to its page), author, date, original, full text."""
    outlet_page = f"sources/{archive.outlet_slug(article.source)}.md"
    parts = [f"<strong>{here.link(article.source_label, outlet_page)}</strong>"]
    parts.append(f"by {markup.line_html(article.author)}" if article.author else "author unknown")
    parts.append(_date_html(article.published) if article.published else "date unknown")
    if markup.safe_url(article.url):
        parts.append(markup.external_link("original", article.url))
    else:
        parts.append("original link unknown")
    if full_text:
        parts.append(here.link("full text", article.page))
    return " · ".join(parts)


def sentence_spans(article: Article, cleaned: Cleaned, sentences: Iterable[str]) -> list[tuple[int, int] | None]:
    """Where each summary sentence stands in `article.text`, outside removed parts; None if nowhere.

    Summary sentences come in article order, so each is looked for after the
    previous one first; the spans never overlap.
    """
    spans: list[tuple[int, int] | None] = []
    taken = [(removal.start, removal.end) for removal in cleaned.removals]
    position = 0
    for sentence in sentences:
        span = _find_free(article.text, sentence, position, taken) or _find_free(article.text, sentence, 0, taken)
        spans.append(span)
        if span:
            taken.append(span)
            position = span[1]
    return spans


def _find_free(text: str, sentence: str, start: int, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    index = text.find(sentence, start) if sentence else -1
    while index != -1:
        end = index + len(sentence)
        if not any(index < taken_end and taken_start < end for taken_start, taken_end in taken):
            return (index, end)
        index = text.find(sentence, index + 1)
    return None


@dataclass(frozen=True, order=True)
class _Mark:
    """A stretch of the full text wrapped in an element: a removed part or a summary sentence."""

    start: int
    """Offset of the first marked character in `Article.text`."""
    end: int
    """Offset just past the last marked character."""
    tag: str
    """The element: `del` or `span`."""
    attributes: str
    """Attributes of every piece after the first (no id: ids are unique)."""
    first_attributes: str
    """Attributes of the first piece, with the id if it has one."""


def full_text_searched(digest: Digest) -> bool:
    """Whether article full texts go into the search index: only while the archive is small.

    Readers' browsers load the index whole: full texts add about 2 KB an article,
    so beyond `FULL_TEXT_SEARCH_LIMIT` articles only titles, sources, summaries
    and key phrases are searchable.
    """
    return len(digest.articles) <= FULL_TEXT_SEARCH_LIMIT


def full_text_html(
    article: Article, cleaned: Cleaned, sentences: Iterable[tuple[int, int] | None] = (), searched: bool = True
) -> str:
    """The original text as escaped HTML paragraphs, one per line.

    Parts left out of the summary are marked `<del>`; summary sentences (spans
    from `sentence_spans`) are `<span id="s-N">`. A mark that crosses a line
    break is closed and reopened, so the HTML stays well formed; only its first
    piece carries the id.
    """
    marks = [_Mark(r.start, r.end, "del", f' class="briefing-removed" title="{markup.attribute(r.reason)}"',
                   f' class="briefing-removed" title="{markup.attribute(r.reason)}"') for r in cleaned.removals]
    marks += [_Mark(span[0], span[1], "span", ' class="briefing-sentence"', f' class="briefing-sentence" id="s-{number}"')
              for number, span in enumerate(sentences, start=1) if span]
    marks.sort()
    opened: set[_Mark] = set()
    body = "".join(f"<p>{_marked(article.text, start, end, marks, opened)}</p>"
                   for start, end in _lines(article.text))
    excluded = "" if searched else " data-search-exclude"
    return f'<div class="briefing-text"{excluded}>{body}</div>'


def _lines(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of `text`, without their surrounding white space."""
    spans = []
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = position + line.index(stripped)
            spans.append((start, start + len(stripped)))
        position += len(line) + 1
    return spans


def _marked(text: str, start: int, end: int, marks: list[_Mark], opened: set[_Mark]) -> str:
    pieces = []
    position = start
    for mark in marks:
        if mark.end <= start or mark.start >= end:
            continue
        piece_start, piece_end = max(mark.start, start), min(mark.end, end)
        pieces.append(markup.html_text(text[position:piece_start]))
        attributes = mark.attributes if mark in opened else mark.first_attributes
        opened.add(mark)
        pieces.append(f"<{mark.tag}{attributes}>{markup.html_text(text[piece_start:piece_end])}</{mark.tag}>")
        position = piece_end
    pieces.append(markup.html_text(text[position:end]))
    return "".join(pieces)


def digest_json(digest: Digest, with_text: bool = False) -> str:
    """The digest as the JSON document `briefing.json` (stable, sorted, UTF-8); `with_text` adds each article's text."""
    articles = [_article_json(digest, article) for article in digest.articles]
    if with_text:  # `briefing digest --with-text`: what was read from each file, a saved page's extracted text included
        articles = [{**item, "text": article.text} for item, article in zip(articles, digest.articles)]
    document = {
        "articles": articles,
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


def _story_card(digest: Digest, story: Story, here: Here, shown: list[Article] | None = None) -> str:
    """A story as the briefing shows it, one HTML block: headline, badges, summary, sources.

    `shown` limits the attribution lines to some articles (an edition shows that
    day's); at most `SOURCES_SHOWN` are listed, the story page has them all. The
    card stays out of search: its article's page holds the same summary.
    """
    articles = digest.articles_in(story)
    lead = articles[0]
    shown = articles if shown is None else shown
    items = [attribution(article, here) for article in shown[:SOURCES_SHOWN]]
    if len(shown) > SOURCES_SHOWN:
        items.append(here.link(_count(len(shown) - SOURCES_SHOWN, "more source", "more sources"), story.page))
    return (f'<div class="briefing-story"{NOT_SEARCHED_HTML}>'
            f"<h3>{here.link(story.headline, story_address(digest, story))}</h3>"
            f'<p class="briefing-meta">{_story_badges(digest, story, lead)}</p>'
            f"{_summary_html(digest.summaries[lead.id])}"
            f"{_ul(items)}</div>")


def _story_badges(digest: Digest, story: Story, lead: Article) -> str:
    outlets = archive.outlet_count(digest, story)
    single = " briefing-badge--single" if outlets == 1 else ""
    badges = [f'<span class="briefing-badge{single}">{_count(outlets, "source", "sources")}</span>']
    date = archive.story_date(digest, story)
    if date:
        badges.append(_date_html(date))
    badges.append(_reading_time(lead))
    return " ".join(f'<span class="briefing-meta-item">{badge}</span>' for badge in badges)


def _reading_time(article: Article) -> str:
    return f"{reading_minutes(article.text)} min read"


def reading_minutes(text: str) -> int:
    """Minutes to read `text` at `WORDS_PER_MINUTE`, at least one."""
    return max(1, math.ceil(len(text.split()) / WORDS_PER_MINUTE))


def _dateline(digest: Digest) -> list[str]:
    if not digest.articles:
        return []
    latest = archive.latest_date(digest)
    named = len({article.source for article in digest.articles if article.source})
    parts = [_count(len(digest.stories), "story", "stories"), _count(len(digest.articles), "article", "articles")]
    if named:
        parts.append(f"{_count(named, 'outlet', 'outlets')} named")
    if latest:
        parts.insert(0, f"Latest edition: {_date_html(latest, weekday=True)}")
    else:
        parts.append("publication dates not given")
    return [f'<p class="briefing-dateline">{" · ".join(parts)}</p>', ""]


def _dates_line(articles: list[Article]) -> list[str]:
    """When the story was reported, from its articles' known dates; nothing when none is known."""
    dates = sorted({article.published for article in articles if article.published})
    if not dates:
        return []
    if dates[0] == dates[-1]:
        return [f"<p>Reported on {_date_html(dates[0])}.</p>", ""]
    return [f"<p>Reported from {_date_html(dates[0])} to {_date_html(dates[-1])}.</p>", ""]


def _date_html(date, weekday: bool = False) -> str:
    return f'<time datetime="{date.isoformat()}">{archive.long_date(date, weekday)}</time>'


def _edition_link(edition: Edition, here: Here) -> str:
    return here.link(edition.label, edition.page)


def _summary_html(summary: Summary) -> str:
    if not summary.sentences:
        return "<p><em>No summary: the article has no complete sentence.</em></p>"
    return "<p>" + " ".join(markup.line_html(sentence) for sentence in summary.sentences) + "</p>"


def _page(lines: list[str]) -> str:
    """The page's lines as one text, each run of HTML lines marked for `passthrough`.

    Only headings (and front matter) are Markdown here; every line starting
    with `<` is a complete HTML block this module wrote.
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


def _list(items: Iterable[str]) -> list[str]:
    """Lines of HTML (already escaped) as one list block; nothing for no items."""
    items = list(items)
    return [_ul(items), ""] if items else []


def _ul(items: Iterable[str]) -> str:
    """HTML items (already escaped) as one `<ul>`."""
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))

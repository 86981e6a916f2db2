"""Stage 5: the digest as Markdown pages and as JSON, in memory.

`render_pages` returns every generated file as `{path in docs folder: text}`;
nothing here touches the disk. Article text only reaches a page through
`markup`, so nothing in an article can turn into live markup.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass

from . import archive, markup
from .archive import Edition, Outlet
from .model import Article, Cleaned, Digest, Story, Summary, Topic
from .summarize import pick, sentences_of
from .tokenizer import words

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
"""Material's mark for a heading whose section stays out of the search index."""
NOT_SEARCHED_PAGE = "---\nsearch:\n  exclude: true\n---\n\n"
"""Front matter keeping a whole page out of the search index.

The index is loaded whole by every reader's browser, so it holds each thing
once: an article's title, attribution and summary (on its page) and the topic
labels and key phrases. Full texts, story pages, story lists and the sources
page repeat those or would make the index grow by kilobytes an article.
"""


def render_pages(digest: Digest, skip: frozenset[str] = frozenset()) -> dict[str, str]:
    """Every generated page of the site, by its path in the docs folder, but the article and story pages in `skip`."""
    pages = {HOME: home_page(digest), SOURCES: sources_page(digest), ARCHIVE: archive_page(digest)}
    for outlet in archive.outlets(digest):
        pages[outlet.page] = outlet_page(digest, outlet)
    editions = archive.editions(digest)
    for index, edition in enumerate(editions):
        earlier = editions[index + 1] if index + 1 < len(editions) and editions[index + 1].date else None
        pages[edition.page] = edition_page(digest, edition, earlier, editions[index - 1] if index else None)
    for topic in digest.topics:
        pages[topic.page] = topic_page(digest, topic)
    for story in digest.stories:
        if has_own_page(story) and story.page not in skip:
            pages[story.page] = story_page(digest, story)
    for article in digest.articles:
        if article.page not in skip:
            pages[article.page] = article_page(digest, article)
    return pages


def navigation(digest: Digest) -> list[dict[str, object]]:
    """MkDocs' `nav`: the briefing, one entry per topic, the archive, the sources. Never article pages.

    Themes print navigation titles as HTML, so a label (an editor's `topic:`)
    goes in escaped.
    """
    topics = [{markup.html_text(topic.label): topic.page} for topic in sorted(digest.topics, key=lambda t: t.label.casefold())]
    return [{"Briefing": HOME}, *([{"Topics": topics}] if topics else []), {"Archive": ARCHIVE}, {"Sources": SOURCES}]


def home_page(digest: Digest) -> str:
    """The briefing: the latest edition's date, top stories ranked, then topics, editions, feeds."""
    lines = ["# Briefing", ""]
    if not digest.articles:
        lines += ["No articles yet: add `.txt`, `.md` or `.html` files to the content folder and build again.", ""]
    lines += _dateline(digest)
    ranked = archive.front_page_order(digest)
    lines += ["## Top stories", ""]
    for story in ranked[:TOP_STORIES]:
        lines += _story_card(digest, story, HOME)
    if len(ranked) > TOP_STORIES:
        lines += [f"{len(ranked) - TOP_STORIES} more stories are listed on the topic pages and in the "
                  f"{markup.link('archive', markup.relative(HOME, ARCHIVE))}.", ""]
    lines += ["## Topics", ""]
    for topic in digest.topics:
        count = _count(len(topic.story_ids), "story", "stories")
        lines.append(f"- {markup.link(topic.label, markup.relative(HOME, topic.page))} · {count}")
    lines += ["", "## Editions", ""]
    for edition in archive.editions(digest)[:RECENT_EDITIONS]:
        lines.append(f"- {_edition_link(edition, HOME)} · {_count(len(edition.story_ids), 'story', 'stories')}")
    lines += ["", f"Every edition is in the {markup.link('archive', markup.relative(HOME, ARCHIVE))}, "
              f"every outlet on the {markup.link('sources', markup.relative(HOME, SOURCES))} page. "
              f"Follow the briefing in a feed reader: {markup.link('Atom feed', ATOM_FEED)} · "
              f"{markup.link('JSON Feed', JSON_FEED)}.", ""]
    return "\n".join(lines)


def topic_page(digest: Digest, topic: Topic) -> str:
    """One topic: its key phrases and every story in it."""
    lines = [f"# {markup.inline(topic.label)}", ""]
    if topic.keywords:
        lines += ["Key phrases: " + ", ".join(markup.inline(keyword) for keyword in topic.keywords), ""]
    for story in digest.stories_in(topic):
        lines += _story_card(digest, story, topic.page)
    return "\n".join(lines)


def story_page(digest: Digest, story: Story) -> str:
    """One story: a summary across its sources, then every source oldest first, with what it adds."""
    articles = digest.articles_in(story)
    topic = digest.topic_of(story)
    lines = [NOT_SEARCHED_PAGE + f"# {markup.inline(story.headline)}", ""]
    lines += [f"Topic: {markup.link(topic.label, markup.relative(story.page, topic.page))} · "
              f"{_count(len(articles), 'source', 'sources')}", ""]
    lines += _dates_line(articles)
    lines += ["## Summary", ""]
    lines += _summary_lines(story_summary(digest, articles))
    lines += ["## Sources", ""]
    additions = source_additions(digest, articles)
    for article in articles:
        lines += [f"### {markup.inline(article.source_label)}: {markup.inline(article.title)}", ""]
        lines += _summary_lines(digest.summaries[article.id])
        lines += [attribution(article, story.page), ""]
        if len(articles) > 1:
            lines += _addition_lines(additions[article.id])
    return "\n".join(lines)


STORY_ADDITIONS = 2
"""How many sentences of its own a source shows on a story page."""
NEW_WORD_PAIRS = 0.5
"""A sentence is the source's own when fewer than this share of its word pairs occur in other sources."""


def story_summary(digest: Digest, articles: list[Article]) -> Summary:
    """The story told once: the summarizer's pick among all its sources' summary sentences."""
    lead = digest.summaries[articles[0].id]
    if len(articles) == 1:
        return lead
    candidates = list(dict.fromkeys(s for a in articles for s in digest.summaries[a.id].sentences))
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


def _word_pairs(sentence: str) -> set[tuple[str, str]]:
    found = [word.casefold() for word in words(sentence)]
    return set(zip(found, found[1:]))


def _addition_lines(sentences: list[str]) -> list[str]:
    if not sentences:
        return ["*Nothing beyond its summary that the other sources do not also report.*", ""]
    return ["What this source adds:", "", *[f"- {markup.inline(sentence)}" for sentence in sentences], ""]


def article_page(digest: Digest, article: Article) -> str:
    """One article: attribution, summary, then the full text with removed parts marked.

    Each summary sentence links to the same sentence in the full text (`#s-1`,
    `#s-2`...), where it is highlighted, so a reader can check it in context.
    """
    story = digest.story_of(article)
    summary = digest.summaries[article.id]
    cleaned = digest.cleaned[article.id]
    spans = sentence_spans(article, cleaned, summary.sentences)
    lines = [f"# {markup.inline(article.title)}", "", attribution(article, article.page, full_text=False), ""]
    lines += [f'<p class="briefing-meta">{_reading_time(article)}</p>', ""]
    lines += ["## Summary", ""]
    if summary.sentences:
        linked = [markup.link(sentence, f"#s-{number}") if span else markup.inline(sentence)
                  for number, (sentence, span) in enumerate(zip(summary.sentences, spans), start=1)]
        lines += [" ".join(linked), "{: .briefing-summary }", ""]
        if any(spans):
            lines += ["Each sentence links to where it stands in the full text below.", "{: .briefing-hint }", ""]
    else:
        lines += _summary_lines(summary)
    if has_own_page(story):
        lines += [f"Story: {markup.link(story.headline, markup.relative(article.page, story.page))}", NOT_SEARCHED, ""]
    else:
        topic = digest.topic_of(story)
        lines += [f"Topic: {markup.link(topic.label, markup.relative(article.page, topic.page))}", NOT_SEARCHED, ""]
    notes = article.notes + summary.notes
    if notes:
        lines += ['<div class="briefing-notes" markdown="0" data-search-exclude><p>Notes from the build:</p><ul>']
        lines += [f"<li>{markup.html_text(note)}</li>" for note in notes]
        lines += ["</ul></div>", ""]
    searched = full_text_searched(digest)
    lines += [f"## Full text{'' if searched else ' ' + NOT_SEARCHED}", ""]
    lines += [full_text_html(article, cleaned, spans, searched), ""]
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
    """Every outlet, linking to its own page, with how many articles it has."""
    lines = [NOT_SEARCHED_PAGE + "# Sources", ""]
    outlets = archive.outlets(digest)
    if not outlets:
        lines += ["No articles yet.", ""]
    for outlet in outlets:
        count = _count(len(outlet.article_ids), "article", "articles")
        lines.append(f"- {markup.link(outlet.label, markup.relative(SOURCES, outlet.page))} · {count}")
    lines.append("")
    return "\n".join(lines)


def outlet_page(digest: Digest, outlet: Outlet) -> str:
    """One outlet: its articles, newest first, each with its date and story."""
    lines = [NOT_SEARCHED_PAGE + f"# {markup.inline(outlet.label)}", ""]
    lines += [f"{_count(len(outlet.article_ids), 'article', 'articles')} · "
              f"{markup.link('all sources', markup.relative(outlet.page, SOURCES))}", ""]
    for article in (digest.article(article_id) for article_id in outlet.article_ids):
        story = digest.story_of(article)
        details = [_date_html(article.published) if article.published else "date unknown"]
        if has_own_page(story):  # a one-source story is the article itself
            details.append(f"story: {markup.link(story.headline, markup.relative(outlet.page, story.page))}")
        lines.append(f"- {markup.link(article.title, markup.relative(outlet.page, article.page))}  \n"
                     f"  {' · '.join(details)}")
    lines.append("")
    return "\n".join(lines)


def archive_page(digest: Digest) -> str:
    """Every edition, newest first, with its number of stories and articles."""
    lines = [NOT_SEARCHED_PAGE + "# Archive", ""]
    editions = archive.editions(digest)
    if not editions:
        lines += ["No articles yet.", ""]
    for edition in editions:
        stories = _count(len(edition.story_ids), "story", "stories")
        articles = _count(len(edition.article_ids), "article", "articles")
        lines.append(f"- {_edition_link(edition, ARCHIVE)} · {stories} · {articles}")
    lines.append("")
    return "\n".join(lines)


def edition_page(digest: Digest, edition: Edition, earlier: Edition | None = None, later: Edition | None = None) -> str:
    """One day's edition: its stories ranked, each with that day's articles; links to its neighbours."""
    lines = [NOT_SEARCHED_PAGE + f"# {markup.inline(edition.label)}", ""]
    stories = _count(len(edition.story_ids), "story", "stories")
    articles = _count(len(edition.article_ids), "article", "articles")
    links = [f"earlier: {_edition_link(earlier, edition.page)}"] if earlier else []
    links.append(markup.link("all editions", markup.relative(edition.page, ARCHIVE)))
    links += [f"later: {_edition_link(later, edition.page)}"] if later else []
    lines += [" · ".join([stories, articles, *links]), ""]
    of_the_day = set(edition.article_ids)
    for story in (digest.story(story_id) for story_id in edition.story_ids):
        shown = [article for article in digest.articles_in(story) if article.id in of_the_day]
        lines += _story_card(digest, story, edition.page, shown)
    return "\n".join(lines)


def attribution(article: Article, from_page: str, full_text: bool = True) -> str:
    """The source line of a summary: outlet (linked to its page), author, date, original, full text."""
    outlet_page = f"sources/{archive.outlet_slug(article.source)}.md"
    parts = [f"**{markup.link(article.source_label, markup.relative(from_page, outlet_page))}**"]
    parts.append(f"by {markup.inline(article.author)}" if article.author else "author unknown")
    parts.append(_date_html(article.published) if article.published else "date unknown")
    if markup.safe_url(article.url):
        parts.append(markup.external_link("original", article.url))
    else:
        parts.append("original link unknown")
    if full_text:
        parts.append(markup.link("full text", markup.relative(from_page, article.page)))
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
    return f'<div class="briefing-text" markdown="0"{excluded}>{body}</div>'


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


def _story_card(digest: Digest, story: Story, from_page: str, shown: list[Article] | None = None) -> list[str]:
    """A story as the briefing shows it: headline, badges, summary, sources.

    `shown` limits the attribution lines to some articles (an edition shows that
    day's); at most `SOURCES_SHOWN` are listed, the story page has them all.
    """
    articles = digest.articles_in(story)
    lead = articles[0]
    shown = articles if shown is None else shown
    lines = ['<div class="briefing-story" markdown>', ""]
    target = markup.relative(from_page, story_address(digest, story))
    lines += [f"### {markup.link(story.headline, target)} {NOT_SEARCHED}", ""]
    lines += [f'<p class="briefing-meta">{_story_badges(digest, story, lead)}</p>', ""]
    lines += _summary_lines(digest.summaries[lead.id])
    lines += [f"- {attribution(article, from_page)}" for article in shown[:SOURCES_SHOWN]]
    if len(shown) > SOURCES_SHOWN:
        more = _count(len(shown) - SOURCES_SHOWN, "more source", "more sources")
        lines.append(f"- {markup.link(more, markup.relative(from_page, story.page))}")
    lines += ["", "</div>", ""]
    return lines


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
        return [f"Reported on {_date_html(dates[0])}.", ""]
    return [f"Reported from {_date_html(dates[0])} to {_date_html(dates[-1])}.", ""]


def _date_html(date, weekday: bool = False) -> str:
    return f'<time datetime="{date.isoformat()}">{archive.long_date(date, weekday)}</time>'


def _edition_link(edition: Edition, from_page: str) -> str:
    return markup.link(edition.label, markup.relative(from_page, edition.page))


def _summary_lines(summary: Summary) -> list[str]:
    if not summary.sentences:
        return ["*No summary: the article has no complete sentence.*", ""]
    return [" ".join(markup.inline(sentence) for sentence in summary.sentences), ""]


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))

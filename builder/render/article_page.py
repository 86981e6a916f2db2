"""An article's page: attribution and summary, then the full text with removed parts and summary sentences marked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from builder.model import Article, Cleaned, Digest
from builder.render import markup
from builder.render.blocks import FAINTLY_SEARCHED_HTML, NOT_SEARCHED_HTML, Here, attribution, has_own_page, page_text, reading_time, summary_html, ul




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
    lines = [f"# {markup.inline(article.title)}", "", f"<p>{attribution(article, here, full_text=False, meta=True)}</p>", ""]
    lines += [f'<p class="briefing-meta">{reading_time(article)}</p>', ""]
    lines += ["## Summary", ""]
    if summary.sentences:
        linked = [markup.html_link(sentence, f"#s-{number}") if span else markup.line_html(sentence)
                  for number, (sentence, span) in enumerate(zip(summary.sentences, spans), start=1)]
        lines += [f'<p class="briefing-summary">{" ".join(linked)}</p>', ""]
        if any(spans):
            lines += ['<p class="briefing-hint">Each sentence links to where it stands in the full text below.</p>', ""]
    else:
        lines += [summary_html(summary), ""]
    if has_own_page(story):  # the story's headline is its own page's title: found there
        lines += [f"<p{NOT_SEARCHED_HTML}>Story: {here.link(story.headline, story.page)}</p>", ""]
    topic = digest.topic_of(story)
    section = digest.section_of(topic)
    lines += [f"<p{FAINTLY_SEARCHED_HTML}>Section: {here.link(section.label, section.page)} · "
              f"Topic: {here.link(topic.label, topic.page)}</p>", ""]
    lines += [_notes_for_editors(article, summary.notes), ""]
    lines += ["## Full text", ""]
    lines += [full_text_html(article, cleaned, spans), ""]
    return page_text(lines)


def _notes_for_editors(article: Article, summary_notes: tuple[str, ...]) -> str:
    """The content file and what the build noticed: the one place the site names a file."""
    notes = [f"Content file: {article.path}", *article.notes, *summary_notes]
    items = ul(markup.html_text(note) for note in notes)
    return f'<div class="briefing-notes"{NOT_SEARCHED_HTML}><p>Notes for editors:</p>{items}</div>'


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


def full_text_html(
    article: Article, cleaned: Cleaned, sentences: Iterable[tuple[int, int] | None] = ()
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
    return f'<div class="briefing-text">{body}</div>'


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

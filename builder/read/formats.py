"""The text of an article file to an `Article`, by the file's format.

Plain text may begin with a headline and a blank line; Markdown may have
front matter and a `# heading`; a saved web page gives its title, text and
`<meta>` tags. An article without a headline gets one from its first
sentence.
"""

from __future__ import annotations

import re
from pathlib import Path

from builder.model import Article
from builder.model.errors import ArticleError
from builder.read.decoding import MAX_TEXT_CHARACTERS, cut
from builder.read import web_page as html_text
from builder.read.datelines import without_dateline
from builder.read.links import safe_url
from builder.read.metadata import front_matter, language, validated
from builder.read.sentences import sentences
from builder.read.slugs import article_id, article_page


def text_article(text: str, relative: str, notes: list[str]) -> Article:
    """A plain-text article; a short first line without final punctuation, then a blank line, is its headline."""
    lines = text.strip("\n").split("\n")
    first = lines[0].strip() if lines else ""
    if len(lines) > 2 and not lines[1].strip() and _is_headline(first):
        return _article(relative, first, "\n".join(lines[2:]), {}, notes)
    return _article(relative, "", text, {}, notes)


def _is_headline(line: str) -> bool:
    return 0 < len(line) <= 200 and not re.search(r"[.!?:;,]$", line)


def markdown_article(text: str, relative: str, notes: list[str]) -> Article:
    """A Markdown article: front matter, then the text; a first `# heading` is the headline if no `title:` is."""
    meta, body = front_matter(text, notes)
    title = meta.get("title") or ""
    if not title:
        heading = re.match(r"\A\s*#\s+(.+?)\s*#*\s*(?:\n|\Z)", body)
        if heading:
            title, body = heading.group(1), body[heading.end() :]
    return _article(relative, title, body, meta, notes)


def html_article(text: str, relative: str, notes: list[str]) -> Article:
    """A saved web page: its title, its article text and what its `<meta>` tags say."""
    page = html_text.extract(text)
    if page.title and not page.text:
        raise ArticleError(relative, "no article found in the page (only a title, menus or links)")
    meta = validated({key: value for key, value in page.meta.items() if value}, notes)
    return _article(relative, page.title, cut(page.text, MAX_TEXT_CHARACTERS, notes), meta, notes)


def _article(relative: str, title: str, body: str, meta: dict, notes: list[str]) -> Article:
    body = body.strip("\n")
    title = " ".join(str(title).split())
    if not body.strip() and not title:
        raise ArticleError(relative, "no title and no text")
    if not title:
        title = _inferred_title(body, relative)
    url = meta.get("url")
    if url and safe_url(url) is None:
        notes.append(f"url {url!r} is not a plain http(s) link; it is shown as text only")
        url = None
    return Article(
        id=article_id(relative),
        path=relative,
        title=title,
        text=body,
        source=meta.get("source") or None,
        url=url or None,
        author=meta.get("author") or None,
        published=meta.get("published"),
        tags=meta.get("tags", ()),
        language=language(meta.get("language"), notes),
        topic=meta.get("topic") or None,
        section=meta.get("section") or None,
        page=article_page(title, relative),
        extra=tuple(meta.get("extra", ())),
        notes=tuple(notes),
    )


def _inferred_title(body: str, relative: str) -> str:
    """The first sentence without its dateline as a headline; the file name if there is none.

    A sentence longer than `HEADLINE_CHARS` gives its first clause that stands
    on its own (up to a comma, a dash, "who", "after"..., else before a phrase
    such as "between the..."), never a phrase cut with an ellipsis.
    """
    found = sentences(without_dateline(body[:2000]))
    if not found:
        return Path(relative).stem
    return headline_of(found[0])


HEADLINE_CHARS = 90
"""A headline inferred from a sentence is at most about this long."""
_CLAUSE_END = re.compile(
    r"\s*[,;:]\s|\s+[—–-]+\s|\s+(?=(?:who|which|where|after|as|while|when|because|but|amid|following|despite|"
    r"before|since|although|though|and|or)\s)"
)
_PHRASE_START = re.compile(
    r"\s+(?=(?:in|on|at|of|for|with|to|from|by|between|over|into|near|about|during|against|under|across)\s)"
)


def headline_of(sentence: str) -> str:
    """A sentence as a headline: whole when short, else its longest opening clause (or phrase) that fits."""
    sentence = " ".join(sentence.split()).rstrip(".")
    if len(sentence) <= HEADLINE_CHARS:
        return sentence
    for pattern in (_CLAUSE_END, _PHRASE_START):
        ends = [m.start() for m in pattern.finditer(sentence) if m.start() <= HEADLINE_CHARS]
        ends = [end for end in ends if len(sentence[:end].split()) >= 4]
        if ends:
            return sentence[: max(ends)].rstrip(",;:—–- ")
    cut = sentence[: HEADLINE_CHARS + 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:—–- ")
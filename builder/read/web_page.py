"""Text and metadata of a saved web page, read as a browser's reader view would, with trafilatura.

trafilatura finds the article among menus, related links, comments and
sign-up boxes (on the public article-extraction benchmark it keeps far less
that is not the article than a plain HTML-to-text pass; see
`benchmarks/extraction.py`), and reads the page's headline, outlet, byline,
canonical link and publication date (with htmldate). Only text is kept: no
markup from the page ever reaches the site.
"""

from __future__ import annotations

from dataclasses import dataclass, field

NOT_ARTICLE = ["//nav"]
"""Parts of a page that are never the article: trafilatura's fallbacks would otherwise read a page of menus as text."""
_META_KEYS = {"sitename": "source", "author": "author", "date": "published", "url": "url"}
"""trafilatura's metadata fields, by the front-matter key each becomes."""
_LANGUAGE_TAGS = ("//html/@*[name()='lang' or name()='xml:lang']", "//meta[@property='og:locale']/@content",
                  "//meta[translate(@http-equiv, 'CONTENT-LANGUAGE', 'content-language')='content-language']/@content")
"""Where a page states its language, most specific first (trafilatura only guesses it, with an extra package)."""


@dataclass(frozen=True)
class Page:
    """What a saved web page says about itself."""

    title: str = ""
    """The page's headline (trafilatura's pick among `og:title`, `<h1>` and `<title>`)."""
    text: str = ""
    """The article's text, one paragraph a line, blank lines between paragraphs; empty when the page has no article."""
    meta: dict[str, object] = field(default_factory=dict)
    """Front-matter-like metadata: source, author, published, url (canonical), language, where the page has them."""


def extract(document: str | bytes) -> Page:
    """Read an HTML document into a `Page` (bytes are decoded as the page declares)."""
    # Imported here: trafilatura takes a fifth of a second to import, which a
    # build whose pages are all read from the cache need not spend.
    from trafilatura import bare_extraction
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import load_html

    tree = load_html(document)
    if tree is None:
        return Page()
    language = _language(tree)
    found = bare_extraction(tree, with_metadata=True, prune_xpath=NOT_ARTICLE)
    if found is None:  # no article; the title says what the page was
        return Page(title=" ".join((extract_metadata(tree).title or "").split()))
    title = " ".join((found.title or "").split())
    meta = {key: getattr(found, name) for name, key in _META_KEYS.items() if getattr(found, name)}
    if language:
        meta["language"] = language
    return Page(title=title, text=_paragraphs(found.text or "", title), meta=meta)


def _paragraphs(text: str, title: str) -> str:
    """trafilatura's lines as paragraphs, without the headline repeated above the text (the page shows it)."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    if lines and lines[0] == title:
        lines = lines[1:]
    return "\n\n".join(lines)


def _language(tree) -> str:
    """The language the page declares, as its primary subtag (`en` for `en-GB` or `en_US`), or ''."""
    for path in _LANGUAGE_TAGS:
        for value in tree.xpath(path):
            tag = str(value).strip().replace("_", "-").split("-")[0].lower()
            if tag.isalpha() and len(tag) <= 3:
                return tag
    return ""

"""Turning article text into Markdown and HTML that shows it and does nothing else.

Everything that comes from an article (text, title, front matter) passes
through `inline()` or `html_text()` before it reaches a page, so headings,
links, raw HTML, `javascript:` URLs, Jinja and reference definitions in an
article are shown as the characters they are. Invisible control characters
are dropped on the way: Python-Markdown uses some of them (STX, ETX) to mark
its own placeholders, so an article must never bring them in.
"""

from __future__ import annotations

import html
import re

from builder.read.links import safe_url

# Characters that Python-Markdown or a common extension treats as markup. Each
# becomes a numeric character reference: it renders as itself and can never
# start markup, whichever extensions a site enables.
_SPECIALS = re.compile(r"[\\`*_{}\[\]()#!|~^=:$<>&]")
# Characters that are markup only at the start of a line: list items and rules.
_LINE_START = re.compile(r"^(\d*)([-+.)])")
# Control characters other than tab and line breaks, and lone surrogates (not encodable as UTF-8).
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# Jinja and macro plugins read `{{`, `{%` and `{#` even inside raw HTML.
_TEMPLATE = re.compile(r"[{}]")


def plain(text: str) -> str:
    """The text `inline(text)` shows: control characters dropped, white space folded to single spaces."""
    return " ".join(_INVISIBLE.sub("", text).split())


def inline(text: str) -> str:
    """One line of Markdown that renders as exactly `plain(text)`."""
    folded = plain(text)
    escaped = _SPECIALS.sub(_reference, folded)
    return _LINE_START.sub(lambda match: match.group(1) + _reference(match), escaped, count=1)


def _reference(match: re.Match) -> str:
    return f"&#{ord(match.group(match.lastindex or 0))};"


def html_text(text: str) -> str:
    """Text for inside an HTML element: entities for `<`, `>`, `&`, quotes and braces; no control characters."""
    escaped = html.escape(_INVISIBLE.sub("", text), quote=True)
    return _TEMPLATE.sub(lambda match: f"&#{ord(match.group())};", escaped)


def line_html(text: str) -> str:
    """One line of text for inside an HTML element: what `inline(text)` is for Markdown."""
    return html_text(plain(text))


def attribute(text: str) -> str:
    """A value for an HTML attribute in double quotes."""
    return line_html(text)


def link(text: str, target: str) -> str:
    """A Markdown link whose visible text is `text` (escaped) and whose target is trusted."""
    return f"[{inline(text)}]({target})"


def external_link(text: str, url: str | None) -> str:
    """A link to an article's original, or the escaped text when the URL is not safe."""
    checked = safe_url(url)
    if checked is None:
        return inline(text)
    return f'<a href="{attribute(checked)}" rel="noopener nofollow">{html_text(text)}</a>'


def html_link(text: str, href: str) -> str:
    """An HTML link whose visible text is `text` (escaped) and whose target is trusted."""
    return f'<a href="{attribute(href)}">{line_html(text)}</a>'


def published_url(page: str, directory_urls: bool = True) -> str:
    """Where MkDocs publishes docs-folder page `page`, relative to the site root.

    With directory URLs (MkDocs' default) `a/b.md` becomes `a/b/` and
    `a/index.md` becomes `a/`; without them, `a/b.html` and `a/index.html`.
    """
    stem = page.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def href(from_page: str, to_page: str, directory_urls: bool = True) -> str:
    """A link from one published page to another, relative, as a browser resolves it.

    Raw HTML in a page is not rewritten by MkDocs (it rewrites Markdown links to
    `.md` files only), so links in the HTML we generate point at published URLs.
    """
    source, target = published_url(from_page, directory_urls), published_url(to_page, directory_urls)
    folder = source.split("/")[:-1]  # "a/b/" -> [a, b]; "a/b.html" -> [a]
    parts = target.split("/")
    shared = 0
    while shared < min(len(folder), len(parts) - 1) and folder[shared] == parts[shared]:
        shared += 1
    relative_target = "/".join([".."] * (len(folder) - shared) + parts[shared:])
    return relative_target or "./"

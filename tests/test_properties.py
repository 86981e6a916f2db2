"""Any text in, valid output out: tokenizer, cleaner, slugs, reading and Markdown escaping."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from builder.read import web_page as html_text
from builder.render import markup
from builder.read import slugs
from builder.clean import clean
from builder.model.errors import ArticleError
from builder.model import Article
from builder.read.decoding import decode
from builder.read.sentences import sentence_spans, sentences, words
from test_markup import site_markdown

SITE = site_markdown()
"""Python-Markdown set up as MkDocs sets it up for this site (its defaults plus mkdocs.yml's extensions)."""

# Markup-heavy text: hypothesis finds more with these characters than with random Unicode alone.
MARKUP = st.sampled_from(list("<>&\"'`*_[](){}#!|~^=:$\\-+.\n\t \x02\x03") + [
    "<script>", "</div>", "javascript:", "{{", "{%", "---", "[ref]: ", "1. ", "> ", "    ", "&amp;", "&#60;",
    "\x02wzxhzdk:0\x03", "[TOC]", "{: #id}", "```", "<!--", "-->", "\r\n", "\u2028", "\ud800",
])
TEXT = st.lists(st.one_of(st.text(max_size=8), MARKUP), max_size=40).map("".join)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class _Visible(HTMLParser):
    """The text a browser shows for an HTML fragment (and every element's name)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)

    def handle_data(self, data) -> None:
        self.text.append(data)


def _render(source: str) -> _Visible:
    parser = _Visible()
    parser.feed(markdown.markdown(source, **SITE))
    parser.close()
    return parser


@pytest.mark.slow  # 300 random texts through Python-Markdown; test_markup keeps escaping in the fast set
@FAST
@given(TEXT)
@example("# heading")
@example("[x](javascript:alert(1))")
@example("<img src=x onerror=alert(1)>")
@example("1. item")
@example("---")
@example("[ref]: javascript:alert(1)")
@example("text {: #pwned }")
@example("\x02wzxhzdk:0\x03")
def test_escaped_inline_text_renders_as_exactly_its_visible_text_in_a_paragraph(text):
    rendered = _render(markup.inline(text))
    assert " ".join("".join(rendered.text).split()) == markup.plain(text)
    assert set(rendered.tags) <= {"p"}


@pytest.mark.slow  # 300 random texts through Python-Markdown; test_markup keeps escaping in the fast set
@FAST
@given(TEXT)
def test_escaped_inline_text_stays_a_heading_with_exactly_its_text(text):
    rendered = _render("# " + markup.inline(text))
    if markup.plain(text):
        assert rendered.tags == ["h1"]
    assert " ".join("".join(rendered.text).split()) == markup.plain(text)


@pytest.mark.slow  # 300 random texts through Python-Markdown; test_markup keeps escaping in the fast set
@FAST
@given(TEXT, TEXT)
def test_escaped_link_text_stays_one_link_to_the_trusted_target(text, other):
    rendered = _render(f"{markup.link(text, '../stories/x.md')} {markup.inline(other)}")
    assert rendered.tags.count("a") == (1 if markup.plain(text) else rendered.tags.count("a"))
    assert set(rendered.tags) <= {"p", "a"}


@pytest.mark.slow  # 300 random texts through Python-Markdown; test_markup keeps escaping in the fast set
@FAST
@given(TEXT)
def test_escaped_inline_text_inside_a_markdown_block_of_html_renders_as_its_text(text):
    rendered = _render(f'<div class="briefing-story" markdown>\n\n{markup.inline(text)}\n\n</div>')
    assert " ".join("".join(rendered.text).split()) == markup.plain(text)
    assert set(rendered.tags) <= {"div", "p"}


@pytest.mark.slow  # 300 random texts through Python-Markdown; test_markup keeps escaping in the fast set
@FAST
@given(TEXT)
def test_html_text_inside_a_raw_block_shows_exactly_the_text(text):
    rendered = _render(f'<div markdown="0"><p>{markup.html_text(text)}</p></div>')
    assert rendered.tags == ["div", "p"]
    # A browser folds white space inside a paragraph, so compare what it shows.
    assert " ".join("".join(rendered.text).split()) == markup.plain(text)


@FAST
@given(st.text(), st.text())
def test_article_pages_are_safe_names_inside_the_articles_folder(title, path):
    page = slugs.article_page(title, path)
    assert page.startswith("articles/") and page.endswith(".md")
    name = page.removeprefix("articles/").removesuffix(".md")
    assert "/" not in name and "\\" not in name and not name.startswith(".") and ".." not in name
    assert all(char == "-" or char.isalnum() or __import__("unicodedata").category(char)[0] == "M" for char in name)
    assert page == page.casefold() or not name.isascii()
    assert len(name.encode("utf-8")) < 255 - len("index.html")
    assert slugs.article_page(title, path) == page


@FAST
@given(st.lists(st.tuples(st.text(max_size=5), st.sampled_from(["x.md", "X.md", "y.md"])), max_size=12))
def test_distinct_names_never_repeat_and_keep_each_path(pairs):
    result = slugs.distinct(pairs)
    assert set(result) == {path for path, _ in pairs}
    assert len({name.casefold() for name in result.values()}) == len(result)


@FAST
@given(st.text())
def test_slugify_gives_plain_ascii_words(text):
    slug = slugs.slugify(text)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug)


@FAST
@given(st.text(max_size=300) | TEXT)
def test_tokenizer_spans_are_verbatim_trimmed_and_in_order(text):
    spans = sentence_spans(text)
    assert [text[span.start : span.end] for span in spans] == sentences(text)
    previous_end = 0
    for span in spans:
        assert previous_end <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == text[span.start : span.end].strip()
        previous_end = span.end
    for sentence in sentences(text):
        assert all(word and not word.isspace() for word in words(sentence))


@FAST
@given(st.text(max_size=300) | TEXT)
def test_cleaner_removals_are_ordered_spans_of_the_original(text):
    article = Article(id="x", path="x.txt", title="x", text=text)
    cleaned = clean(article)
    position = 0
    kept = []
    for removal in cleaned.removals:
        assert position <= removal.start <= removal.end <= len(text)
        kept.append(text[position : removal.start])
        position = removal.end
    kept.append(text[position:])
    assert cleaned.text == "".join(kept)


@FAST
@given(st.binary(max_size=400))
def test_any_bytes_decode_to_clean_text_or_a_stated_reason(data):
    try:
        text, notes = decode(data, "x.txt")
    except ArticleError as error:
        assert error.cause
        return
    assert "\r" not in text
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]", text)
    text.encode("utf-8")


@FAST
@given(TEXT | st.text(max_size=200))
def test_any_saved_page_gives_text_without_markup_from_the_page(document):
    page = html_text.extract(document)
    assert isinstance(page.title, str) and isinstance(page.text, str)


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "data:text/html,<script>",
    "vbscript:x", "//evil.example/x", "https://example.com/\" onmouseover=\"x", "https:/no-host", "ftp://example.com/",
])
def test_only_plain_http_links_are_ever_links(url):
    assert markup.safe_url(url) is None

"""Article text becomes Markdown and HTML that show it and do nothing else."""

from __future__ import annotations

import functools
from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

from builder.render import markup

ROOT = Path(__file__).resolve().parent.parent


@functools.cache
def site_markdown() -> dict:
    """Python-Markdown's options as MkDocs passes them for this site: its defaults plus mkdocs.yml's extensions."""
    config = load_config(config_file=str(ROOT / "mkdocs.yml"))
    return {"extensions": config.markdown_extensions, "extension_configs": config.mdx_configs}


def _html(source: str) -> str:
    return markdown.markdown(source, **site_markdown())


@pytest.mark.parametrize(("text", "html"), [
    ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ("# not a heading", "<p># not a heading</p>"),
    ("---", "<p>---</p>"),
    ("1. not a list", "<p>1. not a list</p>"),
    ("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>"),
    ("[ref]: javascript:alert(1)", "<p>[ref]: javascript:alert(1)</p>"),
    ("{{ config.site_name }} {% raw %}", "<p>{{ config.site_name }} {% raw %}</p>"),
    ("Q&A: *bold* and `code`", "<p>Q&amp;A: *bold* and `code`</p>"),
    ("title {: #pwned onclick=x }", "<p>title {: #pwned onclick=x }</p>"),
    ("hidden\x02wzxhzdk:0\x03 placeholder", "<p>hiddenwzxhzdk:0 placeholder</p>"),
])
def test_inline_markdown_shows_the_characters_as_written(text, html):
    rendered = _html(markup.inline(text))
    # Python-Markdown keeps numeric references; compare what a browser shows.
    import html as html_module

    assert html_module.unescape(rendered) == html_module.unescape(html)
    assert "<script" not in rendered and "<a" not in rendered and "<h1" not in rendered


def test_html_text_escapes_markup_quotes_and_template_braces():
    assert markup.html_text("<b onclick='x'>{{ y }}</b>\x00") == (
        "&lt;b onclick=&#x27;x&#x27;&gt;&#123;&#123; y &#125;&#125;&lt;/b&gt;")


def test_external_link_only_for_plain_http_urls():
    assert markup.external_link("original", "https://example.com/a?b=1&c=2") == (
        '<a href="https://example.com/a?b=1&amp;c=2" rel="noopener nofollow">original</a>')
    assert markup.external_link("original", "javascript:alert(1)") == "original"
    assert markup.external_link("<b>", "data:text/html,x") == "&#60;b&#62;"


@pytest.mark.parametrize(
    ("from_page", "to_page", "with_directories", "with_files"),
    [
        ("index.md", "stories/x.md", "stories/x/", "stories/x.html"),
        ("articles/a.md", "stories/x.md", "../../stories/x/", "../stories/x.html"),
        ("articles/a.md", "index.md", "../../", "../index.html"),
        ("sources/index.md", "sources/bbc.md", "bbc/", "bbc.html"),
        ("sources/bbc.md", "sources/index.md", "../", "index.html"),
        ("archive/2025-07-08.md", "archive/2025-07-09.md", "../2025-07-09/", "2025-07-09.html"),
        ("articles/a.md", "articles/a.md", "./", "a.html"),
    ],
)
def test_links_between_pages_point_at_published_urls(from_page, to_page, with_directories, with_files):
    assert markup.href(from_page, to_page) == with_directories
    assert markup.href(from_page, to_page, directory_urls=False) == with_files


def test_html_link_escapes_its_text_and_target():
    assert markup.html_link('<b>"x"</b> {{ y }}', "a/?q=1&r=2") == (
        '<a href="a/?q=1&amp;r=2">&lt;b&gt;&quot;x&quot;&lt;/b&gt; &#123;&#123; y &#125;&#125;</a>')

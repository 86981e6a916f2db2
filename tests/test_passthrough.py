"""Generated HTML blocks pass through Markdown unparsed, and render as they would without the extension."""

from __future__ import annotations

import re

import markdown

from builder.render.passthrough import HTML_END, HTML_START, GeneratedHtml
from builder.render.pages import render_pages
from handmade import article, digest

EXTENSIONS = ["toc", "attr_list", "md_in_html"]


def _normalised(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<!-- /?briefing:html -->", "", html)).replace("> <", "><").strip()


def test_every_generated_page_renders_the_same_with_and_without_the_extension():
    made = digest([[article("a.md", "Bridge <b>reopens</b>", "It reopened. *Crowds* came [back](x).",
                            source="Gazette", published="2025-07-08"),
                    article("b.md", "Bridge reopens", "It reopened today.", source="Times", published="2025-07-09")],
                   [article("c.md", "Map found", "An old map was found.")]])
    plain = markdown.Markdown(extensions=EXTENSIONS)
    fast = markdown.Markdown(extensions=[*EXTENSIONS, GeneratedHtml()])
    for path, page in render_pages(made).items():
        assert HTML_START in page, path
        assert _normalised(fast.reset().convert(page)) == _normalised(plain.reset().convert(page)), path


def test_a_marked_block_is_kept_byte_for_byte():
    block = '<p class="x">a  *not emphasis*   <span id="s-1">b</span></p>'
    html = markdown.markdown(f"# T\n\n{HTML_START}\n{block}\n{HTML_END}\n", extensions=[GeneratedHtml()])
    assert block in html


def test_a_block_without_its_end_marker_is_left_to_markdown():
    html = markdown.markdown(f"{HTML_START}\n<p>open</p>\n\nText *here*.\n", extensions=[GeneratedHtml()])
    assert "<em>here</em>" in html and "<p>open</p>" in html

"""Page names: readable, safe, stable, and never shared."""

from __future__ import annotations

import pytest

from builder.read.slugs import article_page, distinct, readable_slug, short_hash, slugify


@pytest.mark.parametrize(("title", "slug"), [
    ("Storm Closes Coastal Road", "storm-closes-coastal-road"),
    ("Storm: Closes — Coastal Road!", "storm-closes-coastal-road"),
    ("Café in Zürich", "cafe-in-zurich"),
    ("../../../etc/passwd", "etc-passwd"),
    ("/tmp/escape\\..\\windows", "tmp-escape-windows"),
    ("?!... --- ***", "article"),
    ("", "article"),
    ("عاصفة تغلق الطريق الساحلي", "عاصفة-تغلق-الطريق-الساحلي"),
    ("סערה סוגרת את כביש החוף", "סערה-סוגרת-את-כביש-החוף"),
    ("风暴关闭沿海公路", "风暴关闭沿海公路"),
    ("Beijing 北京 2025", "beijing-北京-2025"),
])
def test_readable_slug(title, slug):
    assert readable_slug(title, "article") == slug


def test_slugify_stays_ascii_for_other_page_kinds():
    assert slugify("风暴关闭沿海公路", "story") == "story"


def test_long_titles_are_cut_at_a_word():
    assert readable_slug("word " * 30, "article") == "-".join(["word"] * 12)


def test_same_title_in_different_files_gives_different_pages():
    assert article_page("Same", "a.md") != article_page("Same", "sub/a.md")
    assert article_page("Same", "a.md") == article_page("Same", "a.md")


def test_distinct_keeps_the_first_path_and_lengthens_the_others():
    assert distinct([("b.md", "articles/x-00.md"), ("a.md", "articles/X-00.md"), ("c.md", "articles/y-00.md")]) == {
        "a.md": "articles/X-00.md",
        "b.md": f"articles/x-00-{short_hash('b.md', 40)}.md",
        "c.md": "articles/y-00.md",
    }

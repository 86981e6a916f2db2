"""Pagefind indexes every word of our generated pages, with outlet and date, and nothing of the theme's chrome."""

from __future__ import annotations

import json

import pytest

from conftest import build_site, indexed_pages


def article_url(article: dict) -> str:
    return "/" + article["page"]


@pytest.mark.slow
def test_every_article_is_indexed_with_its_full_text_title_and_outlet(demo_site):
    digest = json.loads((demo_site / "briefing.json").read_text(encoding="utf-8"))
    pages = indexed_pages(demo_site)
    for article in digest["articles"]:
        page = pages[article_url(article)]
        assert page["meta"]["title"] == article["title"]
        assert page["meta"]["outlet"] == article["source_label"]
        assert article["summary"][0].split()[0] in page["content"]
    assert any("Witkoff" in page["content"] for page in pages.values())  # a word of a full text only


@pytest.mark.slow
def test_every_article_is_found_by_its_topic_and_section_labels(demo_site):
    digest = json.loads((demo_site / "briefing.json").read_text(encoding="utf-8"))
    topics = {topic["id"]: topic for topic in digest["topics"]}
    sections = {section["id"]: section for section in digest["sections"]}
    story_topic = {story_id: topic["id"] for topic in digest["topics"] for story_id in topic["stories"]}
    pages = indexed_pages(demo_site)
    for story in digest["stories"]:
        topic = topics[story_topic[story["id"]]]
        for article_id in story["articles"]:
            article = next(article for article in digest["articles"] if article["id"] == article_id)
            content = pages[article_url(article)]["content"]
            assert f"Section: {sections[topic['section']]['label']} · Topic: {topic['label']}" in content


@pytest.mark.slow
def test_the_404_page_and_the_theme_chrome_stay_out_of_the_index(demo_site):
    pages = indexed_pages(demo_site)
    assert "/404.html" not in pages
    assert "/" in pages and "/archive/" in pages and "/sources/" in pages
    for page in pages.values():
        assert "Skip to content" not in page["content"]
        assert "Made with" not in page["content"]  # Material's footer


@pytest.mark.slow
def test_story_cards_and_lists_of_links_are_indexed_where_they_lead_only(demo_site):
    digest = json.loads((demo_site / "briefing.json").read_text(encoding="utf-8"))
    home = indexed_pages(demo_site)["/"]
    for story in digest["stories"]:
        assert story["headline"] not in home["content"]


def test_a_large_archive_still_indexes_full_texts():
    from builder.render.article_page import article_page
    from handmade import article, digest

    stories = [[article(f"a{n}.txt", f"Article {n}", f"Sentence number {n} is here.")] for n in range(1200)]
    made = digest(stories)
    page = article_page(made, made.articles[0])
    assert '<div class="briefing-text">' in page
    assert 'data-pagefind-weight="0.2">Section:' in page


def test_an_article_page_names_its_outlet_and_date_for_search_results():
    from builder.render.article_page import article_page
    from handmade import article, digest

    dated = article("a.txt", "Harbour bridge reopens", "The bridge reopened.", source="Coast Gazette",
                    published="2025-07-08")
    made = digest([[dated]])
    page = article_page(made, made.articles[0])
    assert '<strong data-pagefind-meta="outlet"><a href="../../sources/coast-gazette/">Coast Gazette</a></strong>' in page
    assert '<time datetime="2025-07-08" data-pagefind-meta="date">8 July 2025</time>' in page


@pytest.mark.slow
def test_a_removed_article_leaves_the_index_after_a_rebuild(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    for name, word in (("kept.md", "lighthouse"), ("gone.md", "zeppelin")):
        (content / name).write_text(f"---\ntitle: The {word} story\nsource: Coast Gazette\n---\n\n"
                                    f"A {word} was seen on Monday. Nobody could explain it.\n", encoding="utf-8")
    site = tmp_path / "site"
    assert build_site(content, site).returncode == 0
    assert any("zeppelin" in page["content"] for page in indexed_pages(site).values())
    (content / "gone.md").unlink()
    result = build_site(content, site)
    assert result.returncode == 0, result.stderr
    pages = indexed_pages(site)
    assert not any("zeppelin" in page["content"] for page in pages.values())
    assert any("lighthouse" in page["content"] for page in pages.values())

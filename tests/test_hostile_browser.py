"""In a real browser, nothing from an article runs and no element from an article exists.

Every payload in tests/content/hostile/ tries to set `window.__pwned`, change
`document.title` or add an element whose id starts with `pwned`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import build_site, serve
from test_bad_input import make_corpus

pytestmark = pytest.mark.slow  # builds a site through MkDocs and opens it in Chromium

INJECTED = (
    "[id^=pwned], iframe, object, embed, [onerror], [onload], [onclick], [onmouseover], [ontoggle], "
    "a[href^='javascript:' i], a[href^='data:' i], img[src='x']"
)
"""Elements that only an article could have put into a page."""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("hostile")
    content = make_corpus(root / "content", "good", "hostile", "names")
    site = root / "site"
    result = build_site(content, site)
    assert result.returncode == 0, result.stderr
    return site, json.loads((site / "briefing.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hostile_url(hostile_site) -> Iterator[str]:
    yield from serve(hostile_site[0])


@pytest.fixture
def page(browser):
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.dialogs = dialogs
    yield page
    page.close()


def _assert_nothing_injected(page, where: str) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined", f"{where}: {page.evaluate('window.__pwned')}"
    assert "PWNED" not in page.title(), where
    assert page.evaluate(f"document.querySelectorAll({json.dumps(INJECTED)}).length") == 0, where
    assert page.dialogs == [], where


def _pages(site: Path) -> list[str]:
    """Every page of the site: home, topics, stories, articles, sources, archive."""
    folders = [path.parent.relative_to(site).as_posix() for path in site.rglob("index.html")]
    return sorted("" if folder == "." else f"{folder}/" for folder in folders)


def test_no_page_of_the_site_runs_or_shows_anything_an_article_injected(page, hostile_site, hostile_url):
    site, digest = hostile_site
    pages = _pages(site)
    assert {article["page"] for article in digest["articles"]} <= set(pages)
    for address in pages:
        page.goto(hostile_url + address)
        page.wait_for_load_state("load")
        _assert_nothing_injected(page, address)


def test_hostile_titles_are_shown_as_the_text_they_are(page, hostile_site, hostile_url):
    _, digest = hostile_site
    for article in digest["articles"]:
        if article["path"].startswith("hostile/"):
            page.goto(hostile_url + article["page"])
            assert page.locator("article h1").inner_text() == article["title"]
            assert page.title() == f"{article['title']} - News Briefing"


def test_hostile_text_is_visible_as_text(page, hostile_site, hostile_url):
    _, digest = hostile_site
    article = next(a for a in digest["articles"] if a["path"] == "hostile/html_in_text.txt")
    page.goto(hostile_url + article["page"])
    text = page.locator(".briefing-text").inner_text()
    assert '<script>window.__pwned = "script in text"; document.title = "PWNED";</script>' in text
    assert "&lt;script&gt;window.__pwned=\"entity script\"&lt;/script&gt;" in text


def test_search_results_for_hostile_articles_inject_nothing(page, hostile_url):
    page.goto(hostile_url)
    query = page.locator("input[data-md-component='search-query']")
    for term in ("pwned", "script", "onerror", "title"):
        query.click()
        query.fill("")
        query.press_sequentially(term, delay=20)
        page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
        _assert_nothing_injected(page, f"search for {term}")

"""Search in a real browser: our worker (theme/assets/javascripts/briefing-search.js) behind
Material's search box asks Pagefind's index, finds articles by title, outlet, summary and any word
of their full text, and its links open them with the words highlighted."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import build_site, serve

pytestmark = pytest.mark.slow  # builds a site through MkDocs and searches it in Chromium

ARTICLES = {
    "bridge.md": ("Harbour bridge reopens after repairs", "Coast Gazette",
                  "The harbour bridge reopened on Monday after two years of repairs. Engineers said traffic "
                  "would soon return to normal. The council thanked residents for their patience."),
    "vote.md": ("Council sets the date of the local election", "Valley Herald",
                "The council announced that the local election will be held in May. Candidates must "
                "register by March. Turnout was low at the last election, officials said."),
    "storm.md": ("Storm closes schools across the valley", "Valley Herald",
                 "A storm closed schools across the valley on Tuesday. The council opened shelters for "
                 "families. Power returned by the evening, the utility said."),
}
DEEP_WORD = "marzipan"
"""A word that occurs once, three quarters into the body of a long article (`long_article`)."""


def long_article() -> str:
    """Sixty sentences about a ferry, one of them, deep in the body, with `DEEP_WORD`."""
    sentences = [f"The ferry made crossing number {n} to the island with {n * 7} passengers aboard." for n in range(60)]
    sentences[45] = f"A crew member said the galley served {DEEP_WORD} cake on the late crossing."
    return "\n\n".join(" ".join(sentences[start:start + 5]) for start in range(0, 60, 5))


def write_content(content: Path) -> None:
    """The three short articles, and the long one, dated, from a third outlet."""
    content.mkdir()
    for name, (title, source, text) in ARTICLES.items():
        (content / name).write_text(f"---\ntitle: {title}\nsource: {source}\n---\n\n{text}\n", encoding="utf-8")
    (content / "ferry.md").write_text("---\ntitle: Island ferry ends its summer timetable\nsource: Island Courier\n"
                                      f"published: 2025-07-08\n---\n\n{long_article()}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def three_articles_site(tmp_path_factory) -> Path:
    """Three short articles from two outlets and a long one, built into a site."""
    folder = tmp_path_factory.mktemp("three-articles")
    write_content(folder / "content")
    site = folder / "site"
    result = build_site(folder / "content", site, "--strict")
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def three_articles_url(three_articles_site) -> Iterator[str]:
    yield from serve(three_articles_site)


@pytest.fixture
def page(browser, three_articles_url):
    page = browser.new_page()
    page.goto(three_articles_url)
    yield page
    page.close()


def article_pages(site: Path) -> dict[str, str]:
    """Article title -> its page, from the digest."""
    digest = json.loads((site / "briefing.json").read_text(encoding="utf-8"))
    return {article["title"]: article["page"] for article in digest["articles"]}


def search(page, query: str, highlighted: str) -> list[dict]:
    """Enter `query`; once the results highlight `highlighted`, each result's link and marked words.

    Material searches at every key; only the last key is pressed, so that the results shown
    can only be those of the whole query.
    """
    box = page.locator("input[data-md-component='search-query']")
    box.fill(query[:-1])
    box.press(query[-1])
    page.wait_for_function(
        "word => [...document.querySelectorAll('.md-search-result__item > a')]"
        ".some(a => new URL(a.href).searchParams.get('h') === word)",
        arg=highlighted, timeout=10_000)
    return page.locator(".md-search-result__item").evaluate_all(
        """items => items.map(item => ({
            href: item.querySelector('a').href,
            marked: [...item.querySelectorAll('mark')].map(mark => mark.textContent.toLowerCase()),
        }))""")


def pages_of(results: list[dict]) -> list[str]:
    return [urlsplit(result["href"]).path.strip("/") + "/" for result in results]


def test_the_site_searches_with_our_worker(page):
    config = json.loads(page.locator("#__config").text_content())
    assert config["search"].endswith("assets/javascripts/briefing-search.js")


def test_a_word_of_a_title_finds_its_article_with_the_word_marked(page, three_articles_site):
    results = search(page, "harbour", "harbour")
    wanted = article_pages(three_articles_site)["Harbour bridge reopens after repairs"]
    (found,) = [result for result, at in zip(results, pages_of(results)) if at == wanted]
    assert "harbour" in found["marked"]


def test_an_outlet_finds_its_articles_and_no_other(page, three_articles_site):
    pages = article_pages(three_articles_site)
    found = set(pages_of(search(page, "gazette", "gazette")))
    assert pages["Harbour bridge reopens after repairs"] in found
    assert pages["Council sets the date of the local election"] not in found
    assert pages["Storm closes schools across the valley"] not in found


def test_a_plural_finds_the_singular_and_a_word_start_finds_the_word(page, three_articles_site):
    wanted = article_pages(three_articles_site)["Council sets the date of the local election"]
    assert wanted in pages_of(search(page, "elections", "elections"))
    assert wanted in pages_of(search(page, "candid", "candid"))


def test_a_word_with_a_minus_leaves_out_the_pages_that_have_it(page, three_articles_site):
    pages = article_pages(three_articles_site)
    found = set(pages_of(search(page, "council -storm", "council")))
    assert pages["Council sets the date of the local election"] in found
    assert pages["Storm closes schools across the valley"] not in found


def test_a_result_link_opens_the_article_with_the_word_highlighted(page, three_articles_site, three_articles_url):
    search(page, "shelters", "shelters")
    page.locator(".md-search-result__item > a").first.click()
    page.wait_for_url("**/articles/**")
    address = urlsplit(page.url)
    assert address.path.strip("/") + "/" == article_pages(three_articles_site)["Storm closes schools across the valley"]
    assert parse_qs(address.query)["h"] == ["shelters"]
    # Material marks the words after the page has loaded: wait for it rather than race it.
    page.locator("article mark", has_text="shelters").first.wait_for(timeout=10_000)


def test_search_works_from_an_article_page_deep_in_the_site(page, three_articles_site, three_articles_url):
    pages = article_pages(three_articles_site)
    page.goto(three_articles_url + pages["Council sets the date of the local election"])
    found = pages_of(search(page, "gazette", "gazette"))
    assert pages["Harbour bridge reopens after repairs"] in found


def typed(page, query: str) -> None:
    """Type `query` into the header's search box key by key, as a reader does."""
    box = page.locator("input[data-md-component='search-query']")
    box.click()
    box.press_sequentially(query, delay=30)


def test_a_word_deep_in_an_article_body_finds_it_with_its_outlet_and_date(page, three_articles_site):
    typed(page, DEEP_WORD)
    wanted = article_pages(three_articles_site)["Island ferry ends its summer timetable"]
    link = page.locator(f".md-search-result__item > a[href*='{wanted}']")
    link.wait_for(timeout=10_000)
    assert "Island Courier · 8 July 2025" in link.inner_text()
    assert DEEP_WORD in [mark.lower() for mark in link.locator("mark").all_inner_texts()]


def test_a_visit_that_does_not_search_downloads_no_index(browser, three_articles_url, three_articles_site):
    page = browser.new_page()
    requested = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    page.goto(three_articles_url + article_pages(three_articles_site)["Island ferry ends its summer timetable"])
    page.wait_for_load_state("networkidle")
    assert not [path for path in requested if path.startswith("/pagefind/")]
    typed(page, "harbour")
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    assert any(path.startswith("/pagefind/") and "/index/" in path for path in requested)
    assert all(urlsplit(url).hostname == "127.0.0.1" for url in requested if "://" in url)
    page.close()


@pytest.fixture(scope="module")
def sub_path_url(three_articles_site, tmp_path_factory) -> Iterator[str]:
    """The site served under /news/, as GitHub Pages serves a project site."""
    root = tmp_path_factory.mktemp("pages-root")
    shutil.copytree(three_articles_site, root / "news")
    for url in serve(root):
        yield url + "news/"


def test_search_works_under_a_sub_path(browser, sub_path_url, three_articles_site):
    page = browser.new_page()
    page.goto(sub_path_url)
    typed(page, DEEP_WORD)
    wanted = article_pages(three_articles_site)["Island ferry ends its summer timetable"]
    page.locator(".md-search-result__item > a").first.wait_for(timeout=10_000)
    page.locator(".md-search-result__item > a").first.click()
    page.wait_for_url(f"**/news/{wanted}**")
    page.locator("article mark", has_text=DEEP_WORD).first.wait_for(timeout=10_000)
    page.close()


def test_search_works_with_pages_as_html_files(browser, tmp_path):
    write_content(tmp_path / "content")
    site = tmp_path / "site"
    result = build_site(tmp_path / "content", site, config_tail="use_directory_urls: false\n")
    assert result.returncode == 0, result.stderr
    for url in serve(site):
        page = browser.new_page()
        page.goto(url + "articles/" + next((site / "articles").glob("harbour-*.html")).name)
        typed(page, DEEP_WORD)
        page.locator(".md-search-result__item > a").first.wait_for(timeout=10_000)
        page.locator(".md-search-result__item > a").first.click()
        page.wait_for_url("**/articles/island-ferry-*.html**")
        page.locator("article mark", has_text=DEEP_WORD).first.wait_for(timeout=10_000)
        page.close()


@pytest.fixture(scope="module")
def team_sheets_site(tmp_path_factory) -> Path:
    """Twenty team sheets full of initials ("C Hodgson"), spread over the index's shards, and one
    race report with the only "chequered" of the site."""
    folder = tmp_path_factory.mktemp("team-sheets")
    content = folder / "content"
    content.mkdir()
    for number in range(20):
        players = ", ".join(f"C Player{number}x{n} (Club{n})" for n in range(12))
        (content / f"sheet-{number}.md").write_text(
            f"---\ntitle: Team sheet {number} for the weekend\nsource: Coast Gazette\n---\n\n"
            f"The side named for match {number}: {players}. Kick-off is at three.\n", encoding="utf-8")
    (content / "race.md").write_text(
        "---\ntitle: Hamilton wins at Interlagos\nsource: Valley Herald\n---\n\nThe race was long. "
        "Hamilton took the chequered flag after seventy laps. The crowd cheered.\n", encoding="utf-8")
    site = folder / "site"
    result = build_site(content, site, "--strict")
    assert result.returncode == 0, result.stderr
    return site


def test_a_word_only_one_shard_has_finds_its_page_and_not_the_pages_of_its_first_letter(browser, team_sheets_site):
    """A shard without the word answers with the longest word of its own the typed one begins
    with ("c"): those pages must not be shown, let alone before the one with the word."""
    shards = json.loads((team_sheets_site / "pagefind" / "shards.json").read_text(encoding="utf-8"))["shards"]
    assert len(shards) > 5  # the team sheets are spread over many shards
    for url in serve(team_sheets_site):
        page = browser.new_page()
        page.goto(url)
        typed(page, "chequered")
        race = article_pages(team_sheets_site)["Hamilton wins at Interlagos"]
        page.locator(f".md-search-result__item > a[href*='{race}']").wait_for(timeout=10_000)
        links = page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")
        assert not [link for link in links if "team-sheet" in link], links
        page.close()


PAGEFIND_SCORES = """async word => {
    const shards = (await (await fetch("pagefind/shards.json")).json()).shards
    const pagefind = await import(new URL(`pagefind/${shards[0]}/pagefind.js`, location.href).href)
    for (const shard of shards.slice(1))
        await pagefind.mergeIndex(new URL(`pagefind/${shard}/`, location.href).href)
    const found = await pagefind.search(word)
    return Object.fromEntries(await Promise.all(found.results.map(async result => [new URL((await result.data()).url, location.href).pathname, result.score])))
}"""
"""Pagefind's own score for each page that `word` finds, from the site's shards, merged as our worker merges them."""


def test_a_label_finds_its_article_but_counts_less_than_the_same_word_in_a_text(browser, tmp_path):
    from builder.mkdocs.search_shards import index_shards
    from builder.render.blocks import FAINTLY_SEARCHED_HTML

    site = tmp_path / "site"
    text = "<p>The ferry crossed to the island with its passengers aboard on a calm evening.</p>"
    endings = {"in-text": "<p>Section: Storm · Topic: Ferries</p>",
               "in-label": f"<p{FAINTLY_SEARCHED_HTML}>Section: Storm · Topic: Ferries</p>"}
    for name, ending in endings.items():
        path = site / "articles" / name / "index.html"
        path.parent.mkdir(parents=True)
        path.write_text(f'<!doctype html><html lang="en"><body><div data-pagefind-body><h1>Ferry</h1>{text}{ending}'
                        "</div></body></html>", encoding="utf-8")
    (site / "index.html").write_text("<!doctype html><html lang=\"en\"><body>Home</body></html>", encoding="utf-8")
    index_shards(site, tmp_path / "store")
    for base in serve(site):
        page = browser.new_page()
        page.goto(base)
        scores = page.evaluate(PAGEFIND_SCORES, "storm")
        page.close()
    assert set(scores) == {"/articles/in-text/", "/articles/in-label/"}
    assert scores["/articles/in-label/"] < scores["/articles/in-text/"] / 2

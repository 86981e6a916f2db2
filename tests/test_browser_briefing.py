"""What a reader reaches for, in a real browser (Debian's Chromium) on the built site.

Two sites are built once per session: the shipped demo (plain .txt, no dates,
no outlets) and `tests/content_dated/` (front matter with outlets, authors,
dates, links). Every page of each is opened; the crawl records every link,
console error and request, and the tests below read that record. Screenshots
of the home page go to `test-output/` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest

from builder.render.story_pages import TOP_STORIES

from conftest import ROOT

pytestmark = pytest.mark.slow  # builds two sites through MkDocs and opens every page in Chromium

SCREENSHOTS = ROOT / "test-output"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}


@dataclass
class Crawl:
    """What opening every page of a built site in the browser showed."""

    pages: list[str] = field(default_factory=list)
    """Every page opened (absolute URL)."""
    links: dict[str, set[str]] = field(default_factory=dict)
    """Every link target (absolute, with its fragment) and the pages that link to it."""
    console_errors: list[str] = field(default_factory=list)
    """Console errors and uncaught exceptions, with the page they happened on."""
    outside_requests: list[str] = field(default_factory=list)
    """Requests to any host but the local server (blocked, and recorded here)."""


def crawl(browser, site: Path, base_url: str) -> Crawl:
    """Open every HTML page of `site` (except 404.html) and record links, errors and requests."""
    record = Crawl()
    context = browser.new_context(viewport=DESKTOP)
    context.route("**/*", lambda route: _local_only(route, record))
    page = context.new_page()
    current = {"url": ""}
    page.on("console", lambda message: message.type == "error" and record.console_errors.append(
        f"{current['url']}: {message.text}"))
    page.on("pageerror", lambda error: record.console_errors.append(f"{current['url']}: {error}"))
    for html_file in sorted(site.rglob("*.html")):
        if html_file.name == "404.html":
            continue
        url = base_url + _page_path(html_file.relative_to(site))
        current["url"] = url
        page.goto(url, wait_until="networkidle")
        record.pages.append(url)
        targets = page.eval_on_selector_all(
            "a[href], link[href], script[src], img[src]", "elements => elements.map(e => e.href || e.src)")
        for target in targets:
            record.links.setdefault(target, set()).add(url)
    context.close()
    return record


def _local_only(route, record: Crawl) -> None:
    if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
        route.continue_()
    else:
        record.outside_requests.append(route.request.url)
        route.abort()


def _page_path(relative: Path) -> str:
    path = relative.as_posix()
    return path.removesuffix("index.html") if path.endswith("index.html") else path


@pytest.fixture(scope="session")
def demo_crawl(browser, demo_site, demo_url) -> Crawl:
    return crawl(browser, demo_site, demo_url)


@pytest.fixture(scope="session")
def dated_crawl(browser, dated_site, dated_url) -> Crawl:
    return crawl(browser, dated_site, dated_url)


@pytest.fixture(params=["demo", "dated"])
def site_crawl(request) -> tuple[Crawl, Path, str]:
    """Each built site with its crawl: (crawl, site folder, base URL)."""
    name = request.param
    return (request.getfixturevalue(f"{name}_crawl"), request.getfixturevalue(f"{name}_site"),
            request.getfixturevalue(f"{name}_url"))


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs) -> None:
        self.ids.update(value for name, value in attrs if name in ("id", "name") and value)


def _ids_of(url: str) -> set[str]:
    parser = _Ids()
    with urllib.request.urlopen(url) as response:
        parser.feed(response.read().decode("utf-8"))
    return parser.ids


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_every_page_was_opened(site_crawl):
    crawl_record, site, _ = site_crawl
    pages = [p for p in site.rglob("*.html") if p.name != "404.html"]
    assert len(crawl_record.pages) == len(pages) > 5


def test_every_link_on_every_page_resolves(site_crawl):
    crawl_record, _, base_url = site_crawl
    broken = []
    ids_by_page: dict[str, set[str]] = {}
    for target, sources in sorted(crawl_record.links.items()):
        parts = urlsplit(target)
        if parts.hostname not in LOCAL_HOSTS:
            if parts.scheme not in ("http", "https") or not parts.hostname:
                broken.append(f"{target} (not a web link) on {sorted(sources)[0]}")
            continue
        address, fragment = urldefrag(target)
        status = _status(address)
        if status != 200:
            broken.append(f"{target}: HTTP {status}, linked from {sorted(sources)[0]}")
        elif fragment:
            if address not in ids_by_page:
                ids_by_page[address] = _ids_of(address)
            if fragment not in ids_by_page[address]:
                broken.append(f"{target}: no element with id '{fragment}', linked from {sorted(sources)[0]}")
    assert broken == []
    assert f"{base_url}feed.xml" in crawl_record.links and f"{base_url}feed.json" in crawl_record.links


def test_no_page_logs_a_console_error(site_crawl):
    crawl_record, _, _ = site_crawl
    assert crawl_record.console_errors == []


def test_no_page_requests_anything_from_another_host(site_crawl):
    crawl_record, _, _ = site_crawl
    assert crawl_record.outside_requests == []


def test_topic_navigation_reaches_every_article(browser, site_crawl):
    _, site, base_url = site_crawl
    expected = {base_url + article["page"] for article in _digest(site)["articles"]}
    page = browser.new_page(viewport=DESKTOP)
    page.goto(base_url)
    topics = _hrefs(page, "nav.md-nav--primary a[href*='topics/']")
    stories, articles = set(), set()
    for topic in sorted(topics):
        page.goto(topic)
        stories |= _hrefs(page, "article.md-content__inner a[href*='stories/']")
        # A one-source story has no page of its own: its card links to the article.
        articles |= {urldefrag(href)[0] for href in _hrefs(page, "article.md-content__inner a[href*='articles/']")}
    for story in sorted(stories):
        page.goto(story)
        articles |= {urldefrag(href)[0] for href in _hrefs(page, "article.md-content__inner a[href*='articles/']")}
    page.close()
    assert topics and articles == expected


def test_search_for_a_word_of_one_article_finds_that_article(browser, demo_site, demo_url):
    word, article = _word_only_in_one_article(demo_site)
    page = browser.new_page(viewport=DESKTOP)
    page.goto(demo_url)
    query = page.locator("input[data-md-component='search-query']")
    query.click()
    query.press_sequentially(word, delay=30)
    wanted = demo_url + article["page"]
    # Results refresh with each key; wait for those of the whole word, then read them.
    page.wait_for_function(
        "word => [...document.querySelectorAll('.md-search-result__item a')].some(a => a.href.includes('h=' + word))",
        arg=word, timeout=10_000)
    links = page.locator(".md-search-result__item a").evaluate_all("links => links.map(a => a.href)")
    page.close()
    assert wanted in {href.split("?", 1)[0].split("#", 1)[0] for href in links}


@pytest.mark.parametrize("name", ["demo", "dated"])
def test_summary_sentence_links_land_on_the_highlighted_sentence(browser, request, name):
    site, base_url = request.getfixturevalue(f"{name}_site"), request.getfixturevalue(f"{name}_url")
    checked = 0
    page = browser.new_page(viewport=PHONE)
    for article in _digest(site)["articles"]:
        page.goto(base_url + article["page"])
        links = page.locator(".briefing-summary a[href^='#s-']")
        assert links.count() == len(article["summary"]), article["path"]
        for index in range(links.count()):
            link = links.nth(index)
            sentence = " ".join(link.inner_text().split())
            link.click()
            target = page.locator(":target")
            assert page.evaluate("location.hash") == link.get_attribute("href")
            assert " ".join(target.inner_text().split()) == sentence
            assert target.evaluate("e => e.closest('.briefing-text') !== null")
            assert target.evaluate("e => getComputedStyle(e).backgroundColor") not in ("rgba(0, 0, 0, 0)", "transparent")
            assert target.evaluate("e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")
            checked += 1
    page.close()
    assert checked >= len(_digest(site)["articles"])


@pytest.mark.parametrize("width", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_home_page_fits_the_screen_and_is_screenshotted(browser, demo_url, dated_url, width):
    SCREENSHOTS.mkdir(exist_ok=True)
    name = "phone" if width is PHONE else "desktop"
    for site, url in (("demo", demo_url), ("dated", dated_url)):
        stories = json.loads(urllib.request.urlopen(url + "briefing.json").read())["stories"]
        for scheme in ("light", "dark"):
            page = browser.new_page(viewport=width, color_scheme=scheme)
            page.goto(url, wait_until="networkidle")
            assert page.evaluate("document.documentElement.scrollWidth") <= width["width"]
            assert page.locator(".briefing-story").count() == min(len(stories), TOP_STORIES)
            suffix = "" if site == "demo" and scheme == "light" else f"-{site}-{scheme}"
            page.screenshot(path=SCREENSHOTS / f"home-{name}{suffix}.png", full_page=scheme == "light")
            page.close()


def test_dark_palette_follows_the_system_setting(browser, demo_url):
    page = browser.new_page(viewport=DESKTOP, color_scheme="dark")
    page.goto(demo_url)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.close()


def test_print_shows_the_briefing_without_the_site_chrome(browser, dated_url):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(dated_url, wait_until="networkidle")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert page.locator(".briefing-story").first.is_visible()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "home-print-dated.png", full_page=True)
    page.close()


def test_feeds_are_announced_in_every_page_head(dated_site):
    for html_file in dated_site.rglob("*.html"):
        if html_file.name == "404.html":
            continue
        head = html_file.read_text(encoding="utf-8").split("</head>", 1)[0]
        assert re.search(r'<link rel="alternate" type="application/atom\+xml" [^>]*href="[^"]*feed\.xml"', head)
        assert re.search(r'<link rel="alternate" type="application/feed\+json" [^>]*href="[^"]*feed\.json"', head)


def _digest(site: Path) -> dict:
    return json.loads((site / "briefing.json").read_text(encoding="utf-8"))


def _hrefs(page, selector: str) -> set[str]:
    return set(page.eval_on_selector_all(selector, "links => links.map(a => a.href)"))


def _word_only_in_one_article(site: Path) -> tuple[str, dict]:
    """A word of an article's title that no other article's title or text contains."""
    articles = _digest(site)["articles"]
    texts = {a["id"]: (a["title"] + " " + (ROOT / "content" / a["path"]).read_text(encoding="utf-8")).lower()
             for a in articles}
    for article in articles:
        for word in re.findall(r"[A-Za-z]{6,}", article["title"]):
            if not any(word.lower() in text for aid, text in texts.items() if aid != article["id"]):
                return word.lower(), article
    raise AssertionError("every title word of the demo occurs in another article")

"""The briefing as readers with low vision, on a phone, in the dark and on paper meet it.

axe-core (the npm package, installed into `tests/axe/` by `npm ci --prefix tests/axe`;
`.ci/run` does it) is injected by Playwright into one page of every kind (home, topic,
story, article, sources, an outlet, archive, an edition) of two sites: the demo, and a
site built from `../shared/data/news-cluster.jsonl` (real outlets, dates and links).
Each page is checked in the light palette at desktop width and in the dark palette at
360 px against WCAG 2.2 A/AA; any serious or critical violation fails, listed.
Screenshots of the home page at phone width and in print go to `test-output/`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks import datasets
from conftest import ROOT, _missing, build_site, serve

pytestmark = pytest.mark.slow  # builds two sites through MkDocs and runs axe in Chromium

AXE = ROOT / "tests" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
FAILING_IMPACTS = {"serious", "critical"}
SCREENSHOTS = ROOT / "test-output"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
MODES = {"light-desktop": ("light", DESKTOP), "dark-phone": ("dark", PHONE)}


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe.min.js from the npm package; missing is a skip, or a failure under CI=true."""
    if not AXE.exists():
        _missing(f"{AXE.relative_to(ROOT)} is missing: run `npm ci --prefix tests/axe`")
    return AXE


@pytest.fixture(scope="session")
def cluster_site(tmp_path_factory) -> Path:
    """The news_cluster evaluation set written as `.md` articles and built once."""
    if not datasets.NEWS_CLUSTER.exists():
        pytest.skip(f"{datasets.NEWS_CLUSTER} is missing (the shared evaluation data is not on this machine)")
    folder = tmp_path_factory.mktemp("cluster")
    datasets.write_articles(folder / "content", datasets.news_cluster())
    result = build_site(folder / "content", folder / "site")
    assert result.returncode == 0, result.stderr
    return folder / "site"


@pytest.fixture(scope="session")
def cluster_url(cluster_site) -> Iterator[str]:
    yield from serve(cluster_site)


def page_kinds(site: Path) -> dict[str, str]:
    """One page of every kind, as a path below the site root."""
    digest = json.loads((site / "briefing.json").read_text(encoding="utf-8"))
    stories = [s for s in digest["stories"] if len(s["articles"]) > 1]
    editions = sorted(p.parent.name for p in (site / "archive").glob("*/index.html"))
    outlets = sorted(p.parent.name for p in (site / "sources").glob("*/index.html"))
    kinds = {"home": "", "topic": _url(digest["topics"][0]["page"]), "article": _url(digest["articles"][0]["page"]),
             "sources": "sources/", "outlet": f"sources/{outlets[0]}/", "archive": "archive/",
             "edition": f"archive/{editions[0]}/"}
    if stories:
        kinds["story"] = _url(stories[0]["page"])
    return kinds


def _url(page: str) -> str:
    """briefing.json gives pages as URLs below the site root already ("topics/x/")."""
    return page.removesuffix(".md").rstrip("/") + "/"


def axe_violations(page, script: Path) -> list[dict]:
    """axe-core's WCAG 2.2 A/AA violations of the open page."""
    page.add_script_tag(path=str(script))
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))})))",
        WCAG_TAGS)


# What axe does not judge: headings that skip a level, an unnamed dialog, source links smaller
# than a fingertip, and dates or badges split over two lines. Each returns the offending elements.
OWN_CHECKS = {
    "heading skips a level": """() => { const levels = [...document.querySelectorAll(
        'article :is(h1, h2, h3, h4, h5, h6)')].map(h => +h.tagName[1]);
        return levels.filter((level, i) => i > 0 && level > levels[i - 1] + 1).map(l => 'h' + l); }""",
    "dialog without a name": """() => [...document.querySelectorAll('[role=dialog]')]
        .filter(d => !(d.getAttribute('aria-label') || d.getAttribute('aria-labelledby'))).map(d => d.className)""",
    "source link under 24 px high": """() => [...document.querySelectorAll('.briefing-source a, .briefing-more a')]
        .filter(a => a.offsetParent && a.getBoundingClientRect().height < 24).map(a => a.textContent)""",
    "unit broken over two lines": """() => [...document.querySelectorAll(
        'article time, .briefing-badge, .briefing-meta-item')].filter(e => e.getClientRects().length > 1
        || e.getBoundingClientRect().height > 1.8 * parseFloat(getComputedStyle(e).lineHeight || 20))
        .map(e => e.textContent)""",
}


def own_findings(page) -> list[str]:
    """The `OWN_CHECKS` that fail on the open page, with the elements they name."""
    found = []
    for name, script in OWN_CHECKS.items():
        elements = page.evaluate(script)
        if elements:
            found.append(f"{name}: {elements[:5]}")
    return found


def audit(browser, script: Path, site: Path, base_url: str, mode: str) -> list[str]:
    """Every serious or critical violation on one page of each kind, one line per element."""
    scheme, viewport = MODES[mode]
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    found = []
    for kind, path in page_kinds(site).items():
        page.goto(base_url + path, wait_until="networkidle")
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
        for violation in axe_violations(page, script):
            if violation["impact"] in FAILING_IMPACTS:
                found += [f"{kind} {path!r} [{mode}] {violation['id']} ({violation['impact']}): {node['target']}: "
                          f"{node['summary'].splitlines()[-1].strip()}" for node in violation["nodes"]]
        found += [f"{kind} {path!r} [{mode}] {finding}" for finding in own_findings(page)]
    context.close()
    return found


@pytest.mark.parametrize("mode", MODES)
def test_demo_site_has_no_serious_accessibility_violation(browser, axe_script, demo_site, demo_url, mode):
    found = audit(browser, axe_script, demo_site, demo_url, mode)
    assert found == [], f"{len(found)} serious or critical violations:\n" + "\n".join(found)


@pytest.mark.parametrize("mode", MODES)
def test_news_cluster_site_has_no_serious_accessibility_violation(browser, axe_script, cluster_site, cluster_url,
                                                                  mode):
    found = audit(browser, axe_script, cluster_site, cluster_url, mode)
    assert found == [], f"{len(found)} serious or critical violations:\n" + "\n".join(found[:60])


def test_no_content_file_name_is_shown_on_the_home_page_or_a_story_page(demo_site):
    """The demo's articles name no outlet: readers see "Outlet unknown", editors the file name."""
    digest = json.loads((demo_site / "briefing.json").read_text(encoding="utf-8"))
    names = {article["path"].rsplit("/", 1)[-1] for article in digest["articles"]}
    pages = [demo_site / "index.html", *sorted((demo_site / "stories").glob("*/index.html"))]
    assert len(pages) > 1
    for html_file in pages:
        text = html_file.read_text(encoding="utf-8")
        assert [name for name in names if name in text] == [], html_file
    article_page = demo_site / _url(digest["articles"][0]["page"]) / "index.html"
    assert f"Content file: {digest['articles'][0]['path']}" in article_page.read_text(encoding="utf-8")


@pytest.fixture(params=["dated", "cluster"])
def printed_site(request) -> tuple[str, str]:
    """A site whose sources have links: (name, base URL)."""
    return request.param, request.getfixturevalue(f"{request.param}_url")


def test_print_shows_link_addresses_every_source_and_no_screen_only_parts(browser, printed_site):
    name, base_url = printed_site
    page = browser.new_page(viewport=DESKTOP)
    page.goto(base_url, wait_until="networkidle")
    page.emulate_media(media="print")
    originals = page.locator(".briefing-source a[href^='http']")
    assert originals.count() > 0
    for index in range(originals.count()):
        link = originals.nth(index)
        shown = link.evaluate("a => getComputedStyle(a, '::after').content")
        assert shown == f'" (" attr(href) ")"' or link.get_attribute("href") in shown, shown
        assert link.is_visible()
    for screen_only in (".md-header", ".md-sidebar--primary", ".md-footer", ".briefing-more", ".md-search"):
        assert all(not e.is_visible() for e in page.locator(screen_only).all()), screen_only
    assert all(e.is_visible() for e in page.locator(".briefing-print-only").all())
    assert page.locator(".briefing-dateline time").first.is_visible()  # printed dated
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"a11y-home-print-{name}.png", full_page=True)
    page.pdf(path=str(SCREENSHOTS / f"a11y-home-print-{name}.pdf"), format="A4")
    page.close()


def test_print_lists_every_source_a_card_folds_away(browser, cluster_url):
    page = browser.new_page(viewport=DESKTOP)
    page.goto(cluster_url, wait_until="networkidle")
    folded = page.locator(".briefing-print-only")
    assert folded.count() > 0, "no story card of the news_cluster site has more than 4 sources"
    assert not folded.first.is_visible()
    page.emulate_media(media="print")
    assert folded.first.is_visible() and not page.locator(".briefing-more").first.is_visible()
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_home_page_on_a_phone_is_screenshotted(browser, demo_url, dated_url, scheme):
    for name, url in (("demo", demo_url), ("dated", dated_url)):
        page = browser.new_page(viewport=PHONE, color_scheme=scheme)
        page.goto(url, wait_until="networkidle")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"a11y-home-phone-{name}-{scheme}.png", full_page=True)
        page.close()

"""Our search worker against Material's (Lunr) on built sites, in headless Chromium.

    .venv/bin/python -m benchmarks.search SITE [SITE ...] [--word W] [--rounds R] [--sample N]

SITE is a built site folder (e.g. one kept by `python -m benchmarks.scale --keep DIR`). For each:

- the first search: seconds from the last key to the first result, and from opening the home
  page, as `benchmarks.scale.first_search_seconds` measures it (W: the first word of the first
  article's title unless given), with Material's worker and with ours, alternately, R times. For
  Material's, the home page is served without the lines of `theme/main.html` that name our worker;
- both workers fed the site's `search/search_index.json` directly: seconds from SETUP to READY,
  milliseconds per query, and where an article's page ranks when searching for its title and for
  two words of its title (N articles, evenly spread).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import CHROMIUM_ARGS, serve

OVERRIDE = re.compile(r"<script>\s*\(function \(element\) \{.*?</script>", re.S)
"""The inline script of theme/main.html that gives Material our worker's address."""

COMPARE = """async ({ workers, sample }) => {
  const index = await (await fetch("search/search_index.json")).json()
  const articles = index.docs.filter(doc => doc.location.startsWith("articles/") && !doc.location.includes("#"))
  const step = Math.max(1, Math.floor(articles.length / sample))
  const chosen = articles.filter((_, i) => i % step === 0).slice(0, sample)
  const ask = (worker, message, type) => new Promise(resolve => {
    const listen = event => {
      if (event.data.type === type) { worker.removeEventListener("message", listen); resolve(event.data) }
    }
    worker.addEventListener("message", listen)
    worker.postMessage(message)
  })
  const rows = []
  for (const [name, url] of workers) {
    const worker = new Worker(url)
    let start = performance.now()
    await ask(worker, { type: 0, data: { ...index, options: { suggest: false } } }, 1)
    const setup = (performance.now() - start) / 1000
    const ranks = { title: [], words: [] }
    let spent = 0, queries = 0
    for (const doc of chosen) {
      const title = doc.title.replace(/<[^>]*>|&[a-z#0-9]+;/gi, " ").replace(/\\(\\d+\\)|…/g, " ").trim()
      const words = title.split(/\\s+/).filter(word => /^[A-Za-z]{5,}$/.test(word)).slice(0, 2).join(" ")
      for (const [kind, query] of [["title", title], ["words", words]]) {
        if (!query) continue
        start = performance.now()
        const { data } = await ask(worker, { type: 2, data: query }, 3)
        spent += performance.now() - start
        queries++
        const pages = data.items.map(group => (group.find(d => !d.location.includes("#")) || group[0]).location)
        ranks[kind].push(pages.indexOf(doc.location) + 1)
      }
    }
    worker.terminate()
    rows.push({ name, setup, query_ms: spent / queries, ranks })
  }
  return rows
}"""


def first_search(site: Path, word: str, ours: bool) -> tuple[float, float]:
    """Seconds from opening the home page to the first result, and from the last key."""
    with _site_page(site) as (page, url):
        if not ours:
            home, replaced = OVERRIDE.subn("", (site / "index.html").read_text(encoding="utf-8"))
            assert replaced == 1, "the home page does not name our worker"
            page.route(url, lambda route: route.fulfill(body=home, content_type="text/html; charset=utf-8"))
        opened = time.perf_counter()
        page.goto(url)
        query = page.locator("input[data-md-component='search-query']")
        query.click()
        query.press_sequentially(word, delay=30)
        typed = time.perf_counter()
        page.locator(".md-search-result__item").first.wait_for(timeout=60_000)
        found = time.perf_counter()
    return found - opened, found - typed


def compare_workers(site: Path, sample: int) -> list[dict]:
    """Both workers on the site's index: setup seconds, query milliseconds, known-item ranks."""
    material = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    workers = [["Material (Lunr)", material.relative_to(site).as_posix()],
               ["ours", "assets/javascripts/briefing-search.js"]]
    with _site_page(site) as (page, url):
        page.goto(url)
        return page.evaluate(COMPARE, {"workers": workers, "sample": sample})


@contextmanager
def _site_page(site: Path) -> Iterator[tuple[object, str]]:
    """A headless Chromium page and the address of `site` served on loopback, both closed after."""
    from playwright.sync_api import sync_playwright

    server = serve(site)
    url = next(server)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
            try:
                yield browser.new_page(), url
            finally:
                browser.close()
    finally:
        server.close()


def _chromium() -> str:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _first_word(site: Path) -> str:
    """The word `benchmarks.scale` types: the first word of the first article's title."""
    digest = json.loads((site / "briefing.json").read_text(encoding="utf-8"))
    return min(digest["articles"], key=lambda article: article["path"])["title"].split()[0]


def _ranks(ranks: list[int]) -> str:
    first = sum(rank == 1 for rank in ranks)
    top = sum(1 <= rank <= 10 for rank in ranks)
    return f"{100 * first / len(ranks):.0f}% / {100 * top / len(ranks):.0f}%"


def main(argv: list[str] | None = None) -> None:
    """Print both tables for each site."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", type=Path, nargs="+", metavar="SITE")
    parser.add_argument("--word", help="the word typed (default: first word of the first article's title)")
    parser.add_argument("--rounds", type=int, default=2, help="first searches per worker")
    parser.add_argument("--sample", type=int, default=200, help="articles searched for by title")
    arguments = parser.parse_args(argv)
    for site in arguments.sites:
        word = arguments.word or _first_word(site)
        index_mb = (site / "search" / "search_index.json").stat().st_size / 1e6
        print(f"\n## {site} (search index {index_mb:.2f} MB)\n")
        print(f"| first search for {word!r} | s after the last key | s after opening the page |")
        print("|---|---:|---:|")
        for _ in range(arguments.rounds):
            for name, ours in (("Material (Lunr)", False), ("ours", True)):
                total, after = first_search(site, word, ours)
                print(f"| {name} | {after:.2f} | {total:.2f} |", flush=True)
        print("\n| worker | s to READY | ms a query | title: first / top 10 | two title words: first / top 10 |")
        print("|---|---:|---:|---:|---:|")
        for row in compare_workers(site, arguments.sample):
            print(f"| {row['name']} | {row['setup']:.2f} | {row['query_ms']:.1f} | {_ranks(row['ranks']['title'])} | "
                  f"{_ranks(row['ranks']['words'])} |", flush=True)


if __name__ == "__main__":
    main()

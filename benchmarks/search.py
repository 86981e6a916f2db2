"""Pagefind search on built sites, through Material's search box in headless Chromium.

    .venv/bin/python -m benchmarks.search SITE [SITE ...] [--sample N] [--max-pages P]

SITE is a built site folder (e.g. one kept by `python -m benchmarks.scale --keep DIR`). For each:

- indexing: seconds (wall and CPU) for the build's indexing (`builder/mkdocs/search_shards.py`)
  to index every shard of the site from an empty store, as a cold build does (it writes the
  site's `pagefind/` again, the same bytes), and the size and number of files of that index;
- a visit plus the first search: bytes the browser downloads (all responses; served without
  compression, as `python -m http.server` does) for opening an article page, and then for typing
  a word into the header's box until its results show, with the part that is Pagefind's;
- known-item search: N articles (evenly spread), each searched for by a word that no other page of
  the index has (or at most `--max-pages` pages), in the second half of its full text: the share
  found among the first 10 results (with `--copies-count`, the article or a copy of it), and the
  seconds from the last key to the results of the whole word (median, max). The scaled sites of
  `benchmarks.scale` repeat the shared data's 1,510 records with their paragraphs rotated, so past
  1,510 articles a copy's own words are all in its record's other copies (at 20,000 articles
  about 13 of them); each copy ends with a made-up name that only it has (`made_up_name`), and
  on such sites those names are the words that occur once.
"""

from __future__ import annotations

import argparse
import re
import resource
import shutil
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from tests.conftest import CHROMIUM_ARGS, indexed_pages, serve

WORD = re.compile(r"[a-z]{6,}")
BOX = "input[data-md-component='search-query']"
RESULT_FOR = ("word => [...document.querySelectorAll('.md-search-result__item > a')]"
              ".some(a => new URL(a.href).searchParams.get('h') === word)")
"""True once the result list shows the results of the whole word (their links carry it as `?h=`)."""


def index_seconds(site: Path) -> tuple[float, float]:
    """Wall and CPU seconds to index every shard of `site` from an empty store (Pagefind's processes included)."""
    from builder.mkdocs.search_shards import index_shards

    with tempfile.TemporaryDirectory() as scratch:
        started, before = time.perf_counter(), _cpu_seconds()
        index_shards(site, Path(scratch))
        return time.perf_counter() - started, _cpu_seconds() - before


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def deep_words(site: Path, sample: int, max_pages: int = 1) -> list[tuple[str, str]]:
    """(article URL, word) for up to `sample` articles, evenly spread: a word at most `max_pages`
    pages of the index have (the rarest such), in the second half of the article's text."""
    pages = indexed_pages(site)
    counts = Counter(word for page in pages.values() for word in set(WORD.findall(page["content"].lower())))
    found = []
    articles = sorted(url for url in pages if url.startswith("/articles/"))
    for url in articles:
        text = pages[url]["content"].lower()
        half = text[len(text) // 2:]
        rare = [word for word in WORD.findall(half) if 1 <= counts[word] <= max_pages]  # 0: cut by the half
        if rare:
            found.append((url, min(rare, key=lambda word: counts[word])))
    step = max(1, len(found) // sample)
    return found[::step][:sample]


def visit_and_first_search(page, url: str, article: str, word: str) -> tuple[int, int, int]:
    """Bytes downloaded opening `article`, then searching `word` until its results show; Pagefind's part."""
    sizes: list[tuple[str, int]] = []

    def finished(request) -> None:
        response = request.response()
        body = len(response.body()) if response and response.status == 200 else 0
        sizes.append((urlsplit(request.url).path, body))

    page.on("requestfinished", finished)
    page.goto(url + article.lstrip("/"))
    page.wait_for_load_state("networkidle")
    visit = sum(size for _, size in sizes)
    page.locator(BOX).click()
    page.locator(BOX).press_sequentially(word, delay=30)
    page.wait_for_function(RESULT_FOR, arg=word, timeout=30_000)
    page.wait_for_load_state("networkidle")
    page.remove_listener("requestfinished", finished)
    total = sum(size for _, size in sizes)
    return visit, total - visit, sum(size for path, size in sizes if "/pagefind/" in path)


def known_items(page, wanted: list[tuple[str, str]], record_of: dict[str, str] | None = None) -> tuple[int, list[float]]:
    """How many articles show among the first 10 results for their word; seconds from the last key.

    With `record_of` (page URL -> the record it was made from), a copy of the article counts too.
    """
    record_of = record_of or {}
    found, seconds = 0, []
    box = page.locator(BOX)
    for article, word in wanted:
        box.fill(word[:-1])
        started = time.perf_counter()
        box.press(word[-1])
        try:
            page.wait_for_function(RESULT_FOR, arg=word, timeout=10_000)
        except Exception:  # no result at all for the word: a miss, timed at the limit
            seconds.append(time.perf_counter() - started)
            continue
        seconds.append(time.perf_counter() - started)
        links = page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")
        shown = [urlsplit(link).path for link in links[:10]]
        found += any(path == article or record_of.get(path, path) == record_of.get(article) for path in shown)
    return found, seconds


def records(site: Path) -> dict[str, str]:
    """Article URL -> the title of the record it was made from (`benchmarks.scale` titles copies "Title (N)")."""
    return {url: re.sub(r" \(\d+\)$", "", page["meta"].get("title", url))
            for url, page in indexed_pages(site).items() if url.startswith("/articles/")}


def first_search(site: Path, word: str) -> tuple[float, float]:
    """Seconds from opening the home page to the first result for `word`, and from the last key."""
    with _browser_page(site) as (page, url):
        opened = time.perf_counter()
        page.goto(url)
        page.locator(BOX).click()
        page.locator(BOX).press_sequentially(word, delay=30)
        typed = time.perf_counter()
        page.locator(".md-search-result__item").first.wait_for(timeout=60_000)
        found = time.perf_counter()
    return found - opened, found - typed


@contextmanager
def _browser_page(site: Path) -> Iterator[tuple[object, str]]:
    """A headless Chromium page and the address of `site` served on loopback, both closed after."""
    from playwright.sync_api import sync_playwright

    server = serve(site)
    url = next(server)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
            try:
                yield browser.new_page(), url
            finally:
                browser.close()
    finally:
        server.close()


def _size(folder: Path) -> tuple[float, int]:
    files = [path for path in folder.rglob("*") if path.is_file()]
    return sum(path.stat().st_size for path in files) / 1e6, len(files)


def main(argv: list[str] | None = None) -> None:
    """Print one table row per site."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", type=Path, nargs="+", metavar="SITE")
    parser.add_argument("--sample", type=int, default=15, help="articles searched for by a deep word")
    parser.add_argument("--max-pages", type=int, default=1, metavar="P",
                        help="a deep word is in at most P pages of the index (default 1)")
    parser.add_argument("--copies-count", action="store_true",
                        help="a copy of the article (the same record, `benchmarks.scale`) counts as found")
    arguments = parser.parse_args(argv)
    print(f"(deep words in at most {arguments.max_pages} page(s) of the index"
          f"{'; a copy of the article counts' if arguments.copies_count else ''})\n")
    print("| site | pages indexed | index s (CPU s) | index MB (files) | visit KB | first search KB (Pagefind) | "
          "deep word in top 10 | s after last key: median / max |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for site in arguments.sites:
        pages = len(indexed_pages(site))
        seconds, cpu = index_seconds(site)
        megabytes, files = _size(site / "pagefind")
        wanted = deep_words(site, arguments.sample + 1, arguments.max_pages)  # the first for the first search
        with _browser_page(site) as (page, url):
            visit, first, pagefind = visit_and_first_search(page, url, *wanted[0])
            found, times = known_items(page, wanted[1:], records(site) if arguments.copies_count else None)
        print(f"| {site} | {pages} | {seconds:.1f} ({cpu:.1f}) | {megabytes:.1f} ({files}) | {visit / 1e3:.0f} | "
              f"{first / 1e3:.0f} ({pagefind / 1e3:.0f}) | {found}/{len(wanted) - 1} | "
              f"{statistics.median(times):.2f} / {max(times):.2f} |", flush=True)


if __name__ == "__main__":
    main()

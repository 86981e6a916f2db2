"""The demo content builds into a site with a page per article."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a whole build through MkDocs, and a search in Chromium

ROOT = Path(__file__).resolve().parent.parent


def test_demo_site_builds_with_every_article(tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "builder", "build", "--site", str(site), "--strict"], cwd=ROOT, check=True)
    digest = json.loads((site / "briefing.json").read_text(encoding="utf-8"))
    assert len(digest["articles"]) == 5
    for article in digest["articles"]:
        assert (site / article["page"] / "index.html").is_file()


def test_search_finds_hostages_in_a_real_browser(browser, demo_url):
    page = browser.new_page()
    page.goto(demo_url)
    query = page.locator("input[data-md-component='search-query']")
    query.click()
    query.press_sequentially("hostages", delay=30)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    assert results.count() >= 1
    page.close()

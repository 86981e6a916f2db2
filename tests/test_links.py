"""Every link between generated pages leads to a page that exists, with and without directory URLs.

Pages are mostly raw HTML, which MkDocs does not rewrite or check, so the
links are checked here on real builds.
"""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import ROOT, build_site

pytestmark = pytest.mark.slow  # builds the demo site through MkDocs, twice

DATED = ROOT / "tests" / "content_dated"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.extend(value for name, value in attrs if name == "href" and value)


def broken_links(site: Path) -> list[tuple[str, str]]:
    """(page, href) for every relative link in `site` that leads to no file."""
    broken = []
    for page in site.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for href in parser.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
                continue  # elsewhere, this page, or the 404 page's links from the site root
            target = Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), unquote(parts.path))))
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append((page.relative_to(site).as_posix(), href))
    return broken


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "html-file-urls"])
def test_every_generated_link_leads_to_a_page(tmp_path, directory_urls):
    site = tmp_path / "site"
    result = build_site(DATED, site, "--strict", config_tail=f"\nuse_directory_urls: {str(directory_urls).lower()}\n")
    assert result.returncode == 0, result.stderr
    pages = list(site.rglob("*.html"))
    assert len(pages) > 10
    assert bool(list(site.glob("articles/*.html"))) is not directory_urls  # articles/x.html, not articles/x/
    assert broken_links(site) == []
    story_links = [page for page in pages if re.search(r'href="[^"]*stories/', page.read_text(encoding="utf-8"))]
    assert story_links, "the dated content has stories with several sources, linked from other pages"

"""Full-text search with Pagefind: the built site is indexed at the end of every build.

Pagefind (`pagefind[bin]`, its binary inside the wheel) reads the written HTML
and splits the index into chunks by word range, so a browser downloads only
the chunks a query needs, whatever the size of the archive: every word of every
article stays findable. Only what our pages mark `data-pagefind-body` is
indexed (`theme/main.html` wraps the content of our generated pages in it; the
404 page and the theme's header, navigation and footer are left out), and
`data-pagefind-ignore` leaves out what is indexed elsewhere (story cards, lists
of links). The index is made from the written site in shards
(`search_shards.py`): each build indexes again only the shards whose pages
changed, so stored pages (`stored_pages.py`) are covered like any other and a
removed page leaves it.

Material's search box stays the interface: its header shows the box only when
its `search` plugin is configured, so `SearchBox` stands in for that plugin
without any of its work (no Lunr index, no `on_page` hooks), and
`search/search_index.json` holds only Material's search settings (its page
highlighting reads them), no documents. The worker that answers the box
(`theme/assets/javascripts/briefing-search.js`) loads Pagefind on the first query
and merges the shards' indexes.
"""

from __future__ import annotations

import json
import logging
import tempfile
import time
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin

from builder.mkdocs.search_shards import IndexReport, index_shards

log = logging.getLogger("mkdocs.plugins.briefing")

SEARCH_PLUGIN = "material/search"
"""The name under which Material's templates look for a search plugin."""
SEARCH_SETTINGS = Path("search") / "search_index.json"
"""Where Material's scripts read the search settings from, in the site folder."""


class _SearchBoxOptions(Config):
    enabled = config_options.Type(bool, default=True)
    """What Material's header reads to decide whether to show the search box."""


class SearchBox(BasePlugin[_SearchBoxOptions]):
    """Stands in for Material's search plugin, so that the header shows the search box; it has no hooks."""


def add_search_box(config: MkDocsConfig) -> None:
    """Give Material's templates a search plugin to find, unless the site configures Material's own.

    MkDocs registers a plugin's hooks when it is added; `SearchBox` has none.
    """
    if SEARCH_PLUGIN in config.plugins:
        log.info("briefing: Material's search plugin is not needed (Pagefind searches the site); "
                 "remove `search` from `plugins` to save its work")
        return
    box = SearchBox()
    box.load_config({})
    config.plugins[SEARCH_PLUGIN] = box


def index_site(site_dir: Path, language: str, store: Path | None) -> IndexReport:
    """Index the written site with Pagefind into `site_dir/pagefind`; write Material's search settings.

    The index is made in shards (`search_shards.py`) kept in `store` between
    builds, so only the shards with a new, edited or removed page are indexed
    again; without a store (no build cache) every shard is.
    """
    started = time.perf_counter()
    if store is None:
        with tempfile.TemporaryDirectory(prefix="briefing-search-") as scratch:
            report = index_shards(site_dir, Path(scratch))
    else:
        report = index_shards(site_dir, store)
    write_settings(site_dir, language)
    log.info("briefing: Pagefind indexed %d pages for search in %.1f s (%d shards indexed, %d unchanged)",
             report.pages, time.perf_counter() - started, len(report.indexed),
             len(report.shards) - len(report.indexed))
    return report


def write_settings(site_dir: Path, language: str) -> None:
    """Material's search settings without documents: its page highlighting splits words with them."""
    settings = {"config": {"lang": [language], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"]}, "docs": []}
    path = site_dir / SEARCH_SETTINGS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(settings, separators=(",", ":")), encoding="utf-8")

"""One MkDocs build of the briefing: what the plugin's hooks share, from `on_config` to the end.

`on_config` opens a `SiteBuild` (which opens the cache) and `generate`s the
Markdown pages; the page hooks hand `RenderedPages` what it needs and count the
pages rendered; `on_post_build` calls `finish`, which also indexes the site for
search (`search.py`), and a failed build `abandon`s it. MkDocs makes a new plugin object, and so a new `SiteBuild`, for every build.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from builder.commands.pipeline import generate
from builder.commands.steps import PROGRESS_FROM
from builder.incremental.store import Cache
from builder.model.config import BriefingConfig
from builder.render.pages import navigation
from builder.render.passthrough import GeneratedHtml
from builder.mkdocs.helper import in_helper
from builder.mkdocs.search import add_search_box, index_site
from builder.mkdocs.search_shards import set_aside
from builder.mkdocs.stored_pages import RenderedPages

log = logging.getLogger("mkdocs.plugins.briefing")

SEARCH_STORE = "search"
"""The folder beside the cache file where the search index's shards are kept between builds."""
_INDENTATION = re.compile(r">[ \t]*\n\s*<")


@dataclass
class SiteBuild:
    """The state of one build: its configuration, the open cache, the stored pages and the progress."""

    briefing: BriefingConfig
    """The build's configuration, made once in `on_config`."""
    cache: Cache
    """Open until `finish` or `abandon`."""
    pages: RenderedPages
    """Which pages are reused, made by the helper, or rendered and kept."""
    nav: Navigation | None = None
    """MkDocs' navigation, once every plugin has set it up (`on_nav`)."""
    pages_total: int = 0
    """How many pages MkDocs will render (`on_files`)."""
    pages_done: int = 0
    """How many it has rendered so far."""

    @classmethod
    def open(cls, briefing: BriefingConfig) -> SiteBuild:
        """Start a build: open its cache."""
        cache = Cache(briefing.cache_file)
        return cls(briefing, cache, RenderedPages(cache))

    def generate(self, config: MkDocsConfig) -> MkDocsConfig:
        """Write the briefing's Markdown pages and point the navigation at its topic pages."""
        result = generate(self.briefing, self.cache)
        config.nav = navigation(result.digest)
        add_search_box(config)
        if not any(isinstance(extension, GeneratedHtml) for extension in config.markdown_extensions):
            config.markdown_extensions.append(GeneratedHtml())  # our pages' HTML blocks, passed through unparsed
        return config

    def count(self, files) -> None:
        """Note how many pages MkDocs will render, to report its progress on large sites."""
        self.pages_total = sum(1 for file in files if file.is_documentation_page())
        self.pages_done = 0

    def start(self, config: MkDocsConfig, nav: Navigation, files) -> None:
        """Fix what every page shares, now that the navigation is final."""
        self.nav = nav
        self.pages.start(config, nav, files)

    def prepare(self, env: jinja2.Environment, config: MkDocsConfig, files) -> jinja2.Environment:
        """Add the empty template stored pages are given; start the helper on its pages."""
        return self.pages.prepare(env, config, self.nav, files)

    def output(self, html: str, page: Page) -> str:
        """The page's final HTML: without the theme's indentation, or the stored one; logs progress."""
        self.pages_done += 1
        done, total = self.pages_done, self.pages_total
        if total >= PROGRESS_FROM and not in_helper() and (done % max(1, total // 10) == 0 or done == total):
            log.info("briefing: MkDocs rendered %d/%d pages", done, total)
        return self.pages.output(without_indentation(html), page)

    def set_aside_search(self, config: MkDocsConfig) -> None:
        """Keep the site's search bundles from MkDocs emptying the site, for `finish` to reuse."""
        if self._search_store is not None:
            set_aside(Path(config.site_dir), self._search_store)

    def finish(self, config: MkDocsConfig) -> None:
        """Keep the new pages, close the cache, index the written site for search."""
        self.pages.finish()
        self.cache.close()
        pages = self.pages
        helped = f" ({len(pages.delegated)} of them in a helper process)" if pages.delegated else ""
        log.info("briefing: MkDocs rendered %d pages%s and reused %d unchanged ones from an earlier build",
                 len(pages.order) - len(pages.reused), helped, len(pages.reused))
        index_site(Path(config.site_dir), config.theme.get("language") or "en", self._search_store)

    @property
    def _search_store(self) -> Path | None:
        """Where the search index's shards are kept between builds (beside the cache; none without one)."""
        return self.briefing.cache_file.parent / SEARCH_STORE if self.briefing.cache_file else None

    def abandon(self) -> None:
        """Stop the helper; close the cache without pruning: an unfinished build does not decide what is unused."""
        self.pages.abandon()
        self.cache.close(prune=False)


def without_indentation(html: str) -> str:
    """The page without the line breaks and indentation between tags; it renders the same.

    Material's templates indent every tag: a fifth of each page's bytes, 35 MB at
    10,000 articles. A run of white space between tags renders as one space at most,
    so one line break is kept; pages with preformatted text are left as they are.
    """
    if "<pre" in html or "<textarea" in html:
        return html
    return _INDENTATION.sub(">\n<", html)

"""The MkDocs plugin: `mkdocs build` and `mkdocs serve` run the briefing build themselves.

It only delegates: options (and the command line's overrides) become a
`BriefingConfig`, `generate` writes the pages, and the navigation is set to
the topic-level pages (articles and stories are reachable from them but kept
out of the navigation, so pages stay small at thousands of articles). `RenderedPages` hands MkDocs the HTML of
pages whose inputs did not change since an earlier build. One cache is open
from `on_config` to the end of the build.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from builder.commands.pipeline import PROGRESS_FROM, generate
from builder.incremental.store import Cache
from builder.model.config import BriefingConfig, Overrides, PluginOptions
from builder.model.errors import BriefingError
from builder.render.passthrough import GeneratedHtml
from builder.render.pages import navigation
from builder.mkdocs.helper import in_helper
from builder.mkdocs.stored_pages import RenderedPages

log = logging.getLogger("mkdocs.plugins.briefing")

_INDENTATION = re.compile(r">[ \t]*\n\s*<")


def without_indentation(html: str) -> str:
    """The page without the line breaks and indentation between tags; it renders the same.

    Material's templates indent every tag: a fifth of each page's bytes, 35 MB at
    10,000 articles. A run of white space between tags renders as one space at most,
    so one line break is kept; pages with preformatted text are left as they are.
    """
    if "<pre" in html or "<textarea" in html:
        return html
    return _INDENTATION.sub(">\n<", html)


class BriefingPlugin(BasePlugin[PluginOptions]):
    """Generate the briefing's Markdown pages before MkDocs reads the docs folder."""

    overrides: Overrides = Overrides()
    """What the command line says instead of `mkdocs.yml` (`briefing build` sets it; MkDocs' own commands do not)."""

    def load_config(self, options, config_file_path=None):
        """Validate options; unknown keys are errors, not warnings."""
        errors, warnings = super().load_config(options, config_file_path)
        unknown = [(key, message) for key, message in warnings if "Unrecognised configuration name" in str(message)]
        known_warnings = [(key, message) for key, message in warnings if (key, message) not in unknown]
        return errors + unknown, known_warnings

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Run the briefing build and point the navigation at its topic pages."""
        try:
            briefing = BriefingConfig.from_mkdocs(config, self.config, self.overrides)
            self._cache = Cache(briefing.cache_file)
            result = generate(briefing, self._cache)
        except BriefingError as error:  # MkDocs then calls `on_build_error`, which closes the cache
            raise PluginError(f"briefing: {error}") from error
        self._rendered = RenderedPages(self._cache)
        config.nav = navigation(result.digest)
        if not any(isinstance(extension, GeneratedHtml) for extension in config.markdown_extensions):
            config.markdown_extensions.append(GeneratedHtml())  # our pages' HTML blocks, passed through unparsed
        self._content_dir = briefing.content_dir
        return config

    def on_files(self, files, /, *, config: MkDocsConfig):
        """Count the pages MkDocs will render, to report its progress on large sites."""
        self._pages_total = sum(1 for file in files if file.is_documentation_page())
        self._pages_done = 0
        return files

    @event_priority(-100)  # last: the shell of every page is final
    def on_nav(self, nav, /, *, config: MkDocsConfig, files):
        """Fix what every page shares, so stored pages can be matched."""
        self._rendered.start(config, nav, files)
        self._nav = nav
        return nav

    @event_priority(-100)  # last: the Markdown as every plugin left it
    def on_page_markdown(self, markdown: str, /, *, page, config: MkDocsConfig, files) -> str:
        """Nothing to render for a page whose stored HTML will be used."""
        return self._rendered.claim(markdown, page)

    @event_priority(-100)  # last: the helper process starts from the environment every plugin has set up
    def on_env(self, env, /, *, config: MkDocsConfig, files):
        """Add the empty template that stored pages are given; start the helper on its pages."""
        return self._rendered.prepare(env, config, self._nav, files)

    @event_priority(-100)  # last: what is stored is the page as it is written
    def on_post_page(self, output: str, /, *, page, config: MkDocsConfig) -> str:
        """Drop the theme's indentation, or use the stored page; log "rendered 1000/10000 pages" on large sites."""
        self._pages_done += 1
        total = self._pages_total
        if total >= PROGRESS_FROM and not in_helper() and (self._pages_done % max(1, total // 10) == 0 or self._pages_done == total):
            log.info("briefing: MkDocs rendered %d/%d pages", self._pages_done, total)
        try:
            return self._rendered.output(without_indentation(output), page)
        except BriefingError as error:
            raise PluginError(f"briefing: {error}") from error

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Complete the search index with the stored pages' entries, keep the new pages, close the cache."""
        try:
            self._rendered.finish(Path(config.site_dir))
        except BriefingError as error:
            raise PluginError(f"briefing: {error}") from error
        self._cache.close()
        pages = self._rendered
        helped = f" ({len(pages.delegated)} of them in a helper process)" if pages.delegated else ""
        log.info("briefing: MkDocs rendered %d pages%s and reused %d unchanged ones from an earlier build",
                 len(pages.order) - len(pages.reused), helped, len(pages.reused))

    def on_build_error(self, *, error: Exception) -> None:
        """Stop the helper; close the cache without pruning: an unfinished build does not decide what is unused."""
        if getattr(self, "_rendered", None) is not None:
            self._rendered.abandon()
        cache = getattr(self, "_cache", None)
        if cache is not None:
            cache.close(prune=False)
            self._cache = None

    def on_serve(self, server, /, *, config: MkDocsConfig, builder):
        """Rebuild when an article in the content folder changes.

        Every rebuild makes a new plugin object, so what makes it fast is the
        on-disk cache: only new or edited articles are summarized again.
        """
        server.watch(str(self._content_dir))
        return server

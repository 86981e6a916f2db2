"""The MkDocs plugin: `mkdocs build` and `mkdocs serve` run the briefing build themselves.

It only delegates: options become a `BriefingConfig`, and a `SiteBuild` holds
everything else of one build. Its `generate` writes the pages and sets the
navigation to the topic-level pages (articles and stories are reachable from
them but kept out of the navigation, so pages stay small at thousands of
articles); its `RenderedPages` hands MkDocs the HTML of pages whose inputs did
not change since an earlier build. One cache is open from `on_config` to the
end of the build, which indexes the written site for search (Pagefind).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from builder.model.config import BriefingConfig, Overrides, PluginOptions
from builder.model.errors import BriefingError
from builder.mkdocs.site_build import SiteBuild


class BriefingPlugin(BasePlugin[PluginOptions]):
    """Generate the briefing's Markdown pages before MkDocs reads the docs folder."""

    overrides: Overrides = Overrides()
    """What the command line says instead of `mkdocs.yml` (`briefing build` sets it; MkDocs' own commands do not)."""
    site_build: SiteBuild | None = None
    """The build in progress, from `on_config` on."""

    def load_config(self, options, config_file_path=None):
        """Validate options; unknown keys are errors, not warnings."""
        errors, warnings = super().load_config(options, config_file_path)
        unknown = [(key, message) for key, message in warnings if "Unrecognised configuration name" in str(message)]
        known_warnings = [(key, message) for key, message in warnings if (key, message) not in unknown]
        return errors + unknown, known_warnings

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Run the briefing build and point the navigation at its topic pages."""
        self.site_build = None
        with _as_plugin_error():  # MkDocs then calls `on_build_error`, which closes the cache
            briefing = BriefingConfig.from_mkdocs(config, self.config, self.overrides)
            self.site_build = SiteBuild.open(briefing)
            return self.site_build.generate(config)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Move the search index aside before MkDocs empties the site folder (it follows this event)."""
        with _as_plugin_error():
            self.site_build.set_aside_search(config)

    def on_files(self, files, /, *, config: MkDocsConfig):
        """Count the pages MkDocs will render, to report its progress on large sites."""
        self.site_build.count(files)
        return files

    @event_priority(-100)  # last: the shell of every page is final
    def on_nav(self, nav, /, *, config: MkDocsConfig, files):
        """Fix what every page shares, so stored pages can be matched."""
        self.site_build.start(config, nav, files)
        return nav

    @event_priority(-100)  # last: the Markdown as every plugin left it
    def on_page_markdown(self, markdown: str, /, *, page, config: MkDocsConfig, files) -> str:
        """Nothing to render for a page whose stored HTML will be used."""
        return self.site_build.pages.claim(markdown, page)

    @event_priority(-100)  # last: the helper process starts from the environment every plugin has set up
    def on_env(self, env, /, *, config: MkDocsConfig, files):
        """Add the empty template that stored pages are given; start the helper on its pages."""
        return self.site_build.prepare(env, config, files)

    @event_priority(-100)  # last: what is stored is the page as it is written
    def on_post_page(self, output: str, /, *, page, config: MkDocsConfig) -> str:
        """Drop the theme's indentation, or use the stored page; log "rendered 1000/10000 pages" on large sites."""
        with _as_plugin_error():
            return self.site_build.output(output, page)

    @event_priority(-100)  # last: every other plugin has written its files into the site
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Keep the new pages, close the cache, index the written site with Pagefind."""
        with _as_plugin_error():
            self.site_build.finish(config)

    def on_build_error(self, *, error: Exception) -> None:
        """Stop the helper and close the cache, if the build got as far as opening it."""
        if self.site_build is not None:
            self.site_build.abandon()

    def on_serve(self, server, /, *, config: MkDocsConfig, builder):
        """Rebuild when an article in the content folder changes.

        Every rebuild makes a new plugin object, so what makes it fast is the
        on-disk cache: only new or edited articles are summarized again.
        """
        server.watch(str(self.site_build.briefing.content_dir))  # MkDocs serves only after a build
        return server


@contextmanager
def _as_plugin_error() -> Iterator[None]:
    """Our errors as MkDocs' `PluginError`, which it reports without a traceback."""
    try:
        yield
    except BriefingError as error:
        raise PluginError(f"briefing: {error}") from error

"""HTML pages MkDocs rendered in an earlier build, used again when nothing they depend on changed.

MkDocs renders every page of the site on every build: Markdown, then the
theme's template. At thousands of
articles that is most of a rebuild, although adding one article changes a few
pages. A page's HTML is a function of its own Markdown and metadata, its
address, and the *shell* every page shares: the configuration, the
navigation, the theme and the versions of the code that render it. So each
page that is not in the navigation is stored under a key of exactly those inputs, and a later build whose key matches
hands MkDocs the stored HTML instead of rendering it:

- `on_page_markdown` (`claim`): a stored page is given a stand-in for its
  Markdown conversion and a template that renders nothing, so MkDocs' own
  work on it costs next to nothing;
- `on_post_page` (`output`): the stored HTML replaces that output, and a
  freshly rendered page is kept for the next build;
- `on_post_build` (`finish`): the fresh pages are stored. The search index is
  made afterwards from the written site (`search.py`), so it covers stored
  pages as it covers any other.

When many pages must be rendered, a helper process (`helper.py`) renders half
of them meanwhile, handed over the same way. A page in the navigation is stored
too when the navigation gives its title (ours give every title); one whose
title comes from its own Markdown is always rendered here, since that title
feeds the navigation of every other page. The stored pages live in the
build cache (`incremental/store.py`), which drops those unused for a few builds.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from builder.incremental.store import Cache, code_fingerprint
from builder.model.errors import BriefingError
from builder.mkdocs.helper import Helper, can_fork, in_helper
from builder.mkdocs.internals import render_nothing

EMPTY_TEMPLATE = "briefing-stored-page.html"
"""The template a stored page is given: it renders nothing, the stored HTML replaces its output."""
_UNSHAPING_KEYS = frozenset({"site_dir", "docs_dir", "config_file_path", "dev_addr", "watch", "strict"})
"""Configuration keys that do not shape a page's HTML (the command line builds into a temporary `site_dir`)."""


@dataclass(frozen=True)
class StoredPage:
    """What is kept with a page's HTML: what MkDocs would otherwise learn by rendering it."""

    title: str | None
    """The page's title (other plugins and the sitemap may read it)."""
    anchors: tuple[str, ...]
    """The ids in the page, so Markdown links from other pages to its anchors are still checked."""

    def to_json(self) -> str:
        """The stored form."""
        return json.dumps({"title": self.title, "anchors": self.anchors}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> StoredPage:
        """Back from `to_json`."""
        data = json.loads(text)
        return cls(data["title"], tuple(data["anchors"]))


@dataclass
class RenderedPages:
    """The stored pages of one build: which ones it reuses and which fresh ones it keeps."""

    cache: Cache
    """Where stored pages live between builds."""
    shell: str = ""
    """Hash of what every page shares (`shell_key`); set once the navigation is known."""
    stored: frozenset[str] = frozenset()
    """Keys of the pages the cache holds."""
    reused: dict[str, tuple[str, StoredPage]] = field(default_factory=dict)
    """Key and notes of each page (by URL) whose stored HTML this build uses."""
    delegated: dict[str, tuple[Page, dict]] = field(default_factory=dict)
    """Pages (by URL) the helper process renders, each with the metadata its source gave it."""
    fresh: dict[str, tuple[str, str, Page]] = field(default_factory=dict)
    """Key, final HTML and page of each page (by URL) rendered in this build and worth storing."""
    order: list[str] = field(default_factory=list)
    """Every page's URL in the order MkDocs built it."""
    helper: Helper | None = None
    """The helper process, once started."""
    _keys: dict[str, str] = field(default_factory=dict)
    _nav_pages: frozenset[str] = frozenset()
    _untitled_nav_pages: frozenset[str] = frozenset()
    _helper_pages: frozenset[str] = frozenset()

    def start(self, config: MkDocsConfig, nav: Navigation, files) -> None:
        """Fix the shell for this build, once every plugin has set up the configuration and navigation.

        When the shell is not the one of the last build's stored pages (a cold
        build, new topics, a new setting) every page will be rendered, and if a
        helper may be forked it takes the later half of the pages off the navigation.
        """
        self.shell = shell_key(config, nav)
        self._nav_pages = frozenset(page.file.src_uri for page in nav.pages)
        # Before any page is read, a page's title is known only if the navigation gives it.
        self._untitled_nav_pages = frozenset(page.file.src_uri for page in nav.pages if page.title is None)
        self.stored = self.cache.site_page_keys()
        off_nav = [file.src_uri for file in files.documentation_pages() if file.src_uri not in self._nav_pages]
        if self.cache.last_site_shell() != self.shell and can_fork(config, len(off_nav)):
            self._helper_pages = frozenset(off_nav[len(off_nav) // 2 :])

    def claim(self, markdown: str, page: Page) -> str:
        """Note the page's key; when its HTML is stored or the helper makes it, MkDocs is set to render nothing."""
        if not self.shell or page.file.src_uri in self._untitled_nav_pages:
            return markdown
        key = page_key(self.shell, page, markdown)
        self._keys[page.url] = key
        notes = self.cache.site_page("site-meta", key) if key in self.stored else None
        if notes is not None:
            stored = StoredPage.from_json(notes)
            self.reused[page.url] = (key, stored)
            title, anchors = stored.title, stored.anchors
        elif page.file.src_uri in self._helper_pages:
            self.delegated[page.url] = (page, dict(page.meta))
            title, anchors = None, ()  # known once the helper has rendered it
        else:
            return markdown
        page.meta["template"] = EMPTY_TEMPLATE
        render_nothing(page, title, anchors)
        return markdown

    def prepare(self, env: jinja2.Environment, config: MkDocsConfig, nav: Navigation, files) -> jinja2.Environment:
        """Add the empty template; start the helper on its pages, now that every page has been read."""
        env = with_empty_template(env)
        if self.delegated and self.helper is None:
            self.helper = Helper(list(self.delegated.values()), config, nav, files, env)
        return env

    def output(self, html: str, page: Page) -> str:
        """The page's final HTML: stored, made by the helper, or `html` just rendered; new ones are kept."""
        if in_helper():
            return html
        self.order.append(page.url)
        if page.url in self.reused:
            stored = self.cache.site_page("site-html", self.reused[page.url][0])
            if stored is None:  # only another build pruning the same cache meanwhile can do this
                raise BriefingError(f"the stored HTML of {page.file.src_uri} left the cache during the build; build again")
            return stored
        links_elsewhere = bool(page.links_to_anchors)
        if page.url in self.delegated:
            made = self.helper.page(page.url)
            page.title, page.present_anchor_ids = made.title, set(made.anchors)
            html, links_elsewhere = made.html, made.links_elsewhere
        # A page with Markdown links to anchors elsewhere is rendered every time, so they are checked.
        if page.url in self._keys and not links_elsewhere:
            self.fresh[page.url] = (self._keys[page.url], html, page)
        return html

    def finish(self) -> None:
        """Wait for the helper; store the fresh pages."""
        if self.helper:
            self.helper.finish()
        kept = {key: (html, StoredPage(page.title, tuple(sorted(page.present_anchor_ids or ()))).to_json())
                for key, html, page in self.fresh.values()}
        self.cache.store_site_pages(kept, used=[key for key, _ in self.reused.values()], shell=self.shell)

    def abandon(self) -> None:
        """Stop the helper of a build that failed."""
        if self.helper is not None:
            self.helper.stop()


def with_empty_template(env: jinja2.Environment) -> jinja2.Environment:
    """The theme's templates plus `EMPTY_TEMPLATE`."""
    try:
        env.get_template(EMPTY_TEMPLATE)
    except jinja2.TemplateNotFound:
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({EMPTY_TEMPLATE: ""}), env.loader])
    return env


def page_key(shell: str, page: Page, markdown: str) -> str:
    """The key of a page's HTML: the shell, the page's address, metadata and Markdown."""
    digest = hashlib.sha256(shell.encode())
    for part in (page.file.src_uri, page.url, json.dumps(page.meta, sort_keys=True, default=str), markdown):
        digest.update(b"\x00")
        digest.update(part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def shell_key(config: MkDocsConfig, nav: Navigation) -> str:
    """A hash of everything besides a page's own source that shapes its HTML.

    The configuration as every plugin left it (the theme, the Markdown
    extensions, `site_url`, plugin options...), the file it was read from
    (for anything the description below would lose), the navigation with its
    titles, the files of the theme's `custom_dir`, and the code and versions
    of MkDocs, Material, Markdown and this plugin.
    """
    digest = hashlib.sha256(code_fingerprint("site").encode())
    shaping = {key: value for key, value in config.items() if key not in _UNSHAPING_KEYS}
    digest.update(json.dumps(shaping, sort_keys=True, default=_described).encode("utf-8", "surrogatepass"))
    if config.config_file_path and Path(config.config_file_path).is_file():
        digest.update(Path(config.config_file_path).read_bytes())
    digest.update(json.dumps(list(_nav_items(nav.items))).encode())
    for folder in config.theme.dirs:
        if config.theme.custom_dir and Path(folder) == Path(config.theme.custom_dir):
            for path in sorted(Path(folder).rglob("*")):
                if path.is_file():
                    digest.update(str(path.relative_to(folder)).encode() + b"\x00" + path.read_bytes())
    return digest.hexdigest()


def _nav_items(items) -> Iterator[list]:
    for item in items:
        if isinstance(item, Section):
            yield ["section", item.title, list(_nav_items(item.children))]
        elif isinstance(item, Link):
            yield ["link", item.title, item.url]
        else:  # a page: its title may come from its Markdown, so hash the source when no title is given yet
            title = item.title if item.title is not None else _file_hash(item.file.abs_src_path)
            yield ["page", title, item.url]


def _file_hash(path: str | None) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest() if path else ""
    except OSError:
        return ""


def _described(value: object) -> object:
    """A stable JSON-able description of a configuration value that `json` cannot write itself."""
    name = f"{type(value).__module__}.{type(value).__qualname__}"
    if isinstance(value, BasePlugin):
        return [name, dict(value.config)]
    if isinstance(value, Mapping):
        return [name, {str(key): item for key, item in value.items()}, getattr(value, "dirs", None)]
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    if type(value).__repr__ is object.__repr__ and type(value).__str__ is object.__str__:
        return name  # its default text holds a memory address; the config file's bytes cover it
    return [name, str(value)]

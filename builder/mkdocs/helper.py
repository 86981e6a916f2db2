"""A second process renders half of the new pages while MkDocs renders the rest.

MkDocs renders pages one after another on one core. When many pages are new
(a cold build, or a rebuild after the topics changed), `RenderedPages` hands
the later half of the new pages off the navigation to a helper: a fork of the
build process made once every page's Markdown has been read, so it holds the
same configuration, navigation, theme and pages. The helper converts and
templates its pages exactly as MkDocs' build loop does (the same plugin events
in the same order) and sends each finished page back through a pipe, in build
order; MkDocs meanwhile renders the first half, and when it reaches a page of
the helper's it is handed the helper's HTML, as with a stored page, so the site is byte
for byte the one a single process writes.

This is only done where it is safe: on systems that can fork, with more than
one core, outside `mkdocs serve` (no threads to fork from), and when the only
plugin is ours, because any other plugin that keeps
state across pages would not see the helper's pages.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import threading
import traceback
from dataclasses import dataclass

from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from builder.incremental.cores import can_fork_beside
from builder.mkdocs.internals import current_page, render_for_real
from builder.model.errors import BriefingError

SAFE_PLUGINS = frozenset({"briefing", "material/search"})
"""The plugins whose work on a page the helper reproduces exactly (the search box stands in for Material's plugin)."""
MIN_PAGES = 200
"""Fewer pages than this off the navigation are rendered in one process: forking would not pay."""
_in_helper = False
"""True in the helper process only."""


@dataclass(frozen=True)
class HelperPage:
    """One page as the helper rendered it."""

    url: str
    """The page's URL."""
    html: str
    """The final HTML, after every `on_post_page`."""
    title: str | None
    """The title rendering gave the page."""
    anchors: tuple[str, ...]
    """The ids in the page."""
    links_elsewhere: bool
    """Whether the page has Markdown links to anchors in other pages (MkDocs checks those in the parent only)."""


def in_helper() -> bool:
    """Whether this process is a helper rendering pages for a build."""
    return _in_helper


def can_fork(config: MkDocsConfig, pages_off_nav: int) -> bool:
    """Whether a helper process may render pages in this build."""
    return pages_off_nav >= MIN_PAGES and can_fork_beside() and set(config.plugins) <= SAFE_PLUGINS


class Helper:
    """The helper process and what it sends back.

    A thread takes every message off the pipe as it comes, so the helper never
    waits for the build to reach its pages; the build handles the messages
    (pages, log records, the end) in its own thread, in order.
    """

    def __init__(self, pages: list[tuple[Page, dict]], config: MkDocsConfig, nav: Navigation, files, env) -> None:
        """Fork the helper; `pages` are the pages to render, each with the metadata its source gave it."""
        receiving, sending = multiprocessing.Pipe(duplex=False)
        context = multiprocessing.get_context("fork")
        self._process = context.Process(target=_render_all, args=(sending, pages, config, nav, files, env), daemon=True)
        self._process.start()
        sending.close()
        self._messages: queue.SimpleQueue = queue.SimpleQueue()
        threading.Thread(target=_read, args=(receiving, self._messages), daemon=True).start()
        self._received: dict[str, HelperPage] = {}
        self.done = False
        """Whether the helper has sent its last page."""

    def page(self, url: str) -> HelperPage:
        """The helper's rendering of the page at `url`, waiting for it if need be."""
        while url not in self._received:
            if self.done:
                raise BriefingError(f"the page rendering helper finished without rendering {url}")
            self._handle(self._messages.get())
        return self._received.pop(url)

    def finish(self) -> None:
        """Wait for the helper to end."""
        while not self.done:
            self._handle(self._messages.get())
        self._process.join()

    def stop(self) -> None:
        """End the helper at once (the build failed)."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join()

    def _handle(self, message: tuple[str, object]) -> None:
        kind, value = message
        if kind == "page":
            self._received[value.url] = value
        elif kind == "log":  # logged here, so `--strict` counts the helper's warnings too
            name, level, text = value
            logging.getLogger(name).log(level, text)
        elif kind == "done":
            self.done = True
        elif kind == "ended":
            self._process.join()
            raise BriefingError(f"the page rendering helper ended unexpectedly (exit code {self._process.exitcode})")
        else:
            raise BriefingError(f"the page rendering helper failed:\n{value}")


def _read(pipe, messages: queue.SimpleQueue) -> None:
    """In a thread of the build: move the helper's messages from the pipe to `messages` until it is done.

    Without it the helper would stop at every page once the pipe's buffer is
    full (a page or two) until the build reached its pages: at 5,000 articles
    it sat blocked for half its time and the build gained 5% instead of 30%.
    """
    while True:
        try:
            message = pipe.recv()
        except (EOFError, OSError):
            messages.put(("ended", None))
            return
        messages.put(message)
        if message[0] in ("done", "error"):
            return


def _render_all(pipe, pages: list[tuple[Page, dict]], config: MkDocsConfig, nav: Navigation, files, env) -> None:
    """In the helper: render each page as MkDocs' build loop does and send it, then say it is done."""
    global _in_helper
    _in_helper = True
    logger = logging.getLogger("mkdocs")
    logger.handlers = [_Forward(pipe)]
    logger.propagate = False
    try:
        doc_files = files.documentation_pages()
        for page, meta in pages:
            pipe.send(("page", _render(page, meta, config, nav, files, doc_files, env)))
        pipe.send(("done", None))
    except BaseException:
        pipe.send(("error", traceback.format_exc()))
    finally:
        pipe.close()


def _render(page: Page, meta: dict, config: MkDocsConfig, nav: Navigation, files, doc_files, env) -> HelperPage:
    """`mkdocs.commands.build._populate_page` after `on_page_markdown`, then `_build_page` without writing."""
    page.meta = meta
    render_for_real(page)  # the parent gave it a stand-in: this process renders it
    with current_page(config, page):
        page.render(config, files)
        page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
        page.active = True
        context = get_context(nav, doc_files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        html = config.plugins.on_post_page(template.render(context), page=page, config=config)
        page.active = False
    return HelperPage(page.url, html, page.title, tuple(sorted(page.present_anchor_ids or ())), bool(page.links_to_anchors))


class _Forward(logging.Handler):
    """In the helper: sends warnings and errors to the build process, which logs them."""

    def __init__(self, pipe) -> None:
        super().__init__(logging.WARNING)
        self._pipe = pipe

    def emit(self, record: logging.LogRecord) -> None:
        self._pipe.send(("log", (record.name, record.levelno, record.getMessage())))

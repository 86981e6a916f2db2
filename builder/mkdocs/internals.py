"""The only places the plugin reaches inside MkDocs' objects, because MkDocs offers no hook there.

- A stored page, or one a helper process renders, must skip MkDocs'
  Markdown conversion. MkDocs calls `page.render(config, files)` right after
  `on_page_markdown` with no event in between and no way to say "already
  rendered", so `render_nothing` gives that one page a stand-in for its
  `render` method, and `render_for_real` takes it away again in the helper.
- A helper process renders pages outside MkDocs' build loop, which sets the
  private `config._current_page` around every page: the `!relative` YAML tag
  in `markdown_extensions` resolves paths against it. `current_page` does the
  same around the helper's pages.

Both follow MkDocs 1.6 (`mkdocs/commands/build.py`, `_populate_page` and
`_build_page`); if MkDocs changes them, this module is what to change.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc


def render_nothing(page: Page, title: str | None, anchors: tuple[str, ...]) -> None:
    """Make MkDocs' coming `page.render` set what rendering sets, without converting any Markdown.

    The stand-in is an attribute of this page object only; the class and every
    other page keep MkDocs' own method.
    """
    def render(config: MkDocsConfig, files) -> None:
        page.content = ""
        page.toc = get_toc([])
        if title is not None:  # a page the helper renders learns its title there
            page.title = title
        page.present_anchor_ids = set(anchors)
        page.links_to_anchors = {}
    page.render = render


def render_for_real(page: Page) -> None:
    """Give `page` back MkDocs' own `render`, after `render_nothing` (in the helper, which renders it)."""
    del page.render


@contextmanager
def current_page(config: MkDocsConfig, page: Page) -> Iterator[None]:
    """Set `config._current_page` to `page` for the `with` block, as MkDocs' build loop does."""
    config._current_page = page
    try:
        yield
    finally:
        config._current_page = None

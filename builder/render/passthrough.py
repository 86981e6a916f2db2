"""A Markdown extension that hands the HTML blocks of generated pages to the output untouched.

`render` writes most of a page as HTML between `HTML_START` and `HTML_END`
lines. Python-Markdown would accept those blocks as raw HTML anyway, but only
after parsing every tag twice (its own block detection, and MkDocs' scan for
anchor ids): at thousands of pages that was most of the time MkDocs spent on
each. This extension stores each marked block as it is, so the page renders
exactly as without it, only faster. It is safe because only `render` writes
the markers: article text reaches pages escaped, so it cannot contain them.
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

HTML_START = "<!-- briefing:html -->"
HTML_END = "<!-- /briefing:html -->"
_PRIORITY = 29  # after whitespace normalisation (30), before MkDocs' raw HTML scan (21) and html_block (20)


class GeneratedHtml(Extension):
    """Pass blocks between `HTML_START` and `HTML_END` lines through unparsed."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(_StashBlocks(md), "briefing_html", _PRIORITY)


class _StashBlocks(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if HTML_START not in lines:
            return lines
        out: list[str] = []
        block: list[str] | None = None
        for line in lines:
            if block is None:
                if line == HTML_START:
                    block = []
                else:
                    out.append(line)
            elif line == HTML_END:
                out += ["", self.md.htmlStash.store("\n".join(block)), ""]
                block = None
            else:
                block.append(line)
        if block is not None:  # no end marker: leave the block to Python-Markdown
            out += [HTML_START, *block]
        return out

"""Stage 2: take out what is not the article before it is summarized.

Saved web pages and copy-pasted articles carry boilerplate ("Trending",
"Advertisement", share prompts), text pasted by mistake (a chat assistant's
reply) and endings cut off mid-sentence. The cleaner removes whole lines or
trailing fragments, so every sentence left is still verbatim in the original,
and records each removal so the page can mark it and the build can report it.
"""

from __future__ import annotations

import re

from .model import Article, Cleaned, Removal

_BOILERPLATE = re.compile(
    r"""^(?:
        trending(?:\s+now)? | advertisement | advertising | sponsored(?:\s+content)? |
        read\s+more(?:\s*:.*)? | related(?:\s+(?:articles?|stories|coverage))?:? |
        (?:share|tweet|email|print)(?:\s+(?:this|on\s+\w+|article|story))?  |
        share\s+this\s+(?:article|story) | click\s+here.* | sign\s+up\s+for.* | subscribe(?:\s+now)?.* |
        follow\s+us\s+on.* | most\s+(?:read|popular) | you\s+may\s+also\s+like | recommended(?:\s+for\s+you)? |
        (?:photo|image)\s*(?:credit)?\s*:.* | skip\s+to\s+(?:content|main\s+content) | continue\s+reading |
        comments? | \d+\s+comments? | listen\s+to\s+this\s+article.* | watch(?:\s+now)?:?.{0,40}
    )\W*$""",
    re.IGNORECASE | re.VERBOSE,
)

# Replies of chat assistants pasted in with the article ("Sure! Could you please provide ...").
_ASSISTANT = re.compile(
    r"""^\W*(?:
        (?:sure|certainly|of\s+course|absolutely)[!,.]\s.*\b(?:provide|rewrite|paraphrase|summar|help|text|article)\w*.* |
        (?:here\s+is|here's)\s+(?:the|a|your)\s+(?:rewritten|paraphrased|revised|summar\w+|updated)\b.* |
        as\s+an\s+ai(?:\s+language\s+model)?\b.* |
        i\s+(?:can't|cannot|am\s+unable\s+to)\s+(?:help|assist|provide).* |
        could\s+you\s+(?:please\s+)?provide\s+the\s+text.* |
        (?:let\s+me\s+know|feel\s+free)\s+if\s+you.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s*$")


def clean(article: Article) -> Cleaned:
    """The article's text without boilerplate, pasted replies and a cut-off ending."""
    text = article.text
    removals = _line_removals(text)
    kept = _kept_lines(text, removals)
    truncated = _cut_off_ending(text, kept)
    if truncated:
        removals.append(truncated)
    removals.sort(key=lambda removal: removal.start)
    return Cleaned(text=_without(text, removals), removals=tuple(removals))


def describe(removal: Removal, text: str) -> str:
    """A one-line warning about a removal, quoting what was removed."""
    quoted = " ".join(text[removal.start : removal.end].split())
    if len(quoted) > 60:
        quoted = quoted[:57] + "..."
    return f"removed {removal.reason}: \"{quoted}\""


def _line_removals(text: str) -> list[Removal]:
    removals: list[Removal] = []
    position = 0
    for line in text.split("\n"):
        start, end = position, position + len(line)
        position = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        if _BOILERPLATE.match(stripped) and len(stripped) < 80:
            removals.append(Removal(start, end, "boilerplate line"))
        elif _ASSISTANT.match(stripped):
            removals.append(Removal(start, end, "text pasted from a chat assistant"))
    return removals


def _kept_lines(text: str, removals: list[Removal]) -> list[tuple[int, int]]:
    removed = {(removal.start, removal.end) for removal in removals}
    lines = []
    position = 0
    for line in text.split("\n"):
        span = (position, position + len(line))
        position = span[1] + 1
        if line.strip() and span not in removed:
            lines.append(span)
    return lines


def _cut_off_ending(text: str, kept: list[tuple[int, int]]) -> Removal | None:
    """The last kept line, when it stops mid-sentence after a finished paragraph."""
    if len(kept) < 2:
        return None
    start, end = kept[-1]
    last_line = text[start:end]
    if _SENTENCE_END.search(last_line) or len(last_line.split()) < 3:
        return None
    previous = text[kept[-2][0] : kept[-2][1]]
    if not _SENTENCE_END.search(previous):
        return None
    # Keep the finished sentences of the last line; drop only the unfinished tail.
    finished = list(re.finditer(r"[.!?…][\"'”’»)\]]*\s", last_line))
    tail_start = start + (finished[-1].end() if finished else 0)
    return Removal(tail_start, end, "unfinished last sentence (the article seems cut off)")


def _without(text: str, removals: list[Removal]) -> str:
    parts = []
    position = 0
    for removal in removals:
        parts.append(text[position : removal.start])
        position = removal.end
    parts.append(text[position:])
    return "".join(parts)

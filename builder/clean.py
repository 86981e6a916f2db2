"""Stage 2: take out what is not the article before it is summarized.

Saved web pages and copy-pasted articles carry boilerplate ("Trending",
"Advertisement", share prompts), photo captions and credits, bylines, the
headline again as the first line, a dateline glued to the first paragraph
("WASHINGTON — "), text pasted by mistake
(a chat assistant's reply) and endings cut off mid-sentence. The cleaner
removes whole lines, the dateline or trailing fragments, so every sentence left
is still verbatim in the original, and records each removal so the page can
mark it and the build can report it.
"""

from __future__ import annotations

import re

from builder.model import Article, Cleaned, Removal
from builder.read.datelines import leading_dateline

_BOILERPLATE = re.compile(
    r"""^(?:
        trending(?:\s+now)? | advertisement(?:\s+continue\s+reading\s+the\s+main\s+story)? | advertising |
        sponsored(?:\s+content)? | continue\s+reading(?:\s+the\s+main\s+story)? |
        read\s+more(?:\s*:.*)? | read\s+or\s+share\s+this\s+story:.* | email\s+us\s+at\s+\S+@.* | related(?:\s+(?:articles?|stories|coverage|content))?:? |
        (?:share|tweet|email|print)(?:\s+(?:this|on\s+\w+|article|story))?  |
        share\s+this\s+(?:article|story) | click\s+here.* | sign\s+up\s+for.* | subscribe(?:\s+now)?.* |
        follow\s+us\s+on.* | most\s+(?:read|popular) | you\s+may\s+also\s+like | recommended(?:\s+for\s+you)? |
        skip\s+to\s+(?:content|main\s+content) | scroll\s+down\s+for\s+video | save(?:save)+ |
        comments? | \d+\s+comments? | listen\s+to\s+this\s+article.* | watch(?:\s+now)?:?.{0,40} |
        photos? | videos? | images? | story\s+highlights | next | prev(?:ious)? |
        (?:[\w .]{1,40}\|\s*)?(?:updated|published|posted)\s*:?\s*\d{4}-\d{1,2}-\d{1,2}.* |
        the\s+associated\s+press\s+contributed\s+to\s+this\s+report | information\s+from:.*
    )\W*$""",
    re.IGNORECASE | re.VERBOSE,
)

# Photo captions and credits saved with the text of a web page.
_CAPTION = re.compile(
    r"""^(?:
        (?:image|photo|picture)\s+(?:copyright|caption|credit)\b.* |
        enlarge\s+this\s+image.* | (?:photo|image)\s*(?:credit)?\s*:.* |
        file\s*[-—–]+\s*(?:in\s+)?this\b.*\bphoto\b.* |
        getty\s+images\s.* | getty\s*[-—–]\s*\w+\s.* | \(courtesy\s+of\b[^()]*\)
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# A photo gallery's caption saved with the text: "Hide Caption 5 of 25 Photos: Crowds gather...",
# or "5 of 25 Photos: ..." on a line of its own.
_GALLERY_CAPTION = re.compile(r"^(?:hide\s+caption\b|(?:photos:\s*)?\d{1,3}\s+of\s+\d{1,3}\s+photos\s*:)", re.IGNORECASE)

# "David Becker/Getty Images", "(Lucy Pasha Robinson / The Independent)": a short credit line.
_CREDIT = re.compile(r"^\(?[A-Z][\w.'’ -]{1,40}\s?/\s?(?:Getty Images|AP|AFP|Reuters|EPA|[A-Z][\w.'’ -]{0,30})\)?$")

# A caption saved as a line of its own, ending with the photo's credit in brackets:
# "Floats in Pasadena, Jan 1, 2018. [Photo/IC]", "... (Greg Wohlford/Erie Times-News via AP)",
# "... (Photo by Alex Wong/Getty Images)", "Cubs players celebrate (Getty Images)".
_CAPTIONED_CREDIT = re.compile(
    r"""(?:
        [\[(](?:photo|image|picture)s?\s*(?:by\b|:|/)[^\[\]()\n]*[\])] |
        \([^()\n]*(?:/\s*|\bvia\s+)(?:AP|Associated\s+Press|Getty(?:\s+Images)?|Reuters|AFP|EPA|PA)\b[^()\n]*\) |
        \((?:Getty(?:\s+Images)?|Reuters|AFP|EPA)\)
    )(?:\s*\([^()\n]*\))*\s*$""",
    re.IGNORECASE | re.VERBOSE,
)

# A caption whose credit follows without brackets: "... “inappropriate content” Dado Ruvic/Reuters",
# "... our society” LAUREN HURLEY/PA", "... on Sunday.Ezequiel Becerra / Agence Francepresse".
_TRAILING_CREDIT = re.compile(
    r"(?:^|(?<=[\s.”\"]))[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,3} ?/ ?"
    r"(?:Reuters|AP|AFP|EPA|PA|Getty Images|Bloomberg|Associated Press|Agence France[- ]?[Pp]resse)$"
)

# A slide of a photo gallery saved with the page: "28/34 3 November 2017 People queue outside ...".
# Only lines of a gallery (two or more slides out of the same total) count, so "9/11 ..." is text.
_GALLERY_SLIDE = re.compile(r"^(\d{1,3})/(\d{1,3}) [A-Z0-9]")

# "By Emma Batha", "By JOHN SMITH and JANE DOE, Associated Press": a byline on a line of its own.
_BYLINE = re.compile(r"^by\s+[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|and|de|van|von|der|la))*(?:\s*[,|—–-]\s*[\w .'’-]{0,40})?$", re.IGNORECASE)

# Replies of chat assistants pasted in with the article ("Sure! Could you please provide ...").
_ASSISTANT = re.compile(
    r"""^\W*(?:
        (?:sure|certainly|of\s+course|absolutely)[!,.]\s.*\b(?:provide|rewrite|paraphrase|summar|help|text|article)\w*.* |
        (?:here\s+is|here's)\s+(?:the|a|your)\s+(?:rewritten|paraphrased|revised|summar\w+|updated)\b.* |
        as\s+an\s+ai(?:\s+language\s+model)?\b.* | as\s+of\s+my\s+last\s+(?:knowledge\s+)?update\b.* |
        i(?:'m|\s+am)\s+sorry,?\s+but\s+i\b.* |
        i\s+(?:can't|cannot|am\s+unable\s+to)\s+(?:help|assist|provide).* |
        (?:could|can)\s+you\s+(?:please\s+)?provide\s+(?:the|more)\b.* | please\s+provide\s+the\s+(?:text|article)\b.* |
        (?:let\s+me\s+know|feel\s+free)\s+if\s+you.* | is\s+there\s+anything\s+else\s+i\s+can\b.*
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s*$")


def clean(article: Article) -> Cleaned:
    """The article's text without boilerplate, pasted replies and a cut-off ending."""
    text = article.text
    removals = _line_removals(text)
    removed_lines = {removal.start for removal in removals}
    removals += [slide for slide in _gallery_slides(text) if slide.start not in removed_lines]
    kept = _kept_lines(text, removals)
    headline = _repeated_headline(text, kept, article.title)
    if headline:
        removals.append(headline)
        kept = kept[1:]
    dateline = leading_dateline(text, kept)
    if dateline:
        removals.append(dateline)
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
        elif (
            (_CAPTION.match(stripped) and len(stripped) < 200)
            or (_GALLERY_CAPTION.match(stripped) and len(stripped) < 1000)
            or (_CREDIT.match(stripped) and len(stripped.split()) <= 8)
            or (_CAPTIONED_CREDIT.search(stripped) and (len(stripped) < 400 or _CAPTION.match(stripped)))
            or (_TRAILING_CREDIT.search(stripped) and len(stripped) < 300)
        ):
            removals.append(Removal(start, end, "photo caption or credit"))
        elif _BYLINE.match(stripped) and len(stripped.split()) <= 10:
            removals.append(Removal(start, end, "byline"))
        elif _ASSISTANT.match(stripped):
            removals.append(Removal(start, end, "text pasted from a chat assistant"))
    return removals


def _gallery_slides(text: str) -> list[Removal]:
    """Lines that are slides of a photo gallery: two or more "n/total ..." lines with the same total."""
    slides: dict[str, list[Removal]] = {}
    position = 0
    for line in text.split("\n"):
        start, end = position, position + len(line)
        position = end + 1
        slide = _GALLERY_SLIDE.match(line.strip())
        if slide and 0 < int(slide.group(1)) <= int(slide.group(2)) and len(line) < 1000:
            slides.setdefault(slide.group(2), []).append(Removal(start, end, "photo caption or credit"))
    return [removal for same_total in slides.values() if len(same_total) > 1 for removal in same_total]


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


def _repeated_headline(text: str, kept: list[tuple[int, int]], title: str) -> Removal | None:
    """The first kept line when it is the headline again (saved web pages often start with it)."""
    if not kept or not title:
        return None
    start, end = kept[0]
    if _words_of(text[start:end]) != _words_of(title):
        return None
    return Removal(start, end, "headline repeated in the text")


def _words_of(line: str) -> list[str]:
    return re.findall(r"\w+", line.lower())


def _cut_off_ending(text: str, kept: list[tuple[int, int]]) -> Removal | None:
    """The last kept line, when it stops mid-sentence after a finished paragraph."""
    if len(kept) < 2:
        return None
    start, end = kept[-1]
    last_line = text[start:end]
    if _SENTENCE_END.search(last_line) or len(last_line.split()) < 3:
        return None
    if not re.search(r"(?:\b[a-z]+|,)\s*$", last_line):
        return None  # a list or credit line ("Referee: R Styles (Hampshire)") ends without a lower-case word
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

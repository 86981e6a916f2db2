"""Offline sentence and word splitting, so sumy never needs NLTK data.

sumy's own `Tokenizer` loads NLTK's `punkt_tab` model, which is downloaded at
run time; that fails offline. `OfflineTokenizer` gives sumy the same interface
(`to_sentences`, `to_words`, `language`) from rules written for news text.

Sentences are returned as spans of the original text so that a summary
sentence is always verbatim from the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words that end with a full stop but do not end a sentence. Lower case, no dot.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft sen rep gov gen col lt sgt capt cmdr adm maj cpl pvt
    rev hon pres supt insp det ave blvd rd vol vols fig figs approx dept est
    inc ltd co corp bros plc llc vs etc al cf ie eg viz op ed
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    a.m p.m u.s u.k u.n e.u u.s.a d.c i.e e.g ph.d b.a m.a m.d a.d b.c n.y l.a
    """.split()
)

# Abbreviations that often end a sentence too ("... talks with the U.S. The envoy ...").
# After these, a following word that usually starts sentences means a boundary.
AMBIGUOUS_ENDINGS = frozenset("a.m p.m u.s u.k u.n e.u u.s.a d.c etc inc ltd co corp plc llc".split())
SENTENCE_STARTERS = frozenset(
    """
    the a an he she it they we i you this that these those his her its their our there
    but and so yet however meanwhile in on at for if when while after before as
    how what why who where which it's there's
    """.split()
)

# US state abbreviations of datelines ("ERIE, Pa. (AP) -"). Case-sensitive, because
# several are words too ("fell ill. The"), and ambiguous like the endings above.
STATE_ABBREVIATIONS = frozenset(
    """
    Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo Mont
    Neb Nev Okla Ore Pa Tenn Tex Va Vt Wash Wis Wyo
    """.split()
)

HARD_WRAP_WIDTH = 100
"""Lines longer than this are not hard-wrapped: a line break after one ends the paragraph."""

_TERMINATOR = re.compile(r"(?:\.(?: \.){2,}|\.\.\.|…|[.!?])+[\"'”’»)\]]*(?:\[\d{1,3}\])*")
_INITIALS = re.compile(r"^(?:[A-Z]\.)+[A-Z]$")  # "J.R.R", "U.S", "E.U" (the final dot is not part of the word)
_WORD = re.compile(r"\w+(?:[-'’.]\w+)*", re.UNICODE)
_BULLET = re.compile(r"^\s*(?:[-*•–—]|\d{1,3}[.)])\s+")
_OPENING = "\"'“‘«([-—–"


@dataclass(frozen=True, order=True)
class Span:
    """A sentence as offsets into the text it was found in."""

    start: int
    """Offset of the first character."""
    end: int
    """Offset just past the last character."""


def sentence_spans(text: str) -> list[Span]:
    """Split `text` into sentences, as spans with no surrounding white space."""
    spans: list[Span] = []
    for block_start, block_end in _blocks(text):
        spans.extend(_split_block(text, block_start, block_end))
    return spans


def sentences(text: str) -> list[str]:
    """Split `text` into sentences, each verbatim from `text`."""
    return [text[span.start : span.end] for span in sentence_spans(text)]


def words(sentence: str) -> list[str]:
    """The words of a sentence: letters and digits, keeping inner hyphens and apostrophes."""
    return [match.group().strip(".") for match in _WORD.finditer(sentence)]


class OfflineTokenizer:
    """The tokenizer interface sumy expects, without any downloaded model."""

    def __init__(self, language: str = "english") -> None:
        self._language = language

    @property
    def language(self) -> str:
        """Language name as sumy spells it."""
        return self._language

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """Sentences of a paragraph, verbatim."""
        return tuple(sentences(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Words of a sentence."""
        return tuple(words(sentence))


def _blocks(text: str) -> list[tuple[int, int]]:
    """Stretches of text that a sentence never crosses.

    A line break ends a block after a blank line, after a line that ends a
    sentence, before a bullet, after a short line without final punctuation
    (a headline) and after a line too long to be hard-wrapped. Other line breaks
    are hard wrapping inside a paragraph.
    """
    blocks: list[tuple[int, int]] = []
    lines = _lines_with_offsets(text)
    start: int | None = None
    for index, (line_start, line_end) in enumerate(lines):
        line = text[line_start:line_end]
        if not line.strip():
            if start is not None:
                blocks.append((start, lines[index - 1][1]))
                start = None
            continue
        if start is None:
            start = line_start
        next_line = text[lines[index + 1][0] : lines[index + 1][1]] if index + 1 < len(lines) else ""
        if _ends_block(line, next_line):
            blocks.append((start, line_end))
            start = None
    if start is not None:
        blocks.append((start, lines[-1][1]))
    return blocks


def _lines_with_offsets(text: str) -> list[tuple[int, int]]:
    offsets = []
    position = 0
    for line in text.splitlines(keepends=True):
        stripped = line.rstrip("\r\n")
        offsets.append((position, position + len(stripped)))
        position += len(line)
    return offsets


def _ends_block(line: str, next_line: str) -> bool:
    stripped = line.rstrip()
    if not next_line.strip() or _BULLET.match(next_line) or _BULLET.match(line):
        return True
    if re.search(r"[.!?…:][\"'”’»)\]]*$", stripped):
        return True
    # A short line with no final punctuation followed by more text is a headline or
    # label, unless the next line goes on in lower case (hard wrapping). A line wider
    # than anyone hard-wraps is a whole paragraph (web pages saved as text end their
    # paragraphs, captions and embedded posts with a single line break).
    continues = next_line.lstrip()[:1].islower()
    short = len(stripped.split()) <= 12 and not stripped.endswith(",")
    return (short or len(stripped) > HARD_WRAP_WIDTH) and not continues


def _split_block(text: str, start: int, end: int) -> list[Span]:
    spans: list[Span] = []
    sentence_start = start
    bullet = _BULLET.match(text[start:end])
    search_from = start + bullet.end() if bullet else start  # "1. Mix the flour" is one item
    for match in _TERMINATOR.finditer(text, search_from, end):
        boundary = match.end()
        if boundary < end and not text[boundary].isspace():
            continue  # "3.5", "U.S.-led", "Yahoo!'s": no space, no boundary
        if _is_boundary(text, sentence_start, match.start(), boundary, end):
            spans.append(_trimmed(text, sentence_start, boundary))
            sentence_start = boundary
    if text[sentence_start:end].strip():
        spans.append(_trimmed(text, sentence_start, end))
    return [span for span in spans if span.end > span.start]


def _is_boundary(text: str, sentence_start: int, dot: int, boundary: int, end: int) -> bool:
    """Decide whether the terminator at `dot` ends the sentence."""
    following = text[boundary:end].lstrip()
    if not following:
        return True
    next_char = following[0]
    if text[dot] in "?!":
        # "?" and "!" end a sentence unless the sentence goes on: "Yahoo! said", "voila! -- you".
        return not next_char.islower() and next_char not in "-—–,;:"
    if text[dot : dot + 3] in ("...", ". .") or text[dot] == "…":
        # An ellipsis ends a sentence when a capital follows, but "I" goes on: "what I mean... I didn't".
        return (next_char.isupper() or next_char in _OPENING) and not re.match(r"I\b", following)
    if next_char.islower() or next_char in ",;:%)":
        return False
    word = _word_before(text, sentence_start, dot)
    lowered = word.lower()
    if len(word) == 1 and word.isalpha() and word.isupper():
        return False  # an initial: "J. K. Rowling", "George W. Bush"
    if lowered in ABBREVIATIONS or word in STATE_ABBREVIATIONS or _INITIALS.match(word):
        if lowered in AMBIGUOUS_ENDINGS or word in STATE_ABBREVIATIONS or _INITIALS.match(word):
            return _starts_sentence(following)
        return False
    if next_char.isdigit() and lowered in {"no", "nos", "p", "pp", "art", "sec"}:
        return False
    return True


def _starts_sentence(following: str) -> bool:
    """After an abbreviation that may end a sentence: does a usual first word follow?"""
    next_word = re.match(r"[\w’']+", following)
    return bool(next_word) and next_word.group().lower() in SENTENCE_STARTERS


def _word_before(text: str, sentence_start: int, dot: int) -> str:
    """The word that the full stop at `dot` is attached to, without the final dot."""
    position = dot
    while position > sentence_start and not text[position - 1].isspace() and text[position - 1] not in _OPENING:
        position -= 1
    return text[position:dot]


def _trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)

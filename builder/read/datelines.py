"""Datelines: where and from whom a report comes, glued to its first line ("WASHINGTON — The ...").

Reading leaves the dateline out of a headline it infers from the first
sentence, and cleaning removes it so the summary starts after it. Both ask
this module, which belongs to reading, the stage that comes first.
"""

from __future__ import annotations

import re

from builder.model import Removal

# "WASHINGTON — ", "ERIE, Pa. (AP) - ", "LONDON, Dec 29 (Reuters) - ", "Washington: ", "(CNN) ":
# where and from whom, glued to the start of the first paragraph.
_DATELINE = re.compile(  # used with .match() from the first kept line, so no "^"
    r"""(?:
        (?P<place>[A-Z][A-Za-z.'’]*(?:[ -][A-Z][A-Za-z.'’]*){0,3})
        (?:,[ ][A-Z][\w.'’]*(?:[ ][A-Z][\w.'’]*){0,2})?
        (?:,?[ ][A-Z][a-z]{2,8}\.?[ ]\d{1,2})?
        (?:[ ]?\([^()\n]{1,40}\))?
        [ ]?(?P<separator>—|–|--|-|:)[ ]
      | \([A-Z][\w .]{1,30}\)[ ](?:(?:—|–|--|-)[ ])?
    )(?=["“‘'A-Z0-9])""",
    re.VERBOSE,
)
_NOT_PLACES = frozenset("file photo photos video watch update note breaking exclusive analysis opinion editor's live".split())


def without_dateline(text: str) -> str:
    """`text` without a dateline glued to its first line ("WASHINGTON — The ..." gives "The ...")."""
    first = next(((m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)), None)
    removal = leading_dateline(text, [first]) if first else None
    return text[removal.end :] if removal else text


def leading_dateline(text: str, kept: list[tuple[int, int]]) -> Removal | None:
    """A dateline glued to the start of the first kept line, so the first sentence starts after it."""
    if not kept:
        return None
    start, end = kept[0]
    offset = len(text[start:end]) - len(text[start:end].lstrip())
    match = _DATELINE.match(text, start + offset, end)
    if not match:
        return None
    place = match.group("place")
    if place is not None:
        place_words = place.split()
        if place.lower() in _NOT_PLACES:
            return None
        if not place.isupper() and (len(place_words) > 2 or match.group("separator") not in ("—", ":")):
            return None  # "Mixed Case - " may be a sentence; only CAPITALS take any dash
    return Removal(start + offset, match.end(), "dateline")

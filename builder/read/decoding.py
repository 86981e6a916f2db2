"""Bytes of an article file to text, with a note for everything that was not as it should be.

A byte-order mark decides the encoding, else valid UTF-8 is UTF-8, else the
encoding a saved web page declares, else Windows-1252 (what most files that
are not UTF-8 turn out to be). A binary file is recognized and refused, and
text is cut at `MAX_TEXT_CHARACTERS`, so no file can make the build slow.
"""

from __future__ import annotations

import codecs
import re

from builder.model.errors import ArticleError

MAX_TEXT_CHARACTERS = 200_000
"""Longer texts are cut here (and say so), so one article cannot make the build slow."""
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Invisible characters no published text keeps (some would be read as markup placeholders), and lone surrogates."""
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SIGNATURES = {
    b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image", b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (or an Office document)", b"\x1f\x8b": "a gzip archive",
    b"\x7fELF": "a program", b"RIFF": "a RIFF media file",
}
"""How common binary files begin, to say what a file is when it is not text."""


def declared_charset(data: bytes) -> str | None:
    """The encoding a web page declares in `<meta charset>`, if Python knows it."""
    match = _HTML_CHARSET.search(data[:4096])
    if not match:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None
    # Browsers read pages labelled Latin-1 or ASCII as Windows-1252, and a page
    # labelled UTF-8 that is not valid UTF-8 is best read that way too.
    return None if name in {"utf-8", "utf-8-sig", "iso8859-1", "latin-1", "ascii"} else name


def decode(data: bytes, relative: str, declared: str | None = None, complete: bool = True,
           limit: int = MAX_TEXT_CHARACTERS) -> tuple[str, list[str]]:
    """Bytes to text, with notes: a byte-order mark, else UTF-8, else the declared encoding, else Windows-1252.

    Line endings become `\\n`, control characters are removed (they are
    invisible, and some would be read as markup placeholders), and the text is
    cut at `limit` characters. `complete` is False when `data` is only the
    beginning of the file, so a character cut in half at the end is dropped.
    """
    notes: list[str] = []
    if not data.strip():
        raise ArticleError(relative, "only white space, no text" if data else "empty file (0 bytes)")
    encoding = _bom_encoding(data)
    if encoding is None:
        encoding = "utf-8" if _decodes(data, "utf-8", complete) else (declared or "cp1252")
        if encoding != "utf-8":
            named = "Windows-1252 (Latin-1)" if encoding == "cp1252" else f"{encoding} (as the page declares)"
            notes.append(f"not valid UTF-8; decoded as {named}")
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace" if encoding != "cp1252" else "latin1_fallback")
    text = decoder.decode(data, final=complete)
    if _looks_binary(text):
        raise ArticleError(relative, f"{_binary_kind(data)}, not text")
    text = re.sub(r"\r\n?|[\x85\u2028\u2029]", "\n", text)
    text, removed = CONTROL_CHARACTERS.subn("", text)
    if removed:
        notes.append(f"{removed} control character{'s' if removed > 1 else ''} removed")
    return cut(text, limit, notes if complete else []), notes  # when not complete, the caller says how much was read


def cut(text: str, limit: int, notes: list[str]) -> str:
    """The text cut at `limit` characters, with a note saying so."""
    if len(text) <= limit:
        return text
    notes.append(f"text cut to its first {limit:,} characters")
    return text[:limit]


def _bom_encoding(data: bytes) -> str | None:
    # UTF-32 first: its little-endian mark begins with UTF-16's.
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
                          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return encoding
    return None


def _decodes(data: bytes, encoding: str, complete: bool) -> bool:
    try:
        codecs.getincrementaldecoder(encoding)().decode(data, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def _latin1_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    """The five bytes Windows-1252 leaves undefined decode as in Latin-1 (control characters, removed later)."""
    return error.object[error.start : error.end].decode("latin-1"), error.end


codecs.register_error("latin1_fallback", _latin1_fallback)


_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
"""Characters below 32 other than tab, line feed, form feed and carriage return: rare in text."""


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    return len(_BINARY_CONTROLS.findall(sample)) / len(sample) > 0.1


def _binary_kind(data: bytes) -> str:
    kind = next((name for signature, name in _SIGNATURES.items() if data.startswith(signature)), None)
    return f"binary file ({kind})" if kind else "binary file"

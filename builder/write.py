"""Stage 6: put the generated files into the docs folder, touching only what changed.

`mkdocs serve` rebuilds whenever a file in the docs folder changes, so writing
identical bytes again would make it rebuild forever. Each file is written only
when its bytes differ, atomically (a temporary file renamed into place), and
generated files that are no longer part of the site are removed. A manifest
remembers which files the builder generated, so files an editor put into the
docs folder by hand are never touched.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

MANIFEST = ".briefing-manifest.json"


@dataclass(frozen=True)
class WriteReport:
    """What writing the generated files changed on disk."""

    written: tuple[str, ...]
    """Files created or rewritten because their bytes changed."""
    removed: tuple[str, ...]
    """Generated files of an earlier build that the site no longer has."""
    unchanged: int
    """Files whose bytes were already right."""


def write_files(docs_dir: Path, files: dict[str, str]) -> WriteReport:
    """Make the generated part of `docs_dir` hold exactly `files` (path: text)."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    written = []
    unchanged = 0
    for relative, text in sorted(files.items()):
        if write_if_changed(docs_dir / relative, text.encode("utf-8")):
            written.append(relative)
        else:
            unchanged += 1
    previous = _read_manifest(docs_dir)
    removed = sorted(previous - files.keys())
    for relative in removed:
        _remove(docs_dir, relative)
    write_if_changed(docs_dir / MANIFEST, (json.dumps(sorted(files), indent=0) + "\n").encode("utf-8"))
    return WriteReport(tuple(written), tuple(removed), unchanged)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` to `path` atomically unless it already holds exactly that; True if written."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True


def _read_manifest(docs_dir: Path) -> set[str]:
    try:
        return set(json.loads((docs_dir / MANIFEST).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return set()


def _remove(docs_dir: Path, relative: str) -> None:
    path = docs_dir / relative
    if not path.resolve().is_relative_to(docs_dir.resolve()):
        return  # a tampered manifest must not delete anything outside the docs folder
    path.unlink(missing_ok=True)
    parent = path.parent
    while parent != docs_dir and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent

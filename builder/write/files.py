"""Stage 6: put the generated files into the docs folder, touching only what changed.

`mkdocs serve` rebuilds whenever a file in the docs folder changes, so writing
identical bytes again would make it rebuild forever. Each file is written only
when its bytes differ, atomically (a temporary file renamed into place), and
generated files that are no longer part of the site are removed. A manifest
remembers which files the builder generated, so files an editor put into the
docs folder by hand are never touched.

A build killed while writing leaves every file either old or new, never half
written, and a manifest that already lists the new files: the next build
finishes the job and removes whatever the killed one no longer needed,
including its temporary files.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

MANIFEST = ".briefing-manifest.json"
TEMPORARY_PREFIX = ".briefing-tmp-"
"""Temporary files start with a dot, so MkDocs never publishes one a killed build left behind."""


@dataclass(frozen=True)
class WriteReport:
    """What writing the generated files changed on disk."""

    written: tuple[str, ...]
    """Files created or rewritten because their bytes changed."""
    removed: tuple[str, ...]
    """Generated files of an earlier build that the site no longer has."""
    unchanged: int
    """Files whose bytes were already right."""


def write_files(docs_dir: Path, files: dict[str, str], kept: frozenset[str] = frozenset()) -> WriteReport:
    """Make the generated part of `docs_dir` hold exactly `files` (path: text) and the files in `kept`.

    `kept` are generated files known to be right already (`incremental/unchanged.py`): they stay as they are.
    """
    docs_dir.mkdir(parents=True, exist_ok=True)
    for relative in files:
        if not _inside(docs_dir, relative):
            raise ValueError(f"generated file {relative!r} would be outside the docs folder")
    _remove_temporary_files(docs_dir)
    previous = _read_manifest(docs_dir)
    # List old and new files before writing any, so a kill in between orphans nothing.
    _write_manifest(docs_dir, previous | files.keys() | kept)
    written = []
    unchanged = 0
    for relative, text in sorted(files.items()):
        if write_if_changed(docs_dir / relative, text.encode("utf-8")):
            written.append(relative)
        else:
            unchanged += 1
    removed = sorted(previous - files.keys() - kept)
    for relative in removed:
        _remove(docs_dir, relative)
    _write_manifest(docs_dir, files.keys() | kept)
    return WriteReport(tuple(written), tuple(removed), unchanged + len(kept))


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write `data` to `path` atomically unless it already holds exactly that; True if written."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMPORARY_PREFIX, suffix=path.suffix)
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
        listed = json.loads((docs_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    return {name for name in listed if isinstance(name, str)} if isinstance(listed, list) else set()


def _write_manifest(docs_dir: Path, names) -> None:
    write_if_changed(docs_dir / MANIFEST, (json.dumps(sorted(names), indent=0) + "\n").encode("utf-8"))


def _remove_temporary_files(docs_dir: Path) -> None:
    for leftover in docs_dir.rglob(f"{TEMPORARY_PREFIX}*"):
        leftover.unlink(missing_ok=True)


def _inside(docs_dir: Path, relative: str) -> bool:
    return (docs_dir / relative).resolve().is_relative_to(docs_dir.resolve())


def _remove(docs_dir: Path, relative: str) -> None:
    path = docs_dir / relative
    if not _inside(docs_dir, relative):
        return  # a tampered manifest must not delete anything outside the docs folder
    path.unlink(missing_ok=True)
    parent = path.parent
    while parent != docs_dir and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


def staging_folder(site_dir: Path) -> Path:
    """A fresh, empty folder next to `site_dir` to build the next site in.

    It first repairs what a killed build may have left: a site moved aside but
    not yet replaced is moved back, and half-built staging folders are deleted.
    """
    parent, name = site_dir.parent, site_dir.name
    parent.mkdir(parents=True, exist_ok=True)
    previous = parent / f".{name}.previous"
    if previous.is_dir() and not site_dir.exists():
        os.replace(previous, site_dir)
    for leftover in parent.glob(f".{name}.building-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.rmtree(previous, ignore_errors=True)
    return Path(tempfile.mkdtemp(dir=parent, prefix=f".{name}.building-"))


def replace_folder(staging: Path, site_dir: Path) -> None:
    """Put the finished `staging` folder where `site_dir` is, keeping the old site until the last moment.

    Two renames on one file system: the old site is moved aside, the new one
    moved in, then the old one deleted. Readers see either site whole; a kill
    between the renames is undone by the next `staging_folder`.
    """
    previous = site_dir.parent / f".{site_dir.name}.previous"
    if site_dir.exists():
        os.replace(site_dir, previous)
    os.replace(staging, site_dir)
    shutil.rmtree(previous, ignore_errors=True)

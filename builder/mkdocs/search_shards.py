"""The site's Pagefind index in shards, so that a rebuild indexes again only the pages that changed.

Pagefind cannot update an index: its command line and its Python API
(`PagefindIndex`) both make a whole index from the pages they are given, and
indexing the whole site after every build cost as much CPU as the rest of a
rebuild (3.7 s of 8.8 at 1,000 articles). So the site is indexed in shards,
each its own Pagefind bundle in `site/pagefind/<shard>/`:

- a page's shard follows from its path alone: article, story and topic pages
  go by a hash of their path into `BUCKETS` shards (so a page never moves and
  the same pages give the same bundles), and the pages that change on most
  rebuilds (home, archive, sections, outlets) sit in a small shard, `hubs`;
- a shard's key hashes Pagefind's version, its command and each of the shard's
  pages (path and bytes); its bundle is kept under that key in the build
  cache's folder (`.briefing/search/`), since MkDocs empties the site folder
  before each build. A shard whose pages are unchanged is linked into the site
  as it was; a new, edited or removed page makes its shard be indexed again;
- `pagefind/shards.json` lists the shards; the search worker imports Pagefind
  from the first one and merges the others (`mergeIndex`), which share its
  WebAssembly and add only their metadata and the chunks a query needs.

MkDocs deletes every file of the site before it builds, and the bundles are
half of them (1,499 of 2,939 files at 1,000 articles): deleting them and linking
them again cost 0.4 s of every rebuild. So `set_aside` moves the site's
`pagefind/` into the store before MkDocs empties the site, and `index_shards`
moves it back and replaces only the shards whose key changed.

Only pages with `data-pagefind-body` are indexed when any page has it, as
Pagefind does over a whole site: alone in a shard, a page without it (the 404
page) would otherwise be indexed whole. Pagefind is handed only what it reads of
a page: its `<html>` tag (the language) and the marked element (`theme/main.html`
marks where it ends). Two thirds of a page are the theme's header, navigation and
footer, and parsing them was a third of Pagefind's time; the bundle comes out the same.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from builder.model.errors import BriefingError

BUNDLE = "pagefind"
"""The folder of the site that holds the shards' bundles and their list."""
MANIFEST = "shards.json"
"""The list of shards in `BUNDLE`, read by the search worker; the first holds Pagefind's script."""
BUCKETS = 16
"""Shards for article, story and topic pages. More make a rebuild index fewer pages, but each
adds its metadata and a chunk per word to every first search (about 30 KB a chunk)."""
BUCKETED = frozenset({"articles", "stories", "topics"})
"""Top folders whose pages go into the hashed shards; the rest of the site is in `HUBS`."""
HUBS = "hubs"
"""The shard of the pages that change with almost every new article."""
_BODY = b"data-pagefind-body"
_BODY_START = b"<div data-pagefind-body>"
_BODY_END = b"<!--/data-pagefind-body-->"
"""Where `theme/main.html` opens the indexed element, and the comment it writes after the element's end."""
_ASIDE = ".published-"
"""Names, in the store, of a site's `pagefind/` while MkDocs empties the site (see `set_aside`) and
of the record of what it holds (`.json`: each shard's name and the bundle linked there), each
followed by a hash of the site folder's path: builds of two sites may share a store."""
_MERGED_PARTS = ("pagefind-entry.json", "index", "fragment", "filter")
"""What of a merged shard's bundle the browser reads (with its `.pf_meta`): not Pagefind's script or WebAssembly."""


@dataclass(frozen=True)
class Shard:
    """Pages indexed together into one Pagefind bundle."""

    name: str
    """Its folder in the site's `pagefind/`: `hubs`, or `p00` to `p15`."""
    pages: tuple[str, ...]
    """Its pages' paths in the site, sorted."""
    key: str
    """Hash of Pagefind's version and command and of each page's path and bytes."""

    @property
    def folder(self) -> str:
        """Where its bundle is kept in the store."""
        return f"{self.name}-{self.key[:24]}"


@dataclass(frozen=True)
class IndexReport:
    """What one indexing of the site did."""

    pages: int
    """Pages indexed, in all shards."""
    shards: tuple[str, ...]
    """Every shard's name, in the manifest's order."""
    indexed: tuple[str, ...]
    """The shards indexed again in this build; the others were unchanged."""


def shard_name(path: str) -> str:
    """The shard of the page at `path` in the site (POSIX): it depends on the path only."""
    top, _, rest = path.partition("/")
    if top not in BUCKETED or rest in ("", "index.html"):  # a folder's own page lists what is in it
        return HUBS
    bucket = int.from_bytes(hashlib.sha256(path.encode("utf-8", "surrogatepass")).digest()[:4], "big") % BUCKETS
    return f"p{bucket:02d}"


def shards_of(site_dir: Path) -> list[Shard]:
    """The site's HTML pages in their shards, `HUBS` first, each with its key."""
    digests: dict[str, bytes] = {}
    marked: set[str] = set()
    for file in sorted(site_dir.rglob("*.html")):
        path = file.relative_to(site_dir).as_posix()
        if path.startswith(f"{BUNDLE}/"):
            continue
        data = file.read_bytes()
        digests[path] = hashlib.sha256(data).digest()
        if _BODY in data:
            marked.add(path)
    indexed = sorted(marked) if marked else sorted(digests)
    grouped: dict[str, list[str]] = {}
    for path in indexed:
        grouped.setdefault(shard_name(path), []).append(path)
    names = sorted(grouped, key=lambda name: (name != HUBS, name))
    return [Shard(name, tuple(grouped[name]), _shard_key(grouped[name], digests)) for name in names]


def _shard_key(pages: list[str], digests: dict[str, bytes]) -> str:
    key = hashlib.sha256(json.dumps([_pagefind_version(), _OPTIONS]).encode())
    for path in pages:
        key.update(path.encode("utf-8", "surrogatepass") + b"\x00" + digests[path])
    return key.hexdigest()


_OPTIONS = ["--silent"]
"""Pagefind's options besides its input and output folders (part of every shard's key)."""


def _pagefind_version() -> str:
    try:
        return metadata.version("pagefind_bin")
    except metadata.PackageNotFoundError:
        return "unknown"


def set_aside(site_dir: Path, store: Path) -> None:
    """Move the site's `pagefind/` into `store` before MkDocs empties the site, for `index_shards` to reuse."""
    published, (aside, _) = site_dir / BUNDLE, _aside(site_dir, store)
    shutil.rmtree(aside, ignore_errors=True)
    if not published.is_dir():
        return
    store.mkdir(parents=True, exist_ok=True)
    try:
        published.rename(aside)
    except OSError:  # the store is on another file system: MkDocs deletes it, and every shard is linked again
        pass


def index_shards(site_dir: Path, store: Path) -> IndexReport:
    """Index the site's changed shards into `store`, and put every shard's bundle in `site_dir/pagefind`."""
    shards = shards_of(site_dir)
    store.mkdir(parents=True, exist_ok=True)
    missing = [shard for shard in shards if not (store / shard.folder).is_dir()]
    with ThreadPoolExecutor(max_workers=max(1, min(len(missing), os.cpu_count() or 1))) as pool:
        list(pool.map(lambda shard: _index(site_dir, shard, store), missing))
    output, (aside, listed) = site_dir / BUNDLE, _aside(site_dir, store)
    linked = _put_back(aside, listed, output)
    wanted = {shard.name: f"{shard.folder}{' whole' if number == 0 else ''}" for number, shard in enumerate(shards)}
    kept = {name for name, bundle in wanted.items() if linked.get(name) == bundle}
    for entry in output.iterdir():  # shards gone or linked from another bundle, and the old list
        if entry.name not in kept:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    for number, shard in enumerate(shards):
        if shard.name not in kept:
            _link_tree(store / shard.folder, output / shard.name, whole=number == 0)
    (output / MANIFEST).write_text(json.dumps({"shards": [shard.name for shard in shards]}), encoding="utf-8")
    listed.write_text(json.dumps(wanted), encoding="utf-8")
    _prune(store, {shard.folder for shard in shards} | {listed.name})
    return IndexReport(sum(len(shard.pages) for shard in shards), tuple(shard.name for shard in shards),
                       tuple(shard.name for shard in missing))


def _aside(site_dir: Path, store: Path) -> tuple[Path, Path]:
    """Where `set_aside` keeps the site's `pagefind/`, and the record of what it holds."""
    site = hashlib.sha256(str(site_dir.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return store / f"{_ASIDE}{site}", store / f"{_ASIDE}{site}.json"


def _put_back(aside: Path, listed: Path, output: Path) -> dict[str, str]:
    """Move the `pagefind/` that `set_aside` kept back to `output`; what it holds, by `listed`.

    Without one, `output` starts empty. The record is deleted first: a build
    killed while it replaces shards leaves none, and the next one links every shard.
    """
    try:
        linked = json.loads(listed.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        linked = {}
    listed.unlink(missing_ok=True)
    shutil.rmtree(output, ignore_errors=True)
    if aside.is_dir() and isinstance(linked, dict):
        try:
            aside.rename(output)
            return linked
        except OSError:
            shutil.rmtree(aside, ignore_errors=True)
    output.mkdir(parents=True)
    return {}


def _index(site_dir: Path, shard: Shard, store: Path) -> None:
    """Run Pagefind on the shard's pages (linked into a scratch folder); keep the bundle under its key."""
    with tempfile.TemporaryDirectory(dir=store, prefix=f".{shard.name}-") as scratch:
        pages, bundle = Path(scratch) / "site", Path(scratch) / "bundle"
        for path in shard.pages:
            _put_indexed_part(site_dir / path, pages / path)
        command = [_executable(), "--site", str(pages), "--output-path", str(bundle), *_OPTIONS]
        try:
            done = subprocess.run(command, capture_output=True, text=True, check=False)
        except OSError as error:
            raise BriefingError(f"could not run Pagefind to index the site: {error}") from error
        if done.returncode != 0:
            raise BriefingError(f"Pagefind could not index the {shard.name} pages of {site_dir} "
                                f"(exit status {done.returncode}): {(done.stderr or done.stdout).strip()}")
        try:
            bundle.rename(store / shard.folder)
        except OSError:  # another build of the same cache made it meanwhile: the same bytes
            if not (store / shard.folder).is_dir():
                raise


def _executable() -> str:
    from pagefind.service import get_executable  # the binary of the `pagefind-bin` wheel

    found = get_executable()
    if found is None:
        raise BriefingError("Pagefind's binary is missing: pip install 'pagefind[bin]'")
    return str(found)


def _put_indexed_part(page: Path, target: Path) -> None:
    """What Pagefind reads of `page` at `target`: its `<html>` tag and marked element, or all of it if unmarked."""
    data = page.read_bytes()
    start, end = data.find(_BODY_START), data.rfind(_BODY_END)
    opening = data.find(b"<html")
    if start < 0 or end < start or not 0 <= opening < start:
        _link(page, target)
        return
    tag = data[opening : data.index(b">", opening) + 1]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b'<!doctype html>' + tag + b'<head><meta charset="utf-8"></head><body>'
                       + data[start:end] + b"</body></html>")


def _link_tree(source: Path, target: Path, whole: bool) -> None:
    """`target` made of links to the files of the bundle `source` (all of them, or what a merged shard needs)."""
    for file in sorted(source.rglob("*")):
        relative = file.relative_to(source)
        wanted = whole or relative.parts[0] in _MERGED_PARTS or relative.suffix == ".pf_meta"
        if file.is_file() and wanted:
            _link(file, target / relative)


def _link(source: Path, target: Path) -> None:
    """A hard link (nothing is copied), or a copy where the two folders are on different file systems."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _prune(store: Path, used: set[str]) -> None:
    """Drop the bundles of shards no longer in the site (their pages changed or left), and other sites' records.

    Another site sharing the store then links every shard again on its next build.
    """
    for entry in store.iterdir():
        if entry.name in used:
            continue
        if entry.is_dir():  # a scratch folder left by a killed build too
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.name.startswith(_ASIDE):  # `mkdocs serve` builds in a new temporary folder each time
            entry.unlink(missing_ok=True)

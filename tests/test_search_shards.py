"""The search index in shards: a rebuild indexes again only the shards whose pages changed.

Each test writes a tiny site folder by hand and runs Pagefind on it (a tenth of a second a shard).
"""

from __future__ import annotations

import filecmp
import json
import shutil
from pathlib import Path

from conftest import indexed_pages

from builder.mkdocs import search_shards
from builder.mkdocs.search_shards import BUCKETS, HUBS, MANIFEST, index_shards, set_aside, shard_name, shards_of

real_link = search_shards._link
WORDS = ["harbour", "ferry", "lighthouse", "council", "election", "storm", "bridge", "valley", "island", "timetable"]


def page(title: str, text: str) -> str:
    """A page as our theme writes it: only the content block is marked for Pagefind."""
    return (f'<!doctype html><html lang="en"><head><title>{title}</title></head><body>'
            f'<nav>Skip to content</nav><article data-pagefind-body><h1>{title}</h1><p>{text}</p></article>'
            "</body></html>")


def write_site(site: Path, articles: int = 30) -> None:
    """A home page, a 404 page without the marker, and `articles` article pages with a word each."""
    pages = {"index.html": page("Briefing", "The archive by topic."),
             "404.html": "<!doctype html><html lang=\"en\"><body><h1>Page not found</h1></body></html>",
             "sources/index.html": page("Sources", "Every outlet.")}
    for number in range(articles):
        pages[f"articles/article-{number}/index.html"] = page(f"Article {number}", f"Word{number} {WORDS[number % 10]}.")
    for path, html in pages.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(html, encoding="utf-8")


def test_a_page_shard_depends_on_its_path_only():
    assert shard_name("index.html") == HUBS
    assert shard_name("sources/coast-gazette/index.html") == HUBS
    assert shard_name("articles/index.html") == HUBS  # a folder's own list changes with every article
    name = shard_name("articles/harbour-bridge-reopens-1a2b3c4d/index.html")
    assert name == shard_name("articles/harbour-bridge-reopens-1a2b3c4d/index.html")
    assert name.startswith("p") and int(name[1:]) < BUCKETS
    names = {shard_name(f"articles/article-{number}/index.html") for number in range(200)}
    assert len(names) == BUCKETS  # spread over every bucket


def test_every_page_with_the_marker_is_indexed_once_and_the_404_page_not_at_all(tmp_path):
    site = tmp_path / "site"
    write_site(site)
    report = index_shards(site, tmp_path / "store")
    pages = indexed_pages(site)
    assert sorted(pages) == sorted(["/", "/sources/", *(f"/articles/article-{n}/" for n in range(30))])
    assert report.pages == 32 and report.indexed == report.shards
    assert all("Skip to content" not in found["content"] for found in pages.values())
    manifest = json.loads((site / "pagefind" / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["shards"] == list(report.shards) and manifest["shards"][0] == HUBS


def test_only_the_first_shard_carries_pagefinds_script_and_webassembly(tmp_path):
    site = tmp_path / "site"
    write_site(site)
    first, *merged = index_shards(site, tmp_path / "store").shards
    assert (site / "pagefind" / first / "pagefind.js").is_file()
    for name in merged:
        shard = site / "pagefind" / name
        assert (shard / "pagefind-entry.json").is_file() and list(shard.glob("*.pf_meta"))
        assert not list(shard.glob("*.js")) and not list(shard.glob("wasm.*"))


def test_a_rebuild_indexes_again_only_the_shard_of_an_edited_page(tmp_path):
    site, store = tmp_path / "site", tmp_path / "store"
    write_site(site)
    index_shards(site, store)
    edited = "articles/article-7/index.html"
    (site / edited).write_text(page("Article 7", "A zeppelin over the harbour."), encoding="utf-8")
    report = index_shards(site, store)
    assert report.indexed == (shard_name(edited),)
    content = indexed_pages(site)["/articles/article-7/"]["content"]
    assert "zeppelin" in content and "Word7" not in content


def test_a_removed_page_leaves_the_index_and_an_emptied_shard_leaves_the_list(tmp_path):
    site, store = tmp_path / "site", tmp_path / "store"
    write_site(site, articles=3)
    before = index_shards(site, store)
    gone = "articles/article-1/index.html"
    alone = [path for path in (f"articles/article-{n}/index.html" for n in range(3))
             if shard_name(path) == shard_name(gone)] == [gone]
    (site / gone).unlink()
    after = index_shards(site, store)
    assert "/articles/article-1/" not in indexed_pages(site)
    if alone:
        assert shard_name(gone) in before.shards and shard_name(gone) not in after.shards
        assert not (site / "pagefind" / shard_name(gone)).exists()
    else:
        assert after.indexed == (shard_name(gone),)
    assert len([kept for kept in store.iterdir() if kept.is_dir()]) == len(after.shards)  # old bundles dropped


def test_an_emptied_site_folder_gets_the_kept_shards_back_without_indexing(tmp_path):
    site, store = tmp_path / "site", tmp_path / "store"
    write_site(site)
    first = index_shards(site, store)
    shutil.rmtree(site)  # MkDocs empties the site folder before each build
    write_site(site)
    again = index_shards(site, store)
    assert again.indexed == () and again.shards == first.shards
    assert len(indexed_pages(site)) == first.pages


def _rebuilt(site: Path, store: Path, edit=None):
    """What a build does around MkDocs: set the index aside, empty the site, write its pages, index."""
    set_aside(site, store)
    shutil.rmtree(site)
    write_site(site)
    if edit:
        edit(site)
    return index_shards(site, store)


def _inodes(folder: Path) -> dict[str, int]:
    return {path.relative_to(folder).as_posix(): path.stat().st_ino for path in folder.rglob("*") if path.is_file()}


def _fresh_index(tmp_path: Path, edit=None) -> Path:
    site = tmp_path / "fresh" / "site"
    write_site(site)
    if edit:
        edit(site)
    index_shards(site, tmp_path / "fresh" / "store")
    return site / "pagefind"


def _edit_article_7(site: Path) -> None:
    (site / "articles/article-7/index.html").write_text(page("Article 7", "A zeppelin."), encoding="utf-8")


def test_a_rebuild_with_nothing_changed_puts_the_set_aside_index_back_without_linking_it_again(tmp_path):
    site, store = tmp_path / "site", tmp_path / "store"
    write_site(site)
    index_shards(site, store)
    before = _inodes(site / "pagefind")
    report = _rebuilt(site, store)
    assert report.indexed == ()
    after = _inodes(site / "pagefind")
    assert {path: inode for path, inode in after.items() if path != MANIFEST} == {
        path: inode for path, inode in before.items() if path != MANIFEST}
    assert _same_tree(site / "pagefind", _fresh_index(tmp_path))


def test_after_an_edit_only_the_edited_shard_is_replaced_in_the_set_aside_index(tmp_path):
    site, store = tmp_path / "site", tmp_path / "store"
    write_site(site)
    index_shards(site, store)
    before = _inodes(site / "pagefind")
    report = _rebuilt(site, store, _edit_article_7)
    edited = shard_name("articles/article-7/index.html")
    assert report.indexed == (edited,)
    after = _inodes(site / "pagefind")
    replaced = {path.split("/")[0] for path in after if after[path] != before.get(path)}
    assert replaced - {MANIFEST} == {edited}  # the list is written again (its inode may come back)
    assert _same_tree(site / "pagefind", _fresh_index(tmp_path, _edit_article_7))
    assert "zeppelin" in indexed_pages(site)["/articles/article-7/"]["content"]


def test_a_build_killed_while_it_replaced_shards_makes_the_next_one_link_every_shard(tmp_path):
    site, store = tmp_path / "site", tmp_path / "store"
    write_site(site)
    index_shards(site, store)
    (site / "pagefind" / HUBS / "pagefind.js").unlink()  # half replaced when the build was killed...
    next(store.glob(".published-*.json")).unlink()  # ...and the record of what it holds was already gone
    _rebuilt(site, store)
    assert _same_tree(site / "pagefind", _fresh_index(tmp_path))


def test_two_sites_sharing_a_store_each_get_their_own_index_back(tmp_path):
    store, sites = tmp_path / "store", [tmp_path / "one", tmp_path / "two"]
    write_site(sites[0], articles=30)
    write_site(sites[1], articles=3)
    for site in sites:
        index_shards(site, store)
    for site in sites:
        set_aside(site, store)
        shutil.rmtree(site)
    for site, articles in zip(sites, (30, 3)):
        write_site(site, articles)
        index_shards(site, store)
        assert len(indexed_pages(site)) == articles + 2


def test_the_same_pages_give_the_same_index_byte_for_byte(tmp_path):
    sites = []
    for name in ("one", "two"):
        site = tmp_path / name / "site"
        write_site(site)
        index_shards(site, tmp_path / name / "store")
        sites.append(site / "pagefind")
    assert _same_tree(*sites)


def test_shards_list_pages_in_order_with_a_key_of_their_bytes(tmp_path):
    site = tmp_path / "site"
    write_site(site)
    shards = shards_of(site)
    assert [shard.name for shard in shards][0] == HUBS
    assert all(list(shard.pages) == sorted(shard.pages) for shard in shards)
    (site / "index.html").write_text(page("Briefing", "A new headline."), encoding="utf-8")
    changed = {shard.name: shard.key for shard in shards_of(site)}
    assert [name for name, key in changed.items() if key != {s.name: s.key for s in shards}[name]] == [HUBS]


def _same_tree(left: Path, right: Path) -> bool:
    compared = filecmp.dircmp(left, right)
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(left, right, compared.common_files, shallow=False)
    return not mismatch and not errors and all(_same_tree(left / name, right / name) for name in compared.common_dirs)


def themed_page(title: str, text: str, end_marker: str = "<!--/data-pagefind-body-->") -> str:
    """A page as `theme/main.html` writes it: chrome around the marked element, and the comment after it."""
    return (f'<!doctype html><html lang="en" class="no-js"><head><meta charset="utf-8"><title>{title} - Briefing</title>'
            '<script>var x = "<div data-pagefind-body>"</script></head><body><header>Skip to content Briefing</header>'
            '<nav><a href="/topics/storms/">Storms</a> <a href="/topics/ferries/">Ferries</a></nav>'
            f'<div data-pagefind-body><h1 id="{title.lower()}">{title}</h1>'
            f'<p data-pagefind-meta="outlet">Coast Gazette</p><div><p>{text}</p></div>'
            f'<div data-pagefind-ignore><a href="/">Home</a></div></div>{end_marker}'
            "<footer>Made with Material for MkDocs</footer></body></html>")


def test_pagefind_is_handed_only_the_marked_element_and_makes_the_same_index_as_from_the_whole_page(tmp_path, monkeypatch):
    linked = []  # pages handed over whole are linked, not cut
    monkeypatch.setattr(search_shards, "_link", lambda source, target: (linked.append(source.parent.name),
                                                                        real_link(source, target)))
    sites = {}
    for name, marker in (("marked", "<!--/data-pagefind-body-->"), ("whole", "")):
        site = tmp_path / name / "site"
        for number in range(20):
            path = site / "articles" / f"article-{number}" / "index.html"
            path.parent.mkdir(parents=True)
            path.write_text(themed_page(f"Article{number}", f"Word{number} {WORDS[number % 10]}.", marker), "utf-8")
        index_shards(site, tmp_path / name / "store")
        sites[name] = site
    assert len([name for name in linked if name.startswith("article-")]) == 20  # the unmarked ones only
    pages = indexed_pages(sites["marked"])
    assert pages["/articles/article-3/"]["content"] == "Article3. Coast Gazette. Word3 council."
    assert pages["/articles/article-3/"]["meta"]["outlet"] == "Coast Gazette"
    assert not any("Storms" in page["content"] or "Material" in page["content"] for page in pages.values())
    assert _same_tree(sites["marked"] / "pagefind", sites["whole"] / "pagefind")

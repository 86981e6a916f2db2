"""Reading broken files: each is published if it can be read, else reported once with its cause."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from builder.read import files as read
from builder.read import slugs
from builder.read.decoding import MAX_TEXT_CHARACTERS
from builder.read.files import read_content

BROKEN = Path(__file__).resolve().parent / "content" / "broken"

SKIPPED = {
    "binary_png_saved_as.txt": "binary file (a PNG image), not text",
    "empty.txt": "empty file (0 bytes)",
    "html_without_text.html": "no title and no text",
    "unsupported_file_type.docx": "unsupported file type '.docx' (use .txt, .md or .html)",
    "whitespace_only.txt": "only white space, no text",
}
"""Files that cannot be published, with the reason the build gives, word for word."""

WARNINGS = {
    "control_characters.txt": ["5 control characters removed"],
    "front_matter_alias_bomb.md": [
        "front matter uses YAML aliases (*name), which can expand without limit; it was ignored"],
    "front_matter_not_a_mapping.md": ["front matter is not a mapping of keys to values; it was ignored"],
    "front_matter_python_object.md": [
        "front matter is not valid YAML (line 2: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'); it was ignored"],
    "front_matter_unclosed.md": [
        "front matter has no closing line of ---; everything after the first line is read as text"],
    "front_matter_wrong_types.md": [
        "front-matter key 'published': expected a date like 2025-07-09 or 9 July 2025, got 'yesterday'; it was ignored",
        "front-matter key 'tags': expected a list of words, got int 5; it was ignored",
        "front-matter key 'author': expected text, got list; it was ignored",
        "url '42' is not a plain http(s) link; it is shown as text only",
    ],
    "latin1_encoded.txt": ["not valid UTF-8; decoded as Windows-1252 (Latin-1)"],
    "malformed_front_matter.md": [
        "front matter is not valid YAML (line 3: found unexpected end of stream); it was ignored"],
    "windows1252_encoded.txt": ["not valid UTF-8; decoded as Windows-1252 (Latin-1)"],
}
"""Files that are published, with the warnings the build gives about them."""

PUBLISHED_CLEANLY = {"mixed_line_endings.txt", "no_sentence_ending.txt", "one_sentence.txt", "title_only.md",
                     "utf16_with_bom.txt", "utf8_with_bom.md"}


@pytest.fixture(scope="module")
def broken():
    reading = read_content(BROKEN)
    return {article.path: article for article in reading.articles}, reading.problems


def test_every_broken_fixture_is_either_published_or_skipped_with_its_reason(broken):
    articles, problems = broken
    skipped = {problem.path: problem.message for problem in problems if problem.fatal}
    warned: dict[str, list[str]] = {}
    for problem in problems:
        if not problem.fatal:
            warned.setdefault(problem.path, []).append(problem.message)
    assert skipped == SKIPPED
    assert warned == WARNINGS
    assert set(articles) == set(WARNINGS) | PUBLISHED_CLEANLY
    assert set(articles) | set(skipped) == {path.name for path in BROKEN.iterdir()}


def test_mis_encoded_files_are_decoded_correctly(broken):
    articles, _ = broken
    assert articles["latin1_encoded.txt"].title == "Café in Zürich Wins Baking Prize"
    assert "crème brûlée and Rüeblitorte" in articles["latin1_encoded.txt"].text
    assert articles["windows1252_encoded.txt"].title == "Museum Returns \u201cLost\u201d Paintings"
    assert "\u2014 both thought lost since 1944 \u2014" in articles["windows1252_encoded.txt"].text
    assert "\u20ac12,000" in articles["windows1252_encoded.txt"].text
    assert articles["utf16_with_bom.txt"].title == "Ferry Timetable Changes for Winter"
    assert articles["utf8_with_bom.md"].title == "Library Extends Opening Hours"


def test_mixed_line_endings_become_one_kind(broken):
    article = broken[0]["mixed_line_endings.txt"]
    assert article.title == "Council Approves New Bus Routes"
    assert "\r" not in article.text
    assert article.text.split("\n") == [
        "The council approved three new bus routes on Tuesday.",
        "They will connect the hospital with the northern suburbs.",
        "Services start in March.",
    ]


def test_control_characters_are_removed_and_placeholders_cannot_be_smuggled_in(broken):
    text = broken[0]["control_characters.txt"].text
    assert not any(ord(char) < 32 and char not in "\n\t" for char in text)
    assert "fire near the docks[31m on Sunday night.wzxhzdk:0 Nobody" in text


def test_front_matter_with_wrong_types_keeps_the_values_that_are_right(broken):
    article = broken[0]["front_matter_wrong_types.md"]
    assert (article.title, article.published, article.tags, article.author, article.url) == (
        "Rowing Club Wins Regatta", None, (), None, None)


def test_yaml_tags_that_would_run_code_are_not_run(broken):
    article = broken[0]["front_matter_python_object.md"]
    assert article.title == "YAML tags that would run code are refused; the text is published"


def test_title_only_article_is_published_with_an_empty_text(broken):
    article = broken[0]["title_only.md"]
    assert (article.title, article.text) == ("Headline Without a Story", "")


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "good.txt").write_text("A good article.\n\nIt has two sentences.\n", encoding="utf-8")
    return folder


def _outcome(content: Path, name: str) -> tuple[bool, list[str]]:
    reading = read_content(content)
    published = any(article.path == name for article in reading.articles)
    return published, [problem.message for problem in reading.problems if problem.path == name]


def test_a_50_megabyte_article_is_published_cut_without_loading_it_whole(content):
    sentence = "The longest article ever sent to the newsroom keeps repeating itself. "
    with open(content / "fifty_megabytes.txt", "w", encoding="utf-8") as stream:
        for _ in range(50 * 1024 * 1024 // (len(sentence) * 1000) + 1):
            stream.write(sentence * 1000)
    size = (content / "fifty_megabytes.txt").stat().st_size
    reading = read_content(content)
    article = next(article for article in reading.articles if article.path == "fifty_megabytes.txt")
    assert size > 50 * 1024 * 1024
    assert len(article.text) == MAX_TEXT_CHARACTERS
    assert [problem.message for problem in reading.problems] == [
        f"file is {size:,} bytes; only its first {MAX_TEXT_CHARACTERS:,} characters are published"]


def test_a_utf8_character_cut_in_half_at_the_read_limit_is_dropped_not_misread(content, monkeypatch):
    monkeypatch.setattr(read, "MAX_READ_BYTES", 41)
    (content / "cut_in_half.txt").write_bytes(("Zürich is lovely in the autumn, says Zoë.\n" * 10).encode("utf-8"))
    reading = read_content(content)
    article = next(article for article in reading.articles if article.path == "cut_in_half.txt")
    assert article.text == "Zürich is lovely in the autumn, says Zo"
    assert all("UTF-8" not in problem.message for problem in reading.problems)


def test_symbolic_link_to_a_file_outside_the_content_folder_is_not_followed(content, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Private notes that must never be published.\n", encoding="utf-8")
    (content / "link_outside.txt").symlink_to(secret)
    assert _outcome(content, "link_outside.txt") == (
        False, ["symbolic link to a file outside the content folder; not followed"])


def test_symbolic_link_to_a_folder_outside_is_reported_and_not_entered(content, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "private.txt").write_text("Private article outside the content folder.\n", encoding="utf-8")
    (content / "linked_folder").symlink_to(outside, target_is_directory=True)
    reading = read_content(content)
    assert [article.path for article in reading.articles] == ["good.txt"]
    assert [(p.path, p.message) for p in reading.problems] == [
        ("linked_folder", "symbolic link to a folder outside the content folder; not followed")]


def test_symbolic_link_inside_the_content_folder_is_read(content):
    (content / "alias.txt").symlink_to(content / "good.txt")
    assert _outcome(content, "alias.txt") == (True, [])


def test_broken_symbolic_link_is_reported(content):
    (content / "dangling.txt").symlink_to(content / "missing.txt")
    assert _outcome(content, "dangling.txt") == (False, ["broken symbolic link (its target does not exist)"])


def test_named_pipe_named_like_an_article_does_not_hang_the_build(content):
    os.mkfifo(content / "pipe.txt")
    assert _outcome(content, "pipe.txt") == (False, ["not a regular file (a named pipe); not read"])


def test_unreadable_file_is_reported(content, monkeypatch):
    unreadable = content / "unreadable.txt"
    unreadable.write_text("Nobody may read this article.\n", encoding="utf-8")
    if os.geteuid() == 0:
        # chmod 000 does not stop root, so simulate the refusal the kernel gives everyone else.
        real_open = os.open

        def refusing_open(path, *args, **kwargs):
            if Path(path) == unreadable:
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(read.os, "open", refusing_open)
    else:
        unreadable.chmod(0)
    try:
        assert _outcome(content, "unreadable.txt") == (False, ["cannot be read (Permission denied)"])
    finally:
        unreadable.chmod(0o644)


def test_hidden_files_and_folders_are_not_articles(content):
    (content / ".draft.txt").write_text("A hidden draft.\n", encoding="utf-8")
    (content / ".git").mkdir()
    (content / ".git" / "HEAD.txt").write_text("ref: refs/heads/main\n", encoding="utf-8")
    reading = read_content(content)
    assert [article.path for article in reading.articles] == ["good.txt"]
    assert reading.problems == ()


def test_articles_never_share_a_page_or_an_id_even_when_hashes_collide(content, monkeypatch):
    monkeypatch.setattr(slugs, "short_hash", lambda text, length=6: "0" * length)
    for name in ("a.md", "b.md", "sub/a.md"):
        (content / name).parent.mkdir(exist_ok=True)
        (content / name).write_text("---\ntitle: Same Title\n---\nSame text.\n", encoding="utf-8")
    reading = read_content(content)
    pages = [article.page for article in reading.articles]
    ids = [article.id for article in reading.articles]
    assert len(set(pages)) == len(pages) == 4
    assert len(set(ids)) == len(ids) == 4
    assert pages[0] == "articles/same-title-00000000.md"  # the first path keeps the plain name
    assert read_content(content) == reading  # and the outcome is the same every time


def test_front_matter_escapes_cannot_bring_in_control_characters_or_lone_surrogates(content):
    (content / "escapes.md").write_text(
        '---\ntitle: "Bell\\a and \\ud800 surrogate"\nsource: "Out\\x02let"\n---\nText.\n', encoding="utf-8")
    article = next(article for article in read_content(content).articles if article.path == "escapes.md")
    assert (article.title, article.source) == ("Bell and surrogate", "Outlet")


def test_a_saved_page_declaring_its_charset_is_decoded_with_it(content):
    page = '<html><head><meta charset="koi8-r"><title>Новости</title></head><body><p>Текст статьи.</p></body></html>'
    (content / "declared.html").write_bytes(page.encode("koi8-r"))
    reading = read_content(content)
    article = next(article for article in reading.articles if article.path == "declared.html")
    assert (article.title, article.text) == ("Новости", "Текст статьи.")
    assert [p.message for p in reading.problems] == ["not valid UTF-8; decoded as koi8-r (as the page declares)"]


def test_copying_the_corpus_keeps_its_outcome(tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(BROKEN, copy)
    assert read_content(copy) == read_content(BROKEN)


def test_an_inferred_headline_leaves_out_the_dateline(tmp_path):
    from builder.read.files import read_content

    (tmp_path / "dateline.txt").write_text(
        "WASHINGTON — The Senate passed the bill on Tuesday. It now goes to the House.\n", encoding="utf-8"
    )
    (article,) = read_content(tmp_path).articles
    assert article.title == "The Senate passed the bill on Tuesday"
    assert article.text.startswith("WASHINGTON — ")  # the text itself is kept as written


def test_a_long_first_sentence_gives_its_first_clause_as_headline_never_an_ellipsis(tmp_path):
    from builder.read.files import read_content

    (tmp_path / "talks.txt").write_text(
        "Officials from both sides met in Doha on Tuesday to discuss the next phase of the ongoing ceasefire "
        "negotiations between Israel and Hamas, sources said. More talks follow.\n", encoding="utf-8")
    (tmp_path / "wide.txt").write_text(
        "Negotiators, meeting behind closed doors in a hotel near the airport for the third time this month, "
        "agreed on a draft. Details were not released.\n", encoding="utf-8")
    titles = {article.path: article.title for article in read_content(tmp_path).articles}
    assert titles["talks.txt"] == "Officials from both sides met in Doha on Tuesday to discuss the next phase"
    assert all("…" not in title and len(title) <= 90 for title in titles.values())


def test_a_file_read_by_an_earlier_build_is_not_read_again_until_it_changes(tmp_path, monkeypatch):
    from builder.incremental.store import Cache

    content = tmp_path / "content"
    shutil.copytree(BROKEN, content)
    (content / "dated.md").write_text("---\ntitle: Dated\ntags: [a, b]\nsource: Post\npublished: 2025-03-04\n"
                                      "mood: calm\n---\n\nA dated article.\n", encoding="utf-8")
    cache_file = tmp_path / "cache.sqlite"
    with Cache(cache_file) as cache:
        first = read_content(content, cache)
    opened: list[str] = []
    original = read.read_article
    monkeypatch.setattr(read, "read_article", lambda file, *rest: opened.append(rest[0]) or original(file, *rest))
    with Cache(cache_file) as cache:
        second = read_content(content, cache)
    assert second == first
    assert all(name not in opened for name in ("dated.md", *(a.path for a in first.articles)))
    (content / "dated.md").write_text("---\ntitle: Dated again\n---\n\nA dated article.\n", encoding="utf-8")
    with Cache(cache_file) as cache:
        third = read_content(content, cache)
    assert "dated.md" in opened
    assert next(a for a in third.articles if a.path == "dated.md").title == "Dated again"


@pytest.mark.parametrize("written, date", [
    ("2018-03-03", dt.date(2018, 3, 3)), ("3 March 2018", dt.date(2018, 3, 3)), ("March 3, 2018", dt.date(2018, 3, 3)),
    ("18-MAR-1987", dt.date(1987, 3, 18)), ("Tue, 03 Mar 2018 10:00:00 GMT", dt.date(2018, 3, 3)),
    ("Sept. 5, 2019", dt.date(2019, 9, 5)),
])
def test_a_date_written_with_its_month_name_is_read(written, date):
    from builder.read.metadata import parse_date

    assert parse_date(written) == date


@pytest.mark.parametrize("written", ["03/04/2018", "May 2018", "yesterday", "may be 2018", "March " + "3 " * 40 + "2018"])
def test_a_date_that_is_ambiguous_or_names_no_day_is_refused(written):
    from builder.read.metadata import parse_date

    assert not isinstance(parse_date(written), dt.date)

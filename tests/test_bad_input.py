"""The whole bad-input corpus builds: readable articles are on the site, the rest are listed with a reason."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, _env, build_site

from builder.model.config import BriefingConfig, GroupSettings, SummarySettings
from builder.commands.pipeline import make_digest
from builder.render.pages import render_pages

CORPUS = ("good", "broken", "hostile", "names")


def make_corpus(folder: Path, *parts: str) -> Path:
    """A content folder with the committed fixtures of `parts`, plus the cases made at run time."""
    folder.mkdir(parents=True)
    for part in parts:
        shutil.copytree(FIXTURES / part, folder / part, symlinks=True)
    if "broken" in parts:
        runtime = folder / "broken" / "made_at_run_time"
        runtime.mkdir()
        sentence = "A very long article about the lighthouse keeper repeats this line. "
        with open(runtime / "fifty_megabytes.txt", "w", encoding="utf-8") as stream:
            for _ in range(800):
                stream.write(sentence * 1000)
        outside = folder.parent / "outside_secret.txt"
        outside.write_text("Private notes outside the content folder.\n", encoding="utf-8")
        (runtime / "symlink_outside.txt").symlink_to(outside)
        (runtime / "symlink_dangling.txt").symlink_to(runtime / "missing.txt")
        os.mkfifo(runtime / "named_pipe.txt")
        if os.geteuid() != 0:  # root reads mode-000 files anyway; tests/test_read.py simulates this case
            unreadable = runtime / "unreadable.txt"
            unreadable.write_text("Nobody may read this.\n", encoding="utf-8")
            unreadable.chmod(0)
    return folder


RUNTIME_SKIPPED = {
    "broken/made_at_run_time/symlink_outside.txt": "symbolic link to a file outside the content folder; not followed",
    "broken/made_at_run_time/symlink_dangling.txt": "broken symbolic link (its target does not exist)",
    "broken/made_at_run_time/named_pipe.txt": "not a regular file (a named pipe); not read",
    **({} if os.geteuid() == 0 else {"broken/made_at_run_time/unreadable.txt": "cannot be read (Permission denied)"}),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("corpus") / "content", *CORPUS)


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory):
    site = tmp_path_factory.mktemp("built") / "site"
    result = build_site(corpus, site)
    assert result.returncode == 0, result.stderr
    return site, result, json.loads((site / "briefing.json").read_text(encoding="utf-8"))


def _files(content: Path) -> set[str]:
    found = set()
    for folder, subfolders, files in os.walk(content):
        links = [name for name in subfolders if os.path.islink(os.path.join(folder, name))]
        found |= {Path(folder, name).relative_to(content).as_posix() for name in files + links}
    return found


@pytest.mark.slow
def test_every_file_is_published_or_listed_with_its_reason(built, corpus):
    site, _, digest = built
    published = {article["path"] for article in digest["articles"]}
    skipped = {problem["path"]: problem["message"] for problem in digest["problems"] if problem["fatal"]}
    assert published | set(skipped) == _files(corpus)
    assert not published & set(skipped)
    assert skipped == {
        "broken/binary_png_saved_as.txt": "binary file (a PNG image), not text",
        "broken/empty.txt": "empty file (0 bytes)",
        "broken/html_without_text.html": "no title and no text",
        "broken/unsupported_file_type.docx": "unsupported file type '.docx' (use .txt, .md or .html)",
        "broken/whitespace_only.txt": "only white space, no text",
        **RUNTIME_SKIPPED,
    }


@pytest.mark.slow
def test_every_published_article_has_its_own_page_on_the_site(built):
    site, _, digest = built
    pages = [article["page"] for article in digest["articles"]]
    assert len(set(pages)) == len(pages)
    for page in pages:
        assert page.startswith("articles/")
        assert (site / page / "index.html").is_file()
        assert (site / page / "index.html").resolve().is_relative_to(site.resolve())


@pytest.mark.slow
def test_the_50_megabyte_article_is_published_cut_and_says_so(built, corpus):
    _, _, digest = built
    article = next(a for a in digest["articles"] if a["path"] == "broken/made_at_run_time/fifty_megabytes.txt")
    size = (corpus / article["path"]).stat().st_size
    assert article["warnings"][0] == f"file is {size:,} bytes; only its first 200,000 characters are published"


@pytest.mark.slow
def test_an_article_without_sentences_is_shown_without_a_summary(built):
    site, _, digest = built
    article = next(a for a in digest["articles"] if a["path"] == "broken/title_only.md")
    assert article["summary"] == []
    assert "No summary: the article has no complete sentence." in (site / article["page"] / "index.html").read_text()


@pytest.mark.slow
def test_the_summary_line_names_every_skipped_file(built):
    _, result, digest = built
    line = result.stderr.strip().splitlines()[-1]
    skipped = sorted(problem["path"] for problem in digest["problems"] if problem["fatal"])
    warned = len({problem["path"] for problem in digest["problems"] if not problem["fatal"]})
    assert line.startswith("INFO    -  briefing: site built in ")
    assert line.endswith(f"s: {len(digest['articles'])} articles published; {len(skipped)} files skipped "
                         f"({', '.join(skipped)}); {warned} published files with warnings")


@pytest.mark.slow
def test_each_problem_is_logged_once_with_its_file_and_cause(built):
    _, result, digest = built
    for problem in digest["problems"]:
        action = "skipped" if problem["fatal"] else "published"
        message = f"WARNING -  {problem['path']}: {problem['message']} ({action})"
        assert result.stderr.count(message) == 1, message


@pytest.mark.slow
def test_strict_build_fails_and_leaves_the_previous_site_as_it_was(built, corpus):
    site, _, _ = built
    before = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    result = build_site(corpus, site, "--strict")
    assert result.returncode == 1
    assert "Aborted with" in result.stderr and "in strict mode!" in result.stderr
    assert {path: path.read_bytes() for path in site.rglob("*") if path.is_file()} == before
    assert sorted(path.name for path in site.parent.iterdir() if path.name.startswith(".site")) == []


@pytest.mark.slow
@pytest.mark.parametrize(("options", "status"), [((), 0), (("--strict",), 1)])
def test_digest_fails_only_in_strict_mode(corpus, tmp_path, options, status):
    out = tmp_path / "digest.json"
    command = [sys.executable, "-m", "builder", "digest", "--content", str(corpus), "--out", str(out), *options]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=_env())
    assert result.returncode == status, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["problems"]
    if status:
        assert result.stderr.strip().splitlines()[-1].endswith("with articles; failing because of --strict")


def _pages_of(content: Path, docs: Path, paths: set[str]) -> dict[str, str]:
    config = BriefingConfig(content.resolve(), docs, SummarySettings(), GroupSettings())
    digest = make_digest(config)
    pages = render_pages(digest)
    return {article.path: pages[article.page] for article in digest.articles if article.path in paths}


def test_bad_articles_change_no_page_of_a_good_one(tmp_path):
    good_only = make_corpus(tmp_path / "good_only", "good")
    everything = make_corpus(tmp_path / "everything", *CORPUS)
    good = {path.relative_to(FIXTURES).as_posix() for path in (FIXTURES / "good").iterdir()}
    alone = _pages_of(good_only, tmp_path / "docs1", good)
    together = _pages_of(everything, tmp_path / "docs2", good)
    assert set(alone) == good
    # Which section and topic a good article is in depends on what else the
    # archive holds (it is found from all of it); the rest of its page may not.
    assert {path: _without_grouping(page) for path, page in together.items()} == {
        path: _without_grouping(page) for path, page in alone.items()}


def _without_grouping(page: str) -> str:
    return re.sub(r"<p data-(?:search-exclude|pagefind-ignore|pagefind-weight=\"[0-9.]+\")>Section: .*?</p>",
                  "<p>Section and topic</p>", page)


@pytest.mark.slow
def test_a_build_killed_mid_way_leaves_the_previous_site_and_the_next_build_repairs_itself(built, corpus, tmp_path):
    site, _, digest = built
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    before = (copy / "briefing.json").read_bytes()
    workdir = tmp_path / "site-project"
    workdir.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", workdir)
    shutil.copytree(ROOT / "theme", workdir / "theme")
    (workdir / "docs").mkdir()
    command = [sys.executable, "-m", "builder", "build", "--content", str(corpus), "--site", str(copy)]
    process = subprocess.Popen(command, cwd=workdir, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    # Kill it once MkDocs has started writing the new site next to the old one.
    while not any(tmp_path.glob(".site.building-*/*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the build ended before it could be killed"
    assert [path.name.startswith(".site.building-") for path in tmp_path.glob(".site*")] == [True]
    assert (copy / "briefing.json").read_bytes() == before
    assert (copy / "index.html").is_file()

    result = build_site(corpus, copy)
    assert result.returncode == 0, result.stderr
    assert json.loads((copy / "briefing.json").read_text(encoding="utf-8")) == digest
    assert not [path for path in tmp_path.iterdir() if path.name.startswith(".site")]

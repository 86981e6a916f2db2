"""Writing is atomic and a killed build repairs itself on the next run."""

from __future__ import annotations

import json
import os

import pytest

from builder.write import files as write
from builder.write.files import MANIFEST, replace_folder, staging_folder, write_files


class Killed(BaseException):
    """Stands in for the process dying half-way (like KeyboardInterrupt, not an Exception)."""


def _kill_after(monkeypatch, replacements: int) -> None:
    real_replace = os.replace
    done = []

    def replace(source, target):
        if len(done) == replacements:
            raise Killed
        done.append(target)
        real_replace(source, target)

    monkeypatch.setattr(write.os, "replace", replace)


def test_a_write_killed_half_way_leaves_whole_files_and_the_next_write_repairs_everything(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    write_files(docs, {"index.md": "old home\n", "articles/gone.md": "an article deleted since\n"})
    (docs / "notes.md").write_text("written by hand\n", encoding="utf-8")
    new = {"index.md": "new home\n", "articles/a.md": "a\n", "articles/b.md": "b\n"}

    _kill_after(monkeypatch, 2)  # the first manifest and one page get written, then the process dies
    with pytest.raises(Killed):
        write_files(docs, new)
    monkeypatch.undo()

    assert not list(docs.rglob(".briefing-tmp-*"))
    for page in docs.rglob("*.md"):
        assert page.read_text(encoding="utf-8") in {*new.values(), "old home\n", "an article deleted since\n",
                                                   "written by hand\n"}
    assert set(json.loads((docs / MANIFEST).read_text())) >= set(new) | {"articles/gone.md"}

    report = write_files(docs, new)
    assert report.removed == ("articles/gone.md",)
    assert {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")} == set(new) | {"notes.md"}
    assert json.loads((docs / MANIFEST).read_text()) == sorted(new)


def test_temporary_files_left_by_a_killed_write_are_removed(tmp_path):
    docs = tmp_path / "docs"
    (docs / "articles").mkdir(parents=True)
    (docs / "articles" / ".briefing-tmp-abc.md").write_text("half", encoding="utf-8")
    write_files(docs, {"index.md": "home\n"})
    assert not list(docs.rglob(".briefing-tmp-*"))


def test_a_generated_file_outside_the_docs_folder_is_refused(tmp_path):
    with pytest.raises(ValueError, match="outside the docs folder"):
        write_files(tmp_path / "docs", {"../escape.md": "x"})
    assert not (tmp_path / "escape.md").exists()


def test_a_tampered_manifest_deletes_nothing_outside_the_docs_folder(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (docs / MANIFEST).write_text(json.dumps(["../victim.txt", 5, None]), encoding="utf-8")
    write_files(docs, {"index.md": "home\n"})
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_a_new_site_replaces_the_old_one_whole(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("old", encoding="utf-8")
    staging = staging_folder(site)
    (staging / "new.html").write_text("new", encoding="utf-8")
    replace_folder(staging, site)
    assert [path.name for path in tmp_path.iterdir()] == ["site"]
    assert [path.name for path in site.iterdir()] == ["new.html"]


def test_a_build_killed_between_the_two_renames_gets_its_previous_site_back(tmp_path):
    site = tmp_path / "site"
    previous = tmp_path / ".site.previous"
    previous.mkdir()
    (previous / "index.html").write_text("previous site", encoding="utf-8")
    (tmp_path / ".site.building-x1").mkdir()  # a half-built staging folder
    staging = staging_folder(site)
    assert (site / "index.html").read_text(encoding="utf-8") == "previous site"
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(["site", staging.name])

"""Each cached stage is keyed by all the code it runs, found by following imports from where the stage starts."""

from __future__ import annotations

import modulefinder
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import builder
from builder.incremental import fingerprints
from builder.incremental.fingerprints import STAGE_ENTRIES, modules_reached, source_fingerprint, stage_modules

PACKAGE = Path(builder.__file__).resolve().parent


def imported_by_python(stage: str) -> set[str]:
    """The `builder` modules Python's own `modulefinder` finds a stage's entries import: a second opinion.

    It reads the compiled code, so imports inside functions count there too;
    libraries are not on its path, so it never reads them.
    """
    finder = modulefinder.ModuleFinder(path=[str(PACKAGE.parent)])
    for entry in STAGE_ENTRIES[stage]:
        finder.import_hook(entry, fromlist=["*"])  # "*": every module of a package entry
    return {name for name in finder.modules if name.split(".")[0] == "builder"}


def edited(module: str):
    """A source reader that sees `module` with one more line, and every other module as it is."""
    original = fingerprints.read_source
    return lambda name: original(name) + (b"\n# edited\n" if name == module else b"")


@pytest.fixture
def copy(tmp_path, monkeypatch) -> Path:
    """A copy of the `builder` package that the fingerprints read instead of the real one."""
    folder = tmp_path / "builder"
    shutil.copytree(PACKAGE, folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fingerprints, "ROOT", folder)
    return folder


@pytest.mark.parametrize("stage", sorted(STAGE_ENTRIES))
def test_editing_any_module_a_stage_imports_changes_its_fingerprint(stage, monkeypatch):
    imported = imported_by_python(stage)
    assert imported <= set(stage_modules(stage))
    before = source_fingerprint(stage)
    for module in sorted(imported | set(stage_modules(stage))):
        monkeypatch.setattr(fingerprints, "read_source", edited(module))
        assert source_fingerprint(stage) != before, module
    monkeypatch.undo()
    assert source_fingerprint(stage) == before


def test_the_group_stage_depends_on_the_names_kept_from_the_last_build(tmp_path):
    """`group/names.py` names groups after the last build's; cached groupings must not outlive an edit of it.

    Run as a build runs it, in a fresh interpreter on a copy of the package, so
    the test holds whatever the fingerprint is computed from.
    """
    shutil.copytree(PACKAGE, tmp_path / "builder", ignore=shutil.ignore_patterns("__pycache__"))
    before = _group_fingerprint(tmp_path)
    names = tmp_path / "builder" / "group" / "names.py"
    names.write_text(names.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert _group_fingerprint(tmp_path) != before


def _group_fingerprint(folder: Path) -> str:
    code = "from builder.incremental.store import code_fingerprint; print(code_fingerprint('group'))"
    env = {**os.environ, "PYTHONPATH": str(folder)}
    return subprocess.run([sys.executable, "-c", code], cwd=folder, env=env, capture_output=True, text=True,
                          check=True, timeout=120).stdout


def test_imports_inside_functions_for_type_checking_and_relative_ones_count(copy):
    (copy / "incremental" / "probe.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from builder.group.place import GroupState\n"
        "def later():\n    from builder.render import markup\n    import builder.write.files\n"
        "    try:\n        from .cores import on_cores\n    except ImportError:\n        pass\n",
        encoding="utf-8",
    )
    reached = set(modules_reached(["builder.incremental.probe"]))
    assert {"builder.group.place", "builder.render.markup", "builder.write.files", "builder.incremental.cores"} <= reached
    assert {"builder", "builder.render", "builder.write"} <= reached  # packages run before their modules
    assert "builder.model.Article" not in reached  # a name imported from a module is not a module


def test_a_new_module_counts_as_soon_as_a_stage_imports_it(copy):
    (copy / "summarize" / "added_later.py").write_text('"""A module no stage imports yet."""\n', encoding="utf-8")
    assert "builder.summarize.added_later" not in stage_modules("summarize")
    articles = copy / "summarize" / "articles.py"
    articles.write_text(articles.read_text(encoding="utf-8") + "\n\ndef _later():\n"
                        "    from builder.summarize import added_later\n", encoding="utf-8")
    assert "builder.summarize.added_later" in stage_modules("summarize")


def test_a_module_added_to_a_package_entry_counts_without_an_import(copy):
    (copy / "render" / "added_later.py").write_text('"""A page nobody imports yet."""\n', encoding="utf-8")
    assert "builder.render.added_later" in stage_modules("render")


def test_reading_runs_only_its_own_code_and_the_nouns():
    assert {module.split(".")[1] for module in stage_modules("read") if module != "builder"} == {"read", "model"}


def test_grouping_runs_no_code_of_later_stages():
    later = ("builder.summarize", "builder.render", "builder.write", "builder.mkdocs", "builder.commands")
    assert not [module for module in stage_modules("group") if module.startswith(later)]

"""What code each cached stage's results depend on, computed from what the code imports.

A stage's fingerprint hashes the source of every `builder` module its entry
modules import, directly or through others, and the versions of the
libraries it uses; it is part of the key of each result the stage caches, so
editing any of that code redoes the stage's work. The modules are found by
reading the source with `ast`, never by importing it (a cached build must not
spend a second importing the summarizer or scikit-learn), and every import
counts: at the top of a module, inside a function, or for type checking only.
A module added to a stage is thus picked up as soon as the stage imports it.
Imports built at run time from text (`importlib.import_module`) are not
seen; no `builder` module is imported that way.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterable, Iterator
from functools import cache
from importlib.metadata import version
from pathlib import Path

PACKAGE = "builder"
ROOT = Path(__file__).resolve().parents[1]
"""The folder of the `builder` package."""

# Entries are listed, not derived, because nothing in the code says where a
# stage begins: the orchestrator (`commands/pipeline.py`) imports every stage,
# so following imports from there would tie each stage to all the code. Only
# the first modules of each stage are named here; a package stands for all of
# its modules, so a module added to it counts without an edit.
STAGE_ENTRIES = {
    "read": ("builder.read.files",),
    "clean": ("builder.clean",),
    "summarize": ("builder.summarize.articles",),
    "stories": ("builder.summarize.stories",),
    "group": ("builder.group.grouping", "builder.group.place"),
    "render": ("builder.render", "builder.incremental.unchanged"),  # and which pages need no rendering
    "site": ("builder.mkdocs",),  # the plugin's hooks and the HTML kept from earlier builds
}
"""The modules (or packages) where each cached stage's work starts."""
STAGE_LIBRARIES = {
    "read": ("pyyaml", "trafilatura", "htmldate"), "clean": (), "summarize": ("sumy",), "stories": ("sumy",), "group": ("scikit-learn", "scipy", "numpy"),
    "render": ("sumy",), "site": ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2"),
}
"""The libraries each stage's results depend on, by their distribution names."""


def source_fingerprint(stage: str) -> str:
    """A hash of the sources of every module `stage` runs (`stage_modules`) and of its libraries' versions."""
    libraries = "; ".join(f"{package} {version(package)}" for package in STAGE_LIBRARIES[stage])
    digest = hashlib.sha256(libraries.encode())
    for module in stage_modules(stage):
        digest.update(b"\x00" + module.encode() + b"\x00")
        digest.update(read_source(module))
    return digest.hexdigest()


def stage_modules(stage: str) -> tuple[str, ...]:
    """The `builder` modules a stage's entries import, directly or not, with the entries and their packages; sorted."""
    entries = [module for entry in STAGE_ENTRIES[stage] for module in _modules_of(entry)]
    return modules_reached(entries)


def modules_reached(entries: Iterable[str]) -> tuple[str, ...]:
    """`entries` and every `builder` module they import, directly or through others, with their packages; sorted."""
    reached: set[str] = set()
    waiting = list(entries)
    while waiting:
        module = waiting.pop()
        if module in reached:
            continue
        reached.add(module)
        waiting += _packages_of(module)
        package = module if _path(module).name == "__init__.py" else module.rpartition(".")[0]
        waiting += [name for name in imported_by(read_source(module), package) if _is_module(name)]
    return tuple(sorted(reached))


def read_source(module: str) -> bytes:
    """The source of a `builder` module (a package's is its `__init__.py`)."""
    return _path(module).read_bytes()


@cache
def imported_by(source: bytes, package: str) -> tuple[str, ...]:
    """What the code of a module in `package` may import from `builder`, in import statements anywhere in it.

    Each module an import names, and each name a `from` import takes, since
    `from builder.render import archive` imports the module `archive` (the
    caller keeps the names that are modules).
    """
    found: list[str] = []
    for node in _statements(ast.parse(source).body):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node.module, node.level, package)
            found += [base, *(f"{base}.{alias.name}" for alias in node.names)]
    return tuple(name for name in found if name == PACKAGE or name.startswith(PACKAGE + "."))


def _statements(nodes: Iterable[ast.AST]) -> Iterator[ast.AST]:
    """Every statement among `nodes` and inside them (in functions, classes, `if`, `try`...).

    An import is a statement, so expressions need not be searched: skipping
    them makes the walk several times as fast.
    """
    for node in nodes:
        if isinstance(node, (ast.stmt, ast.excepthandler, ast.match_case)):
            yield node
            yield from _statements(ast.iter_child_nodes(node))


def _absolute(name: str | None, level: int, package: str) -> str:
    """The absolute name of what `from <level dots><name> import ...` in `package` imports from."""
    if not level:
        return name or ""
    base = package.rsplit(".", level - 1)[0] if level > 1 else package
    return f"{base}.{name}" if name else base


def _modules_of(entry: str) -> list[str]:
    """A module, or every module of a package (its `__init__` and the modules below it)."""
    path = _path(entry)
    if path.name != "__init__.py":
        return [entry]
    below = sorted(path.parent.rglob("*.py"))
    return [".".join((PACKAGE, *file.relative_to(ROOT).with_suffix("").parts)).removesuffix(".__init__") for file in below]


def _packages_of(module: str) -> list[str]:
    """The packages Python imports before `module`: `builder.read.files` needs `builder` and `builder.read`."""
    parts = module.split(".")
    return [".".join(parts[:end]) for end in range(1, len(parts))]


def _is_module(name: str) -> bool:
    return _path(name).is_file()


def _path(module: str) -> Path:
    """Where the source of a `builder` module is (which need not exist)."""
    folder = ROOT.joinpath(*module.split(".")[1:])
    return folder / "__init__.py" if folder.is_dir() else folder.with_suffix(".py")

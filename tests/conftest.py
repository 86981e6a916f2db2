"""Shared fixtures: building a site from a content folder, serving it on loopback, a browser."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "content"
DATED_CONTENT = Path(__file__).resolve().parent / "content_dated"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic",
]


def build_site(
    content: Path, site: Path, *extra: str, config_tail: str = "", before: str = ""
) -> subprocess.CompletedProcess:
    """Run `briefing build` on `content` into `site`, with a private copy of the project config.

    `config_tail` is appended to that copy of mkdocs.yml (top-level keys);
    `before` is Python run in the build's process first (to change a constant).
    """
    workdir = site.parent / f"{site.name}-project"
    workdir.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (workdir / "mkdocs.yml").write_text(config + config_tail, encoding="utf-8")
    if not (workdir / "theme").exists():
        shutil.copytree(ROOT / "theme", workdir / "theme")
    (workdir / "docs").mkdir(exist_ok=True)
    start = ["-c", f"{before}\nimport sys, builder.commands.cli\nsys.exit(builder.commands.cli.main(sys.argv[1:]))"] if before else ["-m", "builder"]
    command = [sys.executable, *start, "build", "--content", str(content), "--site", str(site), *extra]
    return subprocess.run(command, cwd=workdir, capture_output=True, text=True, env=_env())


def _env() -> dict:
    import os

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The shipped demo content, built once per test session."""
    site = tmp_path_factory.mktemp("demo") / "site"
    result = build_site(ROOT / "content", site, "--strict")
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def dated_site(tmp_path_factory) -> Path:
    """`tests/content_dated/` (outlets, authors, dates, links) built once per session."""
    site = tmp_path_factory.mktemp("dated") / "site"
    result = build_site(DATED_CONTENT, site, "--strict")
    assert result.returncode == 0, result.stderr
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(directory: Path) -> Iterator[str]:
    """Serve `directory` on a free loopback port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def demo_url(demo_site) -> Iterator[str]:
    """The demo site served on loopback."""
    yield from serve(demo_site)


@pytest.fixture(scope="session")
def dated_url(dated_site) -> Iterator[str]:
    """The dated site served on loopback."""
    yield from serve(dated_site)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no browser download).

    Skipped where Chromium or Playwright is absent, except under CI=true, where
    that is a failure: CI must never pass by silently skipping the browser tests.
    """
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        _missing("chromium is not installed (apt-get install chromium)")
    try:
        import playwright.sync_api as playwright_api
    except ImportError:
        _missing("playwright is not installed (pip install -e '.[test]')")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _missing(reason: str) -> None:
    import os

    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI=true, so the browser tests fail instead of being skipped", pytrace=False)
    pytest.skip(reason)


def indexed_pages(site: Path, bundle: str = "pagefind") -> dict[str, dict]:
    """What Pagefind indexed in `site`, in all its shards: each page's fragment (url, content, meta), by URL.

    `bundle` is the folder of the shards (`search` when `site` is the build cache's folder).

    A fragment is gzip-compressed JSON after the marker `pagefind_dcd` (Pagefind 1.x).
    """
    import gzip
    import json

    pages = {}
    for path in (site / bundle).glob("*/fragment/*.pf_fragment"):
        fragment = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        pages[fragment["url"]] = fragment
    return pages

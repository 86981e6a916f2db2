"""`mkdocs serve` shows an article saved into content/ within seconds, indexes it for search, and then stops rebuilding."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from builder.read.slugs import article_page
from conftest import indexed_pages

pytestmark = pytest.mark.slow  # runs `mkdocs serve` and waits for its rebuilds

ROOT = Path(__file__).resolve().parent.parent
LATE_ARTICLE = """---
title: Lighthouse keeper retires after forty years
source: Coast Gazette
published: 2025-04-01
---

The last keeper of the harbour lighthouse retired on Monday after forty years.
He climbed the 120 steps twice a day in every weather. The light is now automatic.
The town will turn the keeper's cottage into a small museum.
"""


@pytest.fixture
def served_project(tmp_path):
    """A copy of the project with the demo content, served by `mkdocs serve` on a free loopback port."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", tmp_path / "theme")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    (tmp_path / "docs").mkdir()
    port = _free_port()
    log = (tmp_path / "serve.log").open("w+", encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        assert _poll(url, timeout=120), _tail(log)
        yield tmp_path, url, log
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def test_a_saved_article_appears_and_the_rebuilds_settle(served_project):
    project, url, log = served_project
    builds_before = _builds(log)
    (project / "content" / "lighthouse.md").write_text(LATE_ARTICLE, encoding="utf-8")
    saved = time.monotonic()
    page = article_page("Lighthouse keeper retires after forty years", "lighthouse.md")
    assert _poll(url + page.removesuffix(".md") + "/", timeout=60), _tail(log)
    served = time.monotonic() - saved
    settled = _settled_builds(log, quiet_seconds=8, timeout=90)
    print(f"article served {served:.1f} s after it was saved; {settled - builds_before} rebuilds")
    # One rebuild for the saved article, at most one more for the pages it wrote into docs/.
    assert 1 <= settled - builds_before <= 2, _tail(log)
    time.sleep(5)
    assert _builds(log) == settled, "mkdocs serve keeps rebuilding:\n" + _tail(log)
    # The served site's index is made of the shards kept beside the cache: the article's is new.
    assert "/" + page.removesuffix(".md") + "/" in indexed_pages(project / ".briefing", "search"), _tail(log)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _poll(url: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    return False


def _builds(log) -> int:
    log.flush()
    log.seek(0)
    return log.read().count("Building documentation")


def _settled_builds(log, quiet_seconds: float, timeout: float) -> int:
    """The number of builds once none has started for `quiet_seconds`."""
    deadline = time.monotonic() + timeout
    count, since = _builds(log), time.monotonic()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = _builds(log)
        if now != count:
            count, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet_seconds:
            return count
    raise AssertionError("mkdocs serve did not stop rebuilding:\n" + _tail(log))


def _tail(log) -> str:
    log.flush()
    log.seek(0)
    return log.read()[-3000:]

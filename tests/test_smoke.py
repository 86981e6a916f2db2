"""The demo content builds into a site with a page per article."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_demo_site_builds_with_every_article(tmp_path):
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "builder", "build", "--site", str(site), "--strict"], cwd=ROOT, check=True)
    digest = json.loads((site / "briefing.json").read_text(encoding="utf-8"))
    assert len(digest["articles"]) == 5
    for article in digest["articles"]:
        assert (site / article["page"] / "index.html").is_file()

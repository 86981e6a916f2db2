"""Which article and story pages the docs folder already holds as this build would render them.

Rendering every page again costs seconds at thousands of articles (each
with its marked full text or its sources' summaries), and most builds change a
few pages. An article's or a story's page depends on a few inputs only, and
`page_keys` hashes exactly those with the renderer's code: the article's
content, cleaned text and summary (through its summary key), where it lives
(id, path, page), its reading notes, its story (id, headline, size) and that
story's topic and section (id, label), and the URL style (`use_directory_urls`). A page whose
key is the one the last build wrote into this docs folder, and whose file is
still there with the size it had, is neither rendered nor compared again.

When a page starts to depend on something else, add it to its key here:
`tests/test_reuse.py` checks that reused pages equal freshly rendered ones
after the changes an editor makes. Topic, edition, outlet and home pages list
many articles and are always rendered.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from builder.incremental.store import Cache, code_fingerprint
from builder.model import Article, Digest
from builder.render.blocks import has_own_page


def page_keys(digest: Digest, summary_keys: dict[str, str], directory_urls: bool = True) -> dict[str, str]:
    """A key for each article and story page (by its path in the docs folder) that changes when the page may.

    `directory_urls` (MkDocs' `use_directory_urls`) shapes every link on a page.
    """
    code = code_fingerprint("render")
    keys: dict[str, str] = {}
    for story in digest.stories:
        topic = digest.topic_of(story)
        section = digest.section_of(topic)
        story_inputs = [story.id, story.headline, len(story.article_ids), topic.id, topic.label, section.id,
                        section.label]
        articles = digest.articles_in(story)
        if has_own_page(story):
            keys[story.page] = _hash(code, "story", story_inputs,
                                     [[summary_keys[a.id], *_location(a)] for a in articles])
        for article in articles:
            keys[article.page] = _hash(code, "article", story_inputs, directory_urls, summary_keys[article.id],
                                       _location(article))
    return keys


def unchanged_pages(docs_dir: Path, keys: dict[str, str], cache: Cache) -> frozenset[str]:
    """The pages whose file in `docs_dir` the last build wrote from the same key, still with its size."""
    kept = set()
    for page, (key, size) in cache.pages_written(docs_dir, keys).items():
        if key != keys[page]:
            continue
        try:
            if (docs_dir / page).stat().st_size == size:
                kept.add(page)
        except OSError:
            continue
    return frozenset(kept)


def _location(article: Article) -> list:
    return [article.id, article.path, article.page, list(article.notes)]


def _hash(*inputs) -> str:
    return hashlib.sha256(json.dumps(inputs, ensure_ascii=False).encode("utf-8", "surrogatepass")).hexdigest()

"""`briefing fetch`: new articles from feeds and web pages, written into the content folder as Markdown.

The run reads like the pipeline: ask every source (a feed, conditionally, or
an article page), download the pages of the entries not fetched before, read
each as a saved page is read (`web_page`), then write one Markdown file per
distinct article into the folder of its feed (or site), and last the feeds'
records (`feed_state`). Downloads are polite and safe (`download`); every
problem is one line naming the URL and the cause, and the run goes on.

An article file is only ever created, never replaced: one an editor has
edited, or put there by hand, stays exactly as it is, and a name that is taken
gets a number instead.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import yaml

from builder.model.errors import FetchError
from builder.read import web_page
from builder.read.download import ANY_NETWORK, Downloader, FetchSettings, Response, checked_link, networks_for_links
from builder.read.feed_formats import Entry, Feed, parse_feed
from builder.read.feed_state import STATE_FILE, FeedState, load_states, state_json
from builder.read.slugs import short_hash, slugify
from builder.write.files import write_if_changed

PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
               "application/json;q=0.9, text/html;q=0.8, */*;q=0.5")
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


@dataclass(frozen=True)
class FetchProblem:
    """A URL that gave no article, and why."""

    url: str
    """The feed's, page's or entry's URL."""
    cause: str
    """What went wrong, in words an editor can act on."""

    def __str__(self) -> str:
        return f"{self.url}: {self.cause}"


@dataclass(frozen=True)
class Fetched:
    """What one run did."""

    written: tuple[str, ...]
    """Articles written, relative to the content folder, in path order."""
    problems: tuple[FetchProblem, ...]
    """Every URL that gave nothing: the sources in the order asked, then entries."""
    answered: int
    """Sources (feeds and pages asked for) that answered, "not modified" and "fetched before" included."""
    asked: int
    """Sources asked."""


@dataclass(frozen=True)
class _Answer:
    """What asking one source gave."""

    url: str
    """The source's URL."""
    response: Response | None = None
    """Its response; None for a problem, or a page fetched before (not asked again)."""
    feed: Feed | None = None
    """Its entries, when it is a feed."""
    problem: FetchProblem | None = None
    """Why it gave nothing."""


@dataclass(frozen=True)
class _Job:
    """A page to read for an entry, and where its article goes."""

    entry: Entry
    """The feed's entry (for a page asked for directly, one made from its URL)."""
    record: str
    """The `FeedState.source` of the feed (or site) it belongs to."""
    source: str
    """The outlet the article is credited to: the feed's title ('' for the page's own site name)."""
    networks: frozenset[str] | None
    """Where its download may connect (see `download`)."""
    response: Response | None = None
    """The page, when asking the source already downloaded it."""


@dataclass(frozen=True)
class _Article:
    """A downloaded page that holds an article."""

    job: _Job
    """What it was downloaded for."""
    page: web_page.Page
    """What the page says."""
    url: str
    """Its canonical URL."""


def fetch(urls: Sequence[str], content_dir: Path, settings: FetchSettings = FetchSettings()) -> Fetched:
    """Fetch the new articles of the feeds and pages at `urls` into `content_dir`."""
    states = load_states(content_dir) if content_dir.is_dir() else {}
    seen = {url for state in states.values() for url in state.urls}
    sources = list(dict.fromkeys(urls))
    downloader = Downloader(settings)
    with ThreadPoolExecutor(settings.workers) as pool:
        answers = list(pool.map(lambda url: _ask(url, states.get(url), url in seen, downloader), sources))
        states, jobs = _plan(answers, states, content_dir)
        outcomes = list(pool.map(lambda job: _read(job, downloader), _new(jobs, seen)))
    problems = [answer.problem for answer in answers if answer.problem]
    problems += [outcome for outcome in outcomes if isinstance(outcome, FetchProblem)]
    written = _write([outcome for outcome in outcomes if isinstance(outcome, _Article)], states, seen, content_dir)
    return Fetched(tuple(sorted(written)), tuple(problems), sum(not answer.problem for answer in answers), len(sources))


def _ask(url: str, state: FeedState | None, fetched_before: bool, downloader: Downloader) -> _Answer:
    """Ask one source: a feed conditionally, with what it said last time; a page fetched before not at all."""
    if fetched_before and state is None:
        return _Answer(url)
    headers = {"Accept": FEED_ACCEPT}
    if state and state.etag:
        headers["If-None-Match"] = state.etag
    if state and state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    try:
        response = downloader.get(url, ANY_NETWORK, headers)
        feed = parse_feed(response.body, response.url, response.content_type) if response.status == 200 else None
    except FetchError as error:
        return _Answer(url, problem=FetchProblem(url, error.cause))
    if response.status == 200 and feed is None and not _is_page(response):
        return _Answer(url, problem=FetchProblem(url, f"neither a feed nor a web page ({_kind(response)})"))
    return _Answer(url, response, feed)


def _plan(answers: list[_Answer], states: dict[str, FeedState], content_dir: Path) -> tuple[dict[str, FeedState], list[_Job]]:
    """The records as the answers leave them, and the pages to read: a feed's new entries, a page asked for itself."""
    states = dict(states)
    jobs: list[_Job] = []
    for answer in answers:
        response = answer.response
        if response is None or response.status == 304:
            continue
        if answer.feed is None:  # an article page, asked for by its URL
            site = f"{urlsplit(answer.url).scheme}://{urlsplit(answer.url).netloc}/"
            states.setdefault(site, _new_state(site, urlsplit(answer.url).hostname or "", states, content_dir))
            jobs.append(_Job(Entry(id=answer.url, link=answer.url, title=""), site, "", ANY_NETWORK, response))
            continue
        state = states.get(answer.url) or _new_state(answer.url, answer.feed.title or urlsplit(answer.url).hostname or "",
                                                      states, content_dir)
        states[answer.url] = replace(state, etag=response.etag, last_modified=response.last_modified)
        links = networks_for_links(response.network)
        jobs += [_Job(entry, answer.url, answer.feed.title, links) for entry in answer.feed.entries if not state.knows(entry.id)]
    return states, jobs


def _new_state(source: str, name: str, states: dict[str, FeedState], content_dir: Path) -> FeedState:
    """A record for a source seen for the first time, with a folder of its own named after it."""
    base = slugify(name, "feed")
    taken = {state.folder.casefold() for state in states.values()}
    folder, number = base, 2
    while folder.casefold() in taken or (content_dir / folder).exists():  # never a folder an editor made
        folder, number = f"{base}-{number}", number + 1
    return FeedState(source=source, folder=folder)


def _new(jobs: list[_Job], seen: set[str]) -> list[_Job]:
    """The jobs whose link was not fetched before, each link once."""
    links = set(seen)
    new = []
    for job in jobs:
        if job.entry.link not in links:
            links.add(job.entry.link)
            new.append(job)
    return new


def _read(job: _Job, downloader: Downloader) -> _Article | FetchProblem:
    """Download an entry's page (unless it is here already) and read its article."""
    url = job.entry.link
    try:
        response = job.response or downloader.get(url, job.networks, {"Accept": PAGE_ACCEPT})
    except FetchError as error:
        return FetchProblem(url, error.cause)
    if not _is_page(response):
        return FetchProblem(url, f"not a web page ({_kind(response)})")
    # The server's charset, where it names one; else trafilatura reads the page's own declaration.
    document = response.body.decode(response.charset, "replace") if _known_codec(response.charset) else response.body
    page = web_page.extract(document)
    if not page.text:
        return FetchProblem(url, "no article found in the page (only a title, menus or links)")
    canonical = urljoin(response.url, str(page.meta.get("url") or ""))
    try:
        canonical = checked_link(canonical)
    except FetchError:
        canonical = response.url
    return _Article(job, page, canonical)


def _write(articles: list[_Article], states: dict[str, FeedState], seen: set[str], content_dir: Path) -> list[str]:
    """Write each article not fetched before, then every record; returns the files written."""
    fetched = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    taken = set(seen)
    written = []
    entries: dict[str, dict[str, str]] = {source: {} for source in states}
    urls: dict[str, dict[str, str]] = {source: {} for source in states}
    for article in sorted(articles, key=lambda article: (article.job.record, article.url)):
        record, entry = article.job.record, article.job.entry
        if article.url in taken:  # the same article as one fetched before, by another link
            entries[record][entry.id] = ""
            continue
        folder = content_dir / states[record].folder
        name = _create(folder, _file_name(article), _markdown(article, fetched).encode("utf-8"))
        written.append(f"{states[record].folder}/{name}")
        taken |= {article.url, entry.link}
        entries[record][entry.id] = name
        urls[record].update({article.url: name, entry.link: name})
    for source, state in states.items():
        state = state.with_articles(entries[source], urls[source])
        write_if_changed(content_dir / state.folder / STATE_FILE, state_json(state).encode("utf-8"))
    return written


def _file_name(article: _Article) -> str:
    title = article.job.entry.title or article.page.title
    return f"{slugify(title, 'article')}-{short_hash(article.url)}.md"


def _markdown(article: _Article, fetched: str) -> str:
    """The article as Markdown with front matter, as an editor would save it."""
    page, entry = article.page, article.job.entry
    published = entry.published or _date(page.meta.get("published"))
    meta = {
        "title": entry.title or page.title or article.url,
        "source": article.job.source or page.meta.get("source") or urlsplit(article.url).hostname,
        "url": article.url,
        "author": entry.author or page.meta.get("author"),
        "published": published,
        "language": page.meta.get("language"),
        "fetched": fetched,
    }
    front = yaml.safe_dump({key: value for key, value in meta.items() if value}, allow_unicode=True, sort_keys=False, width=10_000)
    return f"---\n{front}---\n\n{page.text}\n"


def _create(folder: Path, name: str, data: bytes) -> str:
    """Create a new file in `folder` holding `data`, whole or not at all; a name that is taken gets a number."""
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".fetching-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        stem, number, candidate = name.removesuffix(".md"), 2, name
        while True:
            try:
                os.link(temporary, folder / candidate)  # fails if the name exists: nothing is ever replaced
                return candidate
            except FileExistsError:
                candidate, number = f"{stem}-{number}.md", number + 1
    finally:
        os.unlink(temporary)


def _is_page(response: Response) -> bool:
    if response.content_type:
        return response.content_type in PAGE_TYPES
    return response.body.lstrip()[:100].lower().startswith((b"<!doctype html", b"<html"))


def _kind(response: Response) -> str:
    return response.content_type or "no content type"


def _known_codec(name: str | None) -> bool:
    if not name:
        return False
    try:
        "".encode(name)
    except LookupError:
        return False
    return True


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None

"""`briefing fetch` against a web site the tests serve on 127.0.0.1: every feed format, real pages, every bad case.

The article pages are real saved news pages from `../shared/data/article-extraction/`, read at test time.
"""

from __future__ import annotations

import gzip
import http.server
import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from builder.read.download import Downloader, FetchSettings
from builder.read.feed_state import STATE_FILE
from builder.read.fetch import fetch
from builder.read.files import read_content
from conftest import ROOT
from test_cli import briefing

EXTRACTION = ROOT.parent / "shared" / "data" / "article-extraction"
QUICK = FetchSettings(deadline=1.0)
"""A page that never answers costs a second here, not twenty."""
PAGES = 7
"""Real pages served, one article each, spread over the feeds."""


def _real_pages() -> list[bytes]:
    truth = EXTRACTION / "ground-truth.json"
    if not truth.is_file():
        pytest.skip(f"the article-extraction data is not in {EXTRACTION}; these tests serve its real pages")
    keys = sorted(json.loads(truth.read_text(encoding="utf-8")))[:PAGES]
    return [gzip.decompress((EXTRACTION / "html" / f"{key}.html.gz").read_bytes()) for key in keys]


class Site:
    """What the test server serves, and every request it answered."""

    def __init__(self, pages: list[bytes]) -> None:
        self.pages = pages
        self.requests: list[tuple[str, int]] = []
        self.release = threading.Event()
        self.base = ""

    def feeds(self) -> dict[str, tuple[str, str]]:
        """Path: (content type, text) of each feed; entries link to pages 0-6, some twice, and to every bad case."""
        b = self.base
        bad = [f"{b}/missing.html", f"{b}/slow.html", "javascript:alert(1)", "file:///etc/passwd",
               "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/intranet.html", f"{b}/report.pdf",
               f"{b}/huge.html", f"{b}/menus-only.html", f"{b}/private/secret.html"]
        rss2_items = [(f"{b}/pages/0.html", "Page zero", "p0"), (f"{b}/pages/1.html", "Page one", "p1")]
        rss2_items += [(link, f"Bad {number}", f"bad{number}") for number, link in enumerate(bad)]
        rss2 = "".join(f"<item><title>{title}</title><link>{link}</link><guid isPermaLink='false'>{guid}</guid>"
                       f"<pubDate>Tue, 19 Nov 2019 08:00:00 GMT</pubDate><author>desk@wire.example (Wire Desk)</author></item>"
                       for link, title, guid in rss2_items)
        return {
            "/feeds/rss2.xml": ("application/rss+xml", f"<?xml version='1.0'?><rss version='2.0'><channel><title>Wire Two</title>"
                                f"<link>{b}/</link>{rss2}</channel></rss>"),
            "/feeds/atom.xml": ("application/atom+xml", "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
                                f"<title>Atom Daily</title><id>urn:atom-daily</id><updated>2019-11-19T08:00:00Z</updated>"
                                f"<entry><title>Page one again</title><id>urn:one</id><link href='{b}/pages/1.html'/>"
                                "<updated>2019-11-19T08:00:00Z</updated></entry>"
                                f"<entry><title>Page two</title><id>urn:two</id><link href='/pages/2.html'/>"
                                "<updated>2019-11-18T08:00:00Z</updated><author><name>A. Writer</name></author></entry></feed>"),
            "/feeds/feed.json": ("application/feed+json", json.dumps({
                "version": "https://jsonfeed.org/version/1.1", "title": "JSON Eleven", "items": [
                    {"id": "3", "url": f"{b}/pages/3.html", "title": "Page three", "date_published": "2019-11-17T10:00:00Z",
                     "authors": [{"name": "J. Son"}]},
                    {"id": "2", "url": f"{b}/pages/2.html", "title": "Page two, JSON"}]})),
            "/feeds/rdf.xml": ("application/rdf+xml", "<?xml version='1.0'?><rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'"
                               " xmlns='http://purl.org/rss/1.0/'><channel rdf:about='urn:rdf'><title>RDF One</title>"
                               f"<link>{b}/</link><description>d</description></channel><item rdf:about='{b}/pages/4.html'>"
                               f"<title>Page four</title><link>{b}/pages/4.html</link></item></rdf:RDF>"),
            "/feeds/rss091.xml": ("text/xml", "<?xml version='1.0'?><rss version='0.91'><channel><title>Old Wire</title>"
                                  f"<link>{b}/</link><description>d</description><language>en</language>"
                                  f"<item><title>Page five</title><link>{b}/pages/5.html</link></item></channel></rss>"),
            "/feeds/feed10.json": ("application/json", json.dumps({
                "version": "https://jsonfeed.org/version/1", "title": "JSON Ten", "author": {"name": "Ten Desk"},
                "items": [{"id": "six", "url": f"{b}/pages/6.html", "title": "Page six"}]})),
        }

    def respond(self, handler: http.server.BaseHTTPRequestHandler) -> int:
        """Answer one request; returns the status sent."""
        path = handler.path
        feeds = self.feeds()
        if path in feeds:
            return _feed(handler, *feeds[path], conditional=path.endswith(".xml"))
        if path.startswith("/pages/"):
            return _send(handler, 200, "text/html; charset=utf-8", self.pages[int(path[7:-5])])
        return ROUTES.get(path, _not_found)(handler, self)


def _send(handler, status: int, content_type: str, body: bytes, headers: dict | None = None) -> int:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)
    return status


def _feed(handler, content_type: str, text: str, conditional: bool) -> int:
    """XML feeds answer conditionally (ETag and Last-Modified); JSON feeds always send everything."""
    headers = {"ETag": '"v1"', "Last-Modified": "Tue, 19 Nov 2019 08:00:00 GMT"} if conditional else {}
    if conditional and handler.headers.get("If-None-Match") == '"v1"':
        handler.send_response(304)
        handler.end_headers()
        return 304
    return _send(handler, 200, content_type, text.encode("utf-8"), headers)


def _not_found(handler, site) -> int:
    return _send(handler, 404, "text/html", b"<html><body><p>Not here.</p></body></html>")


def _slow(handler, site) -> int:
    site.release.wait(30)  # never answers while a test runs
    return 0


def _trickle(handler, site) -> int:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    for _ in range(300):  # a byte every 0.1 s: each wait is short, the whole is long
        if site.release.wait(0.1):
            break
        handler.wfile.write(b"<")
        handler.wfile.flush()
    return 200


def _huge_stated(handler, site) -> int:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(30 * 1024 * 1024))
    handler.end_headers()
    return 200


def _huge_streamed(handler, site) -> int:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    chunk = b"<p>" + b"filler text " * 8000 + b"</p>\n"
    for _ in range(30 * 1024 * 1024 // len(chunk) + 1):
        handler.wfile.write(chunk)
    return 200


ENTITY_BOMB = ("<?xml version='1.0'?><!DOCTYPE rss [<!ENTITY a 'aaaaaaaaaa'>"
               + "".join(f"<!ENTITY {chr(98 + i)} '{('&' + chr(97 + i) + ';') * 10}'>" for i in range(8))
               + "]><rss version='2.0'><channel><title>&i;</title><item><title>x</title><link>http://x.example/</link></item></channel></rss>")

ROUTES: dict[str, Callable] = {
    "/robots.txt": lambda handler, site: _send(handler, 200, "text/plain", b"User-agent: *\nDisallow: /private/\n"),
    "/slow.html": _slow,
    "/trickle.html": _trickle,
    "/huge.html": _huge_stated,
    "/huge-streamed.html": _huge_streamed,
    "/report.pdf": lambda handler, site: _send(handler, 200, "application/pdf", b"%PDF-1.4 not a page"),
    "/menus-only.html": lambda handler, site: _send(handler, 200, "text/html", b"<html><head><title>Index</title></head><body>"
                                                    b"<nav><a href='/a'>News</a> <a href='/b'>Sport</a></nav></body></html>"),
    "/notes.txt": lambda handler, site: _send(handler, 200, "text/plain", b"Just some notes."),
    "/data.json": lambda handler, site: _send(handler, 200, "application/json", b'{"items": []}'),
    "/feeds/bomb.xml": lambda handler, site: _send(handler, 200, "application/rss+xml", ENTITY_BOMB.encode()),
    "/loop": lambda handler, site: _send(handler, 302, "text/html", b"", {"Location": "/loop"}),
    "/to-file": lambda handler, site: _send(handler, 302, "text/html", b"", {"Location": "file:///etc/passwd"}),
    "/to-metadata": lambda handler, site: _send(handler, 302, "text/html", b"",
                                                {"Location": "http://169.254.169.254/latest/meta-data/"}),
}


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    served = Site(_real_pages())

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            try:
                status = served.respond(self)
            except (BrokenPipeError, ConnectionResetError):  # the client stopped reading, as it should
                status = -1
            served.requests.append((self.path, status))

        def log_message(self, *arguments):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.block_on_close = False
    served.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served
    served.release.set()
    server.shutdown()
    server.server_close()


FEEDS = ("/feeds/rss2.xml", "/feeds/atom.xml", "/feeds/feed.json", "/feeds/rdf.xml", "/feeds/rss091.xml", "/feeds/feed10.json")


@pytest.fixture(scope="module")
def fetched_twice(site, tmp_path_factory):
    """Every feed fetched into a fresh folder, then again."""
    content = tmp_path_factory.mktemp("fetched") / "content"
    urls = [site.base + path for path in FEEDS]
    started = time.monotonic()
    first = fetch(urls, content, QUICK)
    seconds = time.monotonic() - started
    before_second = len(site.requests)
    snapshot = {path: path.read_bytes() for path in content.rglob("*") if path.is_file()}
    second = fetch(urls, content, QUICK)
    return content, first, second, seconds, site.requests[before_second:], snapshot


def _front_matter(file: Path) -> dict:
    return yaml.safe_load(file.read_text(encoding="utf-8").split("---\n")[1])


def test_every_feed_format_gives_one_article_per_distinct_good_page(fetched_twice):
    content, first, *_ = fetched_twice
    assert len(first.written) == PAGES
    assert first.answered == first.asked == len(FEEDS)
    folders = {Path(path).parent.name for path in first.written}
    assert folders == {"wire-two", "atom-daily", "json-eleven", "rdf-one", "old-wire", "json-ten"}
    sources = {Path(path).parent.name: _front_matter(content / path)["source"] for path in first.written}
    assert sources == {"wire-two": "Wire Two", "atom-daily": "Atom Daily", "json-eleven": "JSON Eleven", "rdf-one": "RDF One",
                       "old-wire": "Old Wire", "json-ten": "JSON Ten"}
    for path in first.written:
        meta = _front_matter(content / path)
        assert {"title", "source", "url", "fetched"} <= set(meta), path
        assert meta["url"].startswith("http")


def test_front_matter_takes_title_author_and_date_from_the_entry(fetched_twice):
    content, first, *_ = fetched_twice
    by_title = {_front_matter(content / path)["title"]: _front_matter(content / path) for path in first.written}
    assert by_title["Page three"]["author"] == "J. Son"
    assert str(by_title["Page three"]["published"]) == "2019-11-17"
    assert by_title["Page six"]["author"] == "Ten Desk"
    assert str(by_title["Page zero"]["published"]) == "2019-11-19"


def test_every_bad_entry_is_one_line_naming_its_url_and_cause(fetched_twice, site):
    _, first, *_ = fetched_twice
    b = site.base
    assert sorted(map(str, first.problems)) == sorted([
        f"{b}/missing.html: HTTP 404 Not Found",
        f"{b}/slow.html: no answer within 1 s (timed out)",
        "javascript:alert(1): refused: not an http(s) link (javascript scheme)",
        "file://etc/passwd: refused: not an http(s) link (file scheme)",  # as feedparser spells it
        "http://169.254.169.254/latest/meta-data/: refused: 169.254.169.254 is a link-local address "
        "(where cloud metadata services answer), and the feed linking to it is not",
        "http://10.0.0.1/intranet.html: refused: 10.0.0.1 is a private address, and the feed linking to it is not",
        f"{b}/report.pdf: not a web page (application/pdf)",
        f"{b}/huge.html: too big: 31,457,280 bytes (at most 5,000,000 are read); refused",
        f"{b}/menus-only.html: no article found in the page (only a title, menus or links)",
        f"{b}/private/secret.html: refused: {b}/robots.txt does not allow briefing-builder to fetch it",
    ])


def test_a_page_that_never_answers_costs_only_its_deadline(fetched_twice):
    seconds = fetched_twice[3]
    assert seconds < 15  # a one-second deadline; the real pages take the rest


def test_a_second_run_adds_no_file_downloads_no_page_and_asks_feeds_conditionally(fetched_twice):
    content, first, second, _, requests, snapshot = fetched_twice
    assert second.written == () and second.problems == () and second.answered == len(FEEDS)
    assert sorted(path for path, _ in requests) == sorted(["/robots.txt", *FEEDS])
    statuses = dict(requests)
    assert [statuses[path] for path in FEEDS if path.endswith(".xml")] == [304, 304, 304, 304]
    assert {path: path.read_bytes() for path in content.rglob("*") if path.is_file()} == snapshot


def test_feed_records_are_hidden_files_the_build_never_reads(fetched_twice):
    content, first, *_ = fetched_twice
    assert len(list(content.glob(f"*/{STATE_FILE}"))) == len(FEEDS)
    reading = read_content(content)
    assert sorted(article.path for article in reading.articles) == sorted(first.written)
    assert not [problem for problem in reading.problems if problem.fatal]  # (a Korean page is summarized as English)


def test_the_digest_of_the_folder_lists_every_fetched_article_with_its_source(fetched_twice, tmp_path):
    content, first, *_ = fetched_twice
    out = tmp_path / "digest.json"
    result = briefing("digest", "--content", str(content), "--out", str(out))
    assert result.returncode == 0, result.stderr
    articles = {article["path"]: article["source"] for article in json.loads(out.read_text(encoding="utf-8"))["articles"]}
    assert set(articles) == set(first.written)
    assert all(source == _front_matter(content / path)["source"] for path, source in articles.items())


def test_an_edited_or_hand_made_file_is_never_overwritten(site, tmp_path):
    content = tmp_path / "content"
    first = fetch([site.base + "/feeds/rss091.xml"], content, QUICK)
    (fetched,) = first.written
    (content / fetched).write_text("---\ntitle: Edited by an editor\n---\n\nMy words.\n", encoding="utf-8")
    (content / "old-wire" / STATE_FILE).unlink()  # even when the record is lost, the file stays as the editor left it
    again = fetch([site.base + "/feeds/rss091.xml"], content, QUICK)
    assert (content / fetched).read_text(encoding="utf-8") == "---\ntitle: Edited by an editor\n---\n\nMy words.\n"
    assert again.written and again.written[0] != fetched


@pytest.mark.parametrize(("path", "cause"), [
    ("/feeds/bomb.xml", "refused: the feed declares XML entities (<!ENTITY>), as entity bombs do; not expanded"),
    ("/notes.txt", "neither a feed nor a web page (text/plain)"),
    ("/data.json", "neither a feed nor a web page (application/json)"),
    ("/missing-feed.xml", "HTTP 404 Not Found"),
    ("/huge-streamed.html", "too big: more than 5,000,000 bytes; refused"),
    ("/trickle.html", "no answer within 1 s (timed out)"),
    ("/loop", "more than 5 redirects (or a redirect loop)"),
    ("/to-file", "redirected to file:///etc/passwd: refused: not an http(s) link (file scheme)"),
], ids=["entity-bomb", "not-a-feed", "json-not-a-feed", "404", "too-big", "trickle", "redirect-loop", "redirect-to-file"])
def test_a_bad_source_is_one_problem_and_the_run_goes_on(site, tmp_path, path, cause):
    started = time.monotonic()
    result = fetch([site.base + path, site.base + "/feeds/rss091.xml"], tmp_path / "content", QUICK)
    assert [str(problem) for problem in result.problems] == [f"{site.base}{path}: {cause}"]
    assert (result.answered, result.asked, len(result.written)) == (1, 2, 1)
    assert time.monotonic() - started < 10


def test_a_host_that_never_answers_costs_one_deadline_for_all_its_pages(tmp_path):
    import socket

    with socket.socket() as silent:  # accepts connections (the backlog does), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        base = f"http://127.0.0.1:{silent.getsockname()[1]}"
        started = time.monotonic()
        result = fetch([f"{base}/feed.xml", f"{base}/page.html"], tmp_path / "content", QUICK)
        assert time.monotonic() - started < 5
    assert [str(problem) for problem in result.problems] == [
        f"{url}: not fetched: {base}/robots.txt could not be read (no answer within 1 s (timed out))"
        for url in (f"{base}/feed.xml", f"{base}/page.html")]
    assert result.answered == 0


def test_an_article_page_is_fetched_by_its_url_into_a_folder_for_its_site(site, tmp_path):
    content = tmp_path / "content"
    result = fetch([site.base + "/pages/3.html"], content, QUICK)
    (written,) = result.written
    assert written.startswith("127-0-0-1/")
    assert fetch([site.base + "/pages/3.html"], content, QUICK).written == ()


def test_links_from_a_feed_reach_no_other_kind_of_address_even_by_redirect(site):
    before = len(site.requests)
    downloader = Downloader(QUICK)
    with pytest.raises(Exception, match="refused: 127.0.0.1 is a loopback address"):
        downloader.get(site.base + "/pages/0.html", frozenset({"public"}))
    assert len(site.requests) == before  # refused before connecting
    with pytest.raises(Exception, match="169.254.169.254 is a link-local address"):
        downloader.get(site.base + "/to-metadata", frozenset({"public", "loopback"}))


def test_the_command_names_each_problem_and_fails_only_when_asked_or_nothing_answered(site, tmp_path):
    content = tmp_path / "content"
    good, bad = site.base + "/feeds/rss091.xml", site.base + "/missing-feed.xml"
    result = briefing("fetch", good, bad, "--content", str(content), "--timeout", "1")
    assert result.returncode == 0, result.stderr
    assert f"briefing: fetch: {bad}: HTTP 404 Not Found" in result.stderr
    assert "fetched 1 new article" in result.stderr
    assert briefing("fetch", good, bad, "--content", str(content), "--strict").returncode == 1
    assert briefing("fetch", bad, "--content", str(content)).returncode == 1


def test_with_no_url_the_feeds_listed_in_mkdocs_yml_are_fetched(site, tmp_path):
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: Test\nplugins:\n  - briefing:\n      content: articles\n      feeds:\n        - {site.base}/feeds/rss091.xml\n",
        encoding="utf-8")
    (tmp_path / "docs").mkdir()  # MkDocs wants its docs_dir to exist
    result = briefing("fetch", "-f", str(tmp_path / "mkdocs.yml"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "articles" / "old-wire").glob("*.md"))) == 1

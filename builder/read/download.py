"""Polite, safe downloads for `briefing fetch`, with the standard library's urllib.

Every request names the tool in its user agent, asks the host's robots.txt
first, and goes to at most `per_host` requests at a time to one host. It ends
by a deadline however slowly the server answers: a socket timeout bounds each
wait only, so a server trickling a byte at a time could hold a plain request
for ever; here a timer shuts the request's sockets when its time is up. It
reads at most `max_bytes`, follows at most `max_redirects` redirects, and goes
only to http(s) links. A link found in a feed may go to a public address only,
or to the kind of address the feed itself came from (a feed on the loopback
may link to the loopback): the check is made on the address actually connected
to, for every redirect too, so a public name that resolves to a cloud metadata
endpoint is refused as surely as the address itself. No proxy from the
environment is used, since it would connect to those addresses for us.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections import defaultdict
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

from builder import __version__
from builder.model.errors import FetchError
from builder.read.files import MAX_PAGE_BYTES

TOOL = "briefing-builder"
"""The name robots.txt files address us by."""
USER_AGENT = f"{TOOL}/{__version__} (news briefing fetcher; +https://pypi.org/project/briefing-builder/)"
ANY_NETWORK = None
"""`networks` for a URL the editor gave: any address, their own machine's included."""
MAX_ROBOTS_BYTES = 500_000
"""robots.txt is read up to this size; Google reads 500 KiB of it."""


@dataclass(frozen=True)
class FetchSettings:
    """How `briefing fetch` treats the servers it asks."""

    deadline: float = 20.0
    """Seconds one request may take in all: connecting, waiting, redirects and reading the body."""
    max_bytes: int = MAX_PAGE_BYTES
    """A response longer than this is refused: as much as is read of a saved page."""
    max_redirects: int = 5
    """Redirects followed at most for one request."""
    per_host: int = 2
    """Requests to one host at the same time at most."""
    workers: int = 8
    """Requests at the same time in all."""
    user_agent: str = USER_AGENT
    """Sent with every request, so a site's owner can see who asks and why."""


@dataclass(frozen=True)
class Response:
    """A server's answer, read whole within the limits."""

    url: str
    """The URL that answered, after redirects."""
    status: int
    """200, or 304 when a conditional request found nothing new."""
    content_type: str
    """The media type, lower case, without parameters ('' when not stated)."""
    charset: str | None
    """The `charset` parameter of the content type, if any."""
    body: bytes
    """The body (empty for 304)."""
    etag: str | None
    """The `ETag` header, to ask conditionally next time."""
    last_modified: str | None
    """The `Last-Modified` header, to ask conditionally next time."""
    network: str
    """The kind of address that answered: public, loopback, private or link-local."""


def network_kind(address: str) -> str:
    """What kind of address an IP address is: public, loopback, private (or reserved) or link-local."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link-local"
    return "public" if ip.is_global else "private"


def networks_for_links(feed_network: str) -> frozenset[str]:
    """Where links found in a feed may go: public addresses, and the feed's own kind of address."""
    return frozenset({"public", feed_network})


def checked_link(url: str) -> str:
    """The URL if it is a plain http(s) link with a host; raise `FetchError` for `javascript:`, `file:` and the like."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(url, f"refused: not an http(s) link ({parts.scheme or 'no'} scheme)")
    if not parts.hostname:
        raise FetchError(url, "refused: the link names no host")
    return url.strip()


class Downloader:
    """Downloads within `FetchSettings`, shared by the threads of one run (it keeps robots.txt and host slots)."""

    def __init__(self, settings: FetchSettings = FetchSettings()) -> None:
        self.settings = settings
        self._slots: dict[str, threading.BoundedSemaphore] = defaultdict(lambda: threading.BoundedSemaphore(settings.per_host))
        self._robots: dict[str, urllib.robotparser.RobotFileParser | str] = {}
        """Each host's rules, or why its robots.txt could not be read (then nothing is fetched from it)."""
        self._locks: dict[str, threading.Lock] = defaultdict(threading.Lock)
        self._lock = threading.Lock()

    def get(self, url: str, networks: frozenset[str] | None = ANY_NETWORK, headers: dict[str, str] | None = None) -> Response:
        """Download `url` if robots.txt allows it; raise `FetchError` with the cause when it gives nothing."""
        checked_link(url)
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            slot = self._slots[host]
        with slot:
            self._check_robots(url, networks)
            return _request(url, networks, headers or {}, self.settings, self.settings.max_bytes)

    def _check_robots(self, url: str, networks: frozenset[str] | None) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            lock = self._locks[origin]
        with lock:  # one request for robots.txt per host, however many threads want it
            if origin not in self._robots:
                try:
                    self._robots[origin] = _robots(origin, networks, self.settings)
                except _RefusedAddress as error:  # the page itself would be refused alike, for the same reason
                    raise FetchError(url, error.cause) from error
        rules = self._robots[origin]
        if isinstance(rules, str):
            raise FetchError(url, f"not fetched: {origin}/robots.txt could not be read ({rules})")
        if not rules.can_fetch(TOOL, url):
            raise FetchError(url, f"refused: {origin}/robots.txt does not allow {TOOL} to fetch it")


def _robots(origin: str, networks: frozenset[str] | None, settings: FetchSettings) -> urllib.robotparser.RobotFileParser | str:
    """The host's rules, read as RFC 9309 says: none without a robots.txt; when it cannot say (a server
    error, no answer), why not, and nothing is fetched from it in this run."""
    rules = urllib.robotparser.RobotFileParser(f"{origin}/robots.txt")
    try:
        response = _request(f"{origin}/robots.txt", networks, {}, settings, MAX_ROBOTS_BYTES)
    except _RefusedAddress:
        raise
    except _HTTPStatus as error:
        if error.status >= 500:
            return error.cause
        rules.disallow_all = error.status in (401, 403)
        rules.allow_all = not rules.disallow_all
        return rules
    except FetchError as error:
        return error.cause
    rules.parse(response.body.decode("utf-8", "replace").splitlines())
    return rules


class _RefusedAddress(FetchError):
    """The request would connect to an address its `networks` do not allow."""


class _BadRedirect(FetchError):
    """A redirect to a link that is not http(s)."""


class _HTTPStatus(FetchError):
    """The server answered with an error status."""

    def __init__(self, url: str, status: int, reason: str) -> None:
        super().__init__(url, f"HTTP {status} {reason}".rstrip())
        self.status = status


def _request(url: str, networks: frozenset[str] | None, headers: dict[str, str], settings: FetchSettings, limit: int) -> Response:
    attempt = _Attempt(settings.deadline, networks)
    opener = urllib.request.OpenerDirector()  # only these handlers: no file:, ftp:, data: or proxies
    for handler in (_Connections(attempt), _Redirects(settings.max_redirects), urllib.request.HTTPDefaultErrorHandler(),
                    urllib.request.HTTPErrorProcessor()):
        opener.add_handler(handler)
    request = urllib.request.Request(url, headers={"User-Agent": settings.user_agent, **headers})
    attempt.start()
    try:
        with opener.open(request, timeout=settings.deadline) as answer:
            body = _body(url, answer, limit)
            response = _response(answer, body, attempt.network)
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return _response(error, b"", attempt.network, status=304, url=url)
        if 300 <= error.code < 400:
            raise FetchError(url, f"more than {settings.max_redirects} redirects (or a redirect loop)") from error
        raise _HTTPStatus(url, error.code, str(error.reason or "")) from error
    except _Refused as error:
        raise _RefusedAddress(url, str(error)) from error
    except _BadRedirect as error:
        raise FetchError(url, f"redirected to {error.url}: {error.cause}") from error
    except (OSError, http.client.HTTPException, ValueError) as error:
        if attempt.expired or isinstance(_cause(error), TimeoutError):
            raise FetchError(url, f"no answer within {settings.deadline:g} s (timed out)") from error
        raise FetchError(url, f"cannot be downloaded ({_described(_cause(error))})") from error
    finally:
        attempt.stop()
    if attempt.expired:  # a body cut short by the deadline can look whole
        raise FetchError(url, f"no answer within {settings.deadline:g} s (timed out)")
    return response


def _body(url: str, answer, limit: int) -> bytes:
    declared = answer.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(url, f"too big: {int(declared):,} bytes (at most {limit:,} are read); refused")
    body = answer.read(limit + 1)
    if len(body) > limit:
        raise FetchError(url, f"too big: more than {limit:,} bytes; refused")
    return body


def _response(answer, body: bytes, network: str, status: int = 200, url: str | None = None) -> Response:
    headers: Message = answer.headers
    return Response(
        url=url or answer.geturl(), status=status, content_type=headers.get_content_type() if headers.get("Content-Type") else "",
        charset=headers.get_content_charset(), body=body, etag=headers.get("ETag"), last_modified=headers.get("Last-Modified"),
        network=network,
    )


def _cause(error: BaseException) -> object:
    reason = getattr(error, "reason", None)
    return reason if reason is not None else error


def _described(cause: object) -> str:
    if isinstance(cause, OSError) and cause.strerror:
        return cause.strerror
    return str(cause) or type(cause).__name__


class _Refused(Exception):
    """A connection the request's `networks` do not allow."""


class _Attempt:
    """One request's deadline, and the sockets it opened (shut when the deadline passes)."""

    def __init__(self, seconds: float, networks: frozenset[str] | None) -> None:
        self.seconds = seconds
        self.networks = networks
        self.expired = False
        self.network = ""
        """The kind of address last connected to."""
        self._sockets: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._ends = 0.0

    def start(self) -> None:
        self._ends = time.monotonic() + self.seconds
        self._timer.start()

    def stop(self) -> None:
        self._timer.cancel()

    def connect(self, address: tuple[str, int], timeout: object = None, source_address: object = None) -> socket.socket:
        """Connect to the first address of the host that `networks` allows (http.client's `_create_connection`)."""
        host, port = address
        refused: _Refused | None = None
        failure: OSError | None = None
        for family, kind, protocol, _, target in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
            network = network_kind(target[0])
            if self.networks is not None and network not in self.networks:
                refused = refused or _Refused(_refusal(target[0], network))
                continue
            connection = socket.socket(family, kind, protocol)
            self._sockets.append(connection)
            connection.settimeout(max(0.01, self._ends - time.monotonic()))
            try:
                connection.connect(target)
            except OSError as error:
                failure = error
                connection.close()
                continue
            self.network = network
            return connection
        if failure is not None and refused is None:
            raise failure
        raise refused or OSError(f"no address found for {host}")

    def _expire(self) -> None:
        self.expired = True
        for connection in self._sockets:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def _refusal(address: str, network: str) -> str:
    where = " (where cloud metadata services answer)" if network == "link-local" else ""
    return f"refused: {address} is a {network} address{where}, and the feed linking to it is not"


class _Connections(urllib.request.HTTPHandler, urllib.request.HTTPSHandler):
    """http and https connections that connect through an `_Attempt`."""

    def __init__(self, attempt: _Attempt) -> None:
        urllib.request.HTTPHandler.__init__(self)
        self._attempt = attempt
        self._context = ssl.create_default_context()

    def http_open(self, request):
        return self.do_open(self._connection(http.client.HTTPConnection), request)

    def https_open(self, request):
        return self.do_open(self._connection(http.client.HTTPSConnection), request, context=self._context)

    def _connection(self, base: type):
        def make(host, **options):
            connection = base(host, **options)
            connection._create_connection = self._attempt.connect
            return connection
        return make


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Redirects up to a limit, each to an http(s) link only (the address is checked when connecting)."""

    def __init__(self, limit: int) -> None:
        self.max_redirections = limit

    def http_error_302(self, request, answer, code, message, headers):
        answer.close()  # unread: urllib would read a redirect's body whole, however long
        location = headers.get("Location") or headers.get("URI")
        if location:
            try:
                checked_link(urljoin(request.full_url, location.strip()))
            except FetchError as error:
                raise _BadRedirect(error.url, error.cause) from error
        return super().http_error_302(request, answer, code, message, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

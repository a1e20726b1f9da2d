"""The one place that talks to the network: guarded HTTP GETs for feeds and pages.

Guards, each ending as a `FetchError` whose message becomes a reject reason:
only http/https URLs; connect timeout, per-read timeout and a total deadline checked while
streaming (a server trickling bytes cannot hold a reader forever); bounded retries with
exponential backoff on connection errors, 5xx and 429 (never on other 4xx), each retry logged at
WARNING with its attempt number, reason and wait; redirects followed
by hand up to a bound, with loops detected; a size cap enforced on the bytes received AND on
the decompressed bytes (gzip/deflate bombs are cut at the cap). Conditional GETs send
If-None-Match / If-Modified-Since; a 304 comes back as `Fetched(status=304, body=b"")`.

Where a request may go (server-side request forgery; documented in docs/sources.md):
- a URL the user gave is fetched wherever it points, private addresses included;
- a redirect may only stay on the same host and port (or move from http to https on the default
  ports), unless `TIMELINE_ALLOW_HOSTS` names the target host (or is `*`, any public host);
- a redirect or a feed entry's link that resolves to a private, loopback, link-local or other
  non-public address is refused unless it is the user's own host or named in
  `TIMELINE_ALLOW_HOSTS` (`*` does not cover those);
- a refused response is never read: its body is not stored anywhere.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import socket
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

USER_AGENT = "event-timeline/0.1 (+news source reader; https://github.com/event-timeline)"
ALLOWED_SCHEMES: frozenset[str] = frozenset({"http", "https"})
RETRY_STATUSES: frozenset[int] = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES: frozenset[int] = frozenset({301, 302, 303, 307, 308})
ALLOW_HOSTS_ENV = "TIMELINE_ALLOW_HOSTS"
"""Comma-separated host names redirects and links may reach besides the rules above; `*` lets
redirects go to any public host."""
LOGGER = logging.getLogger(__name__)
"""Where retries are logged unless `HttpOptions.logger` names another (the flow passes its run
logger, so retries show in the Prefect UI)."""


@dataclass(frozen=True, slots=True)
class HttpOptions:
    """Limits of one fetch. The defaults suit production; tests shrink the timeouts."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 3
    backoff: float = 0.5
    backoff_max: float = 8.0
    user_agent: str = USER_AGENT
    trust_env: bool = True
    logger: logging.Logger | logging.LoggerAdapter | None = field(default=None, compare=False)
    """Where retries are logged; `None` means this module's `LOGGER`."""
    allow_hosts: frozenset[str] | None = None
    """Hosts redirects and links may reach (see the module notes); `None` reads
    `TIMELINE_ALLOW_HOSTS` at each fetch."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A successful (200-class or 304) response, fully read and decompressed."""

    url: str
    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower-cased ('' when absent)."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


class FetchError(Exception):
    """The URL could not be fetched; the message is the reject reason."""


class _Retryable(FetchError):
    """A failure worth retrying (connection trouble, 5xx, 429)."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


def check_url(url: str) -> str:
    """Return `url` without its fragment, or raise `FetchError` if it is not a fetchable URL."""
    try:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            shown = f"'{scheme}'" if scheme else "none"
            raise FetchError(f"refused URL scheme {shown} (only http and https are allowed): {url}")
        if not parts.hostname:
            raise FetchError(f"URL has no host: {url}")
        parts.port  # noqa: B018 (raises ValueError on a port that is not a number in range)
        checked = urlunsplit((scheme, parts.netloc, parts.path or "/", parts.query, ""))
        httpx.URL(checked)
    except (ValueError, httpx.InvalidURL) as exc:
        raise FetchError(f"malformed URL ({exc}): {url}") from None
    return checked


def allowed_hosts(options: HttpOptions) -> frozenset[str]:
    """The hosts named by `options.allow_hosts`, else by `TIMELINE_ALLOW_HOSTS` (lower-cased)."""
    if options.allow_hosts is not None:
        return frozenset(host.lower() for host in options.allow_hosts)
    names = os.environ.get(ALLOW_HOSTS_ENV, "").split(",")
    return frozenset(name.strip().lower().strip("[]") for name in names if name.strip())


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _same_site(source: str, target: str) -> bool:
    """Same host and port, or the same host moving from http to https on the default ports."""
    old, new = urlsplit(source), urlsplit(target)
    if (old.hostname or "").lower() != (new.hostname or "").lower():
        return False
    old_port = old.port or (443 if old.scheme == "https" else 80)
    new_port = new.port or (443 if new.scheme == "https" else 80)
    if old.scheme == new.scheme:
        return old_port == new_port
    return (old.scheme, old_port, new.scheme, new_port) == ("http", 80, "https", 443)


def non_public_address(url: str) -> str | None:
    """The first address `url`'s host resolves to that is not public (private, loopback,
    link-local, reserved, …), or None. A name that does not resolve is left to the fetch."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, parts.port or 80, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            return None
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    for address in addresses:
        mapped = getattr(address, "ipv4_mapped", None)
        if not (mapped or address).is_global:
            return str(address)
    return None


def check_hop(
    target: str, *, previous: str | None, user_url: str | None, options: HttpOptions
) -> None:
    """Refuse (`FetchError`) a URL the user did not give: a redirect from `previous`, or a
    link found in a document (`previous=None`). `user_url` is the URL the user gave, if any."""
    allowed = allowed_hosts(options)
    host = _host(target)
    if host in allowed:
        return
    what = "link" if previous is None else "redirect"
    if previous is not None and not _same_site(previous, target) and "*" not in allowed:
        raise FetchError(
            f"refused redirect to another host: {previous} -> {target} "
            f"(set {ALLOW_HOSTS_ENV}={host} to allow it)"
        )
    if user_url is not None and _host(user_url) == host:
        return
    address = non_public_address(target)
    if address is not None:
        raise FetchError(
            f"refused {what} to a non-public address: {target} is {address} "
            f"(set {ALLOW_HOSTS_ENV}={host} to allow it)"
        )


def fetch(
    url: str,
    options: HttpOptions | None = None,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    found_in: str | None = None,
) -> Fetched:
    """GET `url` with all guards; raise `FetchError` with a clear reason on any failure.

    `url` is one the user gave unless `found_in` names where it was found instead (a feed's URL
    or file name): such a link must pass `check_hop` before it is fetched. Every redirect must.
    """
    options = options or HttpOptions()
    current = check_url(url)
    user_url: str | None = current
    if found_in is not None:
        user_url = found_in if urlsplit(found_in).scheme in ALLOWED_SCHEMES else None
        check_hop(current, previous=None, user_url=user_url, options=options)
    headers = {
        "User-Agent": options.user_agent,
        "Accept-Encoding": "gzip, deflate",
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    timeout = httpx.Timeout(
        connect=options.connect_timeout,
        read=options.read_timeout,
        write=options.read_timeout,
        pool=options.connect_timeout,
    )
    visited = {current}
    with httpx.Client(
        timeout=timeout, follow_redirects=False, trust_env=options.trust_env
    ) as client:
        for _ in range(options.max_redirects + 1):
            result = _get_with_retries(client, current, headers, options)
            if isinstance(result, Fetched):
                return result
            try:
                joined = urljoin(current, result)
            except ValueError:
                raise FetchError(f"malformed redirect Location {result!r} from {current}") from None
            target = check_url(joined)
            if target in visited:
                raise FetchError(f"redirect loop: {current} -> {target}")
            check_hop(target, previous=current, user_url=user_url, options=options)
            visited.add(target)
            current = target
    raise FetchError(f"too many redirects (more than {options.max_redirects}) from {url}")


def _get_with_retries(
    client: httpx.Client, url: str, headers: dict[str, str], options: HttpOptions
) -> Fetched | str:
    """One URL, retried on transient failures. Returns the response or a redirect target."""
    attempt = 0
    while True:
        try:
            return _get_once(client, url, headers, options)
        except _Retryable as exc:
            if attempt >= options.retries:
                raise FetchError(f"{exc} (after {attempt + 1} attempts)") from None
            delay = min(options.backoff * 2**attempt, options.backoff_max)
            if exc.retry_after is not None:
                delay = min(max(delay, exc.retry_after), options.backoff_max)
            (options.logger or LOGGER).warning(
                "attempt %d/%d failed: %s; retrying in %.1f s",
                attempt + 1, options.retries + 1, exc, delay,
            )  # fmt: skip
            time.sleep(delay)
            attempt += 1


def _get_once(
    client: httpx.Client, url: str, headers: dict[str, str], options: HttpOptions
) -> Fetched | str:
    deadline = time.monotonic() + options.total_timeout
    try:
        with client.stream("GET", url, headers=headers) as response:
            status = response.status_code
            if status in REDIRECT_STATUSES:
                location = response.headers.get("location")
                if not location:
                    raise FetchError(f"HTTP {status} redirect without a Location header: {url}")
                return location
            if status in RETRY_STATUSES:
                raise _Retryable(f"HTTP {status} from {url}", _retry_after(response))
            response_headers = {k.lower(): v for k, v in response.headers.items()}
            if status == 304:
                return Fetched(url, 304, b"", response_headers)
            if not 200 <= status < 300:
                raise FetchError(f"HTTP {status} from {url}")
            body = _read_body(response, url, options, deadline)
            return Fetched(url, status, body, response_headers)
    except httpx.TimeoutException as exc:
        if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
            raise _Retryable(f"timed out connecting to {url}") from None
        raise FetchError(f"timed out reading {url}") from None
    except httpx.TransportError as exc:
        raise _Retryable(f"connection failed for {url}: {exc or type(exc).__name__}") from None


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _read_body(response: httpx.Response, url: str, options: HttpOptions, deadline: float) -> bytes:
    cap = options.max_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > cap:
        raise FetchError(f"larger than cap: Content-Length {declared} > {cap} bytes ({url})")
    decoder = _decoder(response.headers.get("content-encoding", ""), url)
    received = 0
    out = bytearray()
    for chunk in response.iter_raw():  # each network read as it arrives
        if time.monotonic() > deadline:
            raise FetchError(f"timed out: {url} sent too slowly (over {options.total_timeout}s)")
        received += len(chunk)
        if received > cap:
            raise FetchError(f"larger than cap: more than {cap} bytes received ({url})")
        if decoder is None:
            out += chunk
        else:
            _inflate(decoder, chunk, out, cap, url)
    if decoder is not None:
        out += decoder.flush()
        if len(out) > cap:
            raise FetchError(f"larger than cap: decompresses to more than {cap} bytes ({url})")
    return bytes(out)


def _decoder(encoding: str, url: str) -> zlib._Decompress | None:
    coding = encoding.strip().lower()
    if coding in ("", "identity"):
        return None
    if coding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if coding == "deflate":
        return zlib.decompressobj(zlib.MAX_WBITS | 32)
    raise FetchError(f"unsupported Content-Encoding {encoding!r} from {url}")


def _inflate(decoder: zlib._Decompress, chunk: bytes, out: bytearray, cap: int, url: str) -> None:
    """Decompress `chunk` into `out`, never producing more than `cap` bytes in total."""
    data = chunk
    while data:
        try:
            piece = decoder.decompress(data, cap - len(out) + 1)
        except zlib.error as exc:
            raise FetchError(f"corrupt compressed body from {url}: {exc}") from None
        out += piece
        if len(out) > cap:
            raise FetchError(f"larger than cap: decompresses to more than {cap} bytes ({url})")
        data = decoder.unconsumed_tail
        if not piece and data:
            break

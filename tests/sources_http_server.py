"""A real HTTP server on 127.0.0.1 for the source-reader tests, one route per behaviour."""

from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BIG_PAGE_BYTES = 50 * 1024 * 1024
ETAG = '"v1"'
LAST_MODIFIED = "Fri, 29 Nov 2024 12:00:00 GMT"

ARTICLE_BODY = " ".join(
    f"Paragraph {n}: Boris Johnson said British forces should help ensure Ukraine's security "
    "in the event of a ceasefire with Russia, according to the interview."
    for n in range(1, 6)
)

ARTICLE_HTML = f"""<!DOCTYPE html>
<html lang="en"><head><title>Johnson backs peacekeepers | Example News</title>
<meta property="og:title" content="Johnson backs European peacekeepers">
<meta property="article:published_time" content="2024-11-29T08:00:00+00:00">
</head><body><nav>Home | World | Politics</nav>
<article><h1>Johnson backs European peacekeepers</h1>
{"".join(f"<p>{ARTICLE_BODY} ({n})</p>" for n in range(3))}
</article><footer>Copyright Example News</footer></body></html>"""

UNDATED_HTML = (
    """<!DOCTYPE html><html><head><title>No date</title></head>
<body><article><p>"""
    + ARTICLE_BODY
    + "</p></article></body></html>"
)


def rss_feed(base: str) -> str:
    """A good RSS 2.0 feed with two entries, one timestamped late in its own offset."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Example RSS</title><link>{base}/</link>
<language>en-gb</language><description>test</description>
<item><title>Johnson backs peacekeepers</title><link>{base}/article.html</link>
<guid>rss-1</guid><pubDate>Fri, 29 Nov 2024 23:30:00 -0500</pubDate>
<description>&lt;p&gt;Boris Johnson said &lt;b&gt;British&lt;/b&gt;
forces should help.&lt;/p&gt;</description>
</item>
<item><title>Second story</title><link>{base}/second.html</link><guid>rss-2</guid>
<pubDate>Thu, 28 Nov 2024 10:00:00 GMT</pubDate><description>Plain summary text.</description>
</item></channel></rss>"""


def atom_feed(base: str) -> str:
    """A good Atom feed: one entry with HTML content, one with only an updated date."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Atom</title>
<id>urn:example:atom</id><updated>2024-11-29T12:00:00Z</updated>
<entry><title>Atom one</title><id>urn:example:1</id><link href="{base}/atom-1.html"/>
<published>2024-11-27T09:00:00Z</published><updated>2024-11-27T09:00:00Z</updated>
<content type="html">&lt;p&gt;First &amp;amp; foremost.&lt;/p&gt;
&lt;script&gt;x()&lt;/script&gt;</content>
</entry>
<entry><title>Atom two</title><id>urn:example:2</id><link href="{base}/atom-2.html"/>
<updated>2024-11-26T09:00:00Z</updated><summary>Only a summary here.</summary></entry>
</feed>"""


def malformed_feed(base: str) -> str:
    """An RSS feed broken half-way: one entry is recoverable, the XML is not well-formed."""
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title>
<item><title>Recovered</title><link>{base}/r.html</link><guid>m-1</guid>
<pubDate>Wed, 27 Nov 2024 10:00:00 GMT</pubDate><description>Recovered text.</description></item>
<item><title>Cut & broken <b></title><guid>m-2</guid></channel>"""


def passwd_feed(base: str) -> str:
    """A feed whose entry links to a local file, to be refused when following links."""
    return f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Evil</title>
<item><title>Secrets</title><link>file:///etc/passwd</link><guid>e-1</guid>
<pubDate>Wed, 27 Nov 2024 10:00:00 GMT</pubDate><description>Look.</description></item>
<item><title>Fine</title><link>{base}/article.html</link><guid>e-2</guid>
<pubDate>Wed, 27 Nov 2024 11:00:00 GMT</pubDate><description>Fine.</description></item>
</channel></rss>"""


class Routes:
    """What the server answers per path, and what it saw (hits, bytes sent)."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.bytes_sent: Counter[str] = Counter()
        self.bomb = gzip.compress(b"\0" * BIG_PAGE_BYTES, compresslevel=9)
        self.pages: dict[str, tuple[bytes, str]] = {}
        """Bodies and Content-Types served under `/pages/<name>`, set by a test while it runs."""


def _handler(routes: Routes) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return

        @property
        def base(self) -> str:
            return f"http://{self.headers['Host']}"

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            routes.hits[path] += 1
            action = ROUTE_TABLE.get(path)
            if path.startswith("/pages/") and path[len("/pages/") :] in routes.pages:
                body, ctype = routes.pages[path[len("/pages/") :]]
                self._send(200, body, ctype)
                return
            if action is None:
                self._send(404, b"not found", "text/plain")
                return
            try:
                action(self, routes)
            except (BrokenPipeError, ConnectionResetError):
                return

        def _send(self, status: int, body: bytes, ctype: str, **headers: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            self.wfile.write(body)

    return Handler


def _conditional_feed(make: Callable[[str], str], ctype: str) -> Callable[..., None]:
    def action(handler: BaseHTTPRequestHandler, routes: Routes) -> None:
        if handler.headers.get("If-None-Match") == ETAG:
            handler.send_response(304)
            handler.send_header("ETag", ETAG)
            handler.end_headers()
            return
        body = make(handler.base).encode()  # type: ignore[attr-defined]
        handler._send(200, body, ctype, ETag=ETAG, Last_Modified=LAST_MODIFIED)  # type: ignore[attr-defined]

    return action


def _static(make: Callable[[str], str], ctype: str) -> Callable[..., None]:
    def action(handler: BaseHTTPRequestHandler, routes: Routes) -> None:
        handler._send(200, make(handler.base).encode(), ctype)  # type: ignore[attr-defined]

    return action


def _sleepy(handler: BaseHTTPRequestHandler, routes: Routes) -> None:
    time.sleep(3)
    handler._send(200, ARTICLE_HTML.encode(), "text/html")  # type: ignore[attr-defined]


def _trickle(handler: BaseHTTPRequestHandler, routes: Routes) -> None:
    body = ARTICLE_HTML.encode()
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    for index in range(0, min(len(body), 60)):
        handler.wfile.write(body[index : index + 1])
        handler.wfile.flush()
        time.sleep(0.1)


def _error_500(handler: BaseHTTPRequestHandler, routes: Routes) -> None:
    handler._send(500, b"boom", "text/plain")  # type: ignore[attr-defined]


def _redirect(target: str) -> Callable[..., None]:
    def action(handler: BaseHTTPRequestHandler, routes: Routes) -> None:
        handler.send_response(302)
        handler.send_header("Location", target)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return action


def _big(declare_length: bool) -> Callable[..., None]:
    def action(handler: BaseHTTPRequestHandler, routes: Routes) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        if declare_length:
            handler.send_header("Content-Length", str(BIG_PAGE_BYTES))
        else:
            handler.send_header("Connection", "close")
        handler.end_headers()
        chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
        sent = 0
        while sent < BIG_PAGE_BYTES:
            handler.wfile.write(chunk)
            sent += len(chunk)
            routes.bytes_sent[handler.path] = sent
        handler.close_connection = True

    return action


def _bomb(handler: BaseHTTPRequestHandler, routes: Routes) -> None:
    handler._send(200, routes.bomb, "text/html", Content_Encoding="gzip")  # type: ignore[attr-defined]


ROUTE_TABLE: dict[str, Callable[..., None]] = {
    "/rss.xml": _conditional_feed(rss_feed, "application/rss+xml"),
    "/atom.xml": _conditional_feed(atom_feed, "application/atom+xml"),
    "/article.html": _static(lambda base: ARTICLE_HTML, "text/html; charset=utf-8"),
    "/undated.html": _static(lambda base: UNDATED_HTML, "text/html"),
    "/malformed.xml": _static(malformed_feed, "application/rss+xml"),
    "/passwd-feed.xml": _static(passwd_feed, "application/rss+xml"),
    "/sleepy.html": _sleepy,
    "/trickle.html": _trickle,
    "/500": _error_500,
    "/loop-a": _redirect("/loop-b"),
    "/loop-b": _redirect("/loop-a"),
    "/to-file": _redirect("file:///etc/passwd"),
    "/moved": _redirect("/article.html"),
    "/big-declared.html": _big(declare_length=True),
    "/big-streamed.html": _big(declare_length=False),
    "/bomb.html": _bomb,
}


@contextmanager
def serve() -> Iterator[tuple[str, Routes]]:
    """Run the server on an ephemeral port in a daemon thread; yields (base URL, routes)."""
    routes = Routes()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(routes))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", routes
    finally:
        server.shutdown()
        server.server_close()

"""Hostile and careless sources: redirects and links to internal hosts, symbolic links out of a
text folder, unreadable files, malformed URLs, misleading formats, and Prefect telemetry offline.

Real HTTP servers on 127.0.0.1 and 127.0.0.2 (Linux routes all of 127/8 to the loopback
device), real files, real DuckDB and a real Prefect API for the end-to-end run.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import polars as pl
import pytest

from flows.sources import Batch, HttpOptions, SourceSpec, read_sources
from flows.sources.http import ALLOW_HOSTS_ENV
from tests.conftest import ROOT
from tests.sources_http_server import ARTICLE_HTML, rss_feed

SECRET = "TOP-SECRET-internal-7f3a9c"
SECRET_PAGE = (
    "<!DOCTYPE html><html><head><title>Internal admin</title>"
    '<meta property="article:published_time" content="2024-11-29T08:00:00+00:00"></head>'
    f"<body><article><p>{SECRET} " + "Internal credentials and configuration. " * 20
    + "</p></article></body></html>"
)  # fmt: skip

FAST = HttpOptions(
    connect_timeout=1.0,
    read_timeout=1.0,
    total_timeout=2.0,
    retries=0,
    backoff=0.01,
    backoff_max=0.05,
    trust_env=False,
)

Route = tuple[int, dict[str, str], bytes]


@contextmanager
def http_server(host: str, routes: dict[str, Route]) -> Iterator[str]:
    """A real HTTP server on `host` (ephemeral port) answering `routes`: path -> (status,
    headers, body); the test may add routes while it runs. Yields the base URL."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            status, headers, body = routes.get(self.path, (404, {}, b"not found"))
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def redirect(target: str) -> Route:
    return (302, {"Location": target}, b"")


def html(body: str, content_type: str = "text/html; charset=utf-8") -> Route:
    return (200, {"Content-Type": content_type}, body.encode())


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[str, str, dict[str, Route]]]:
    """A public-facing server on 127.0.0.1 and an 'internal' one on 127.0.0.2 holding SECRET.

    Yields (outer base URL, inner base URL, outer routes)."""
    inner_routes = {
        "/secret": html(SECRET_PAGE),
        "/secret-feed.xml": (200, {"Content-Type": "application/rss+xml"}, SECRET.encode()),
    }
    outer_routes: dict[str, Route] = {}
    with (
        http_server("127.0.0.2", inner_routes) as inner,
        http_server("127.0.0.1", outer_routes) as outer,
    ):
        outer_routes.update(
            {
                "/feed.xml": redirect(f"{inner}/secret-feed.xml"),
                "/page.html": redirect(f"{inner}/secret"),
                "/article.html": html(ARTICLE_HTML),
                "/moved.html": redirect("/article.html"),
                "/links.xml": html(
                    rss_feed(outer).replace(f"{outer}/second.html", f"{inner}/secret"),
                    "application/rss+xml",
                ),
            }
        )  # fmt: skip
        yield outer, inner, outer_routes


@pytest.fixture
def good_file(tmp_path: Path) -> str:
    """A good local source to read next to each hostile one."""
    path = tmp_path / "good.jsonl"
    path.write_text(
        '{"id": "g1", "published": "2024-11-29", "title": "Good", "text": "Still loads."}\n'
    )
    return str(path)


def collect(specs, state=None, http=FAST) -> tuple[list[Batch], pl.DataFrame, pl.DataFrame]:
    batches = list(read_sources(specs, state or {}, http=http))
    return (
        batches,
        pl.concat([b.articles for b in batches]),
        pl.concat([b.rejects for b in batches]),
    )


def all_text(*frames: pl.DataFrame) -> str:
    """Every value of the frames as one string, to search for a leak."""
    return "\n".join(str(row) for frame in frames for row in frame.rows())


def failures(batches: list[Batch]) -> dict[str, str]:
    return {b.source_key: b.failure for b in batches if b.done and b.failure}


# --- redirects and links to other hosts (server-side request forgery) ---------------------


@pytest.mark.parametrize("path", ["/feed.xml", "/page.html"])
def test_redirect_to_another_host_is_refused_and_its_body_never_read(servers, good_file, path):
    outer, inner, _ = servers
    batches, articles, rejects = collect([f"{outer}{path}", good_file])
    assert SECRET not in all_text(articles, rejects)
    [reason] = rejects["reason"].to_list()
    assert reason.startswith(f"refused redirect to another host: {outer}{path} -> {inner}/")
    assert f"{ALLOW_HOSTS_ENV}=127.0.0.2" in reason
    assert rejects["payload"].to_list() == [f"{outer}{path}"]
    assert list(failures(batches)) == [f"{outer}{path}"]
    assert "good:g1" in articles["id"].to_list()


def test_redirect_on_the_same_host_is_still_followed(servers):
    outer, _, _ = servers
    _, articles, rejects = collect([f"page:{outer}/moved.html"])
    assert rejects.height == 0
    assert articles["id"].to_list() == [f"{outer}/article.html"]


def test_allow_hosts_setting_lets_a_redirect_reach_the_named_host(servers, monkeypatch):
    outer, _, _ = servers
    monkeypatch.setenv(ALLOW_HOSTS_ENV, "example.org, 127.0.0.2")
    _, articles, rejects = collect([f"page:{outer}/page.html"])
    assert rejects.height == 0
    assert SECRET in articles["text"][0]


def test_allow_any_host_still_refuses_a_redirect_to_a_non_public_address(servers, monkeypatch):
    outer, inner, _ = servers
    monkeypatch.setenv(ALLOW_HOSTS_ENV, "*")
    _, articles, rejects = collect([f"page:{outer}/page.html"])
    assert SECRET not in all_text(articles, rejects)
    [reason] = rejects["reason"].to_list()
    assert reason.startswith(f"refused redirect to a non-public address: {inner}/secret is ")


def test_feed_entry_linking_to_an_internal_host_is_refused_and_the_rest_followed(servers):
    outer, inner, _ = servers
    spec = SourceSpec(target=f"{outer}/links.xml", kind="feed", fetch_pages=True)
    _, articles, rejects = collect([spec])
    assert SECRET not in all_text(articles, rejects)
    [row] = rejects.to_dicts()
    assert row["location"] == f"{outer}/links.xml#entry-2"
    assert row["reason"].startswith(f"linked page: refused link to a non-public address: {inner}")
    assert articles["id"].to_list() == ["rss-1"]
    assert "ceasefire with Russia" in articles["text"][0]


# --- symbolic links and permissions in text folders ---------------------------------------


def _folder_with_links(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "secret.txt").write_text(f"date 2024-11-29 Secret\n{SECRET}\n")
    (outside / "deep" / "more.txt").write_text(f"date 2024-11-29 More\n{SECRET}\n")
    folder = tmp_path / "desk"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text("date 2024-11-29 Good\nBody.\n")
    (folder / "sub" / "inner.txt").write_text("date 2024-11-28 Inner\nInner body.\n")
    (folder / "leak.txt").symlink_to(outside / "secret.txt")
    (folder / "leakdir").symlink_to(outside / "deep", target_is_directory=True)
    (folder / "alias.txt").symlink_to(folder / "good.txt")
    (folder / "subalias").symlink_to(folder / "sub", target_is_directory=True)
    (folder / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    return folder


def test_symbolic_links_out_of_a_text_folder_are_refused_with_a_reason(tmp_path):
    folder = _folder_with_links(tmp_path)
    _, articles, rejects = collect([str(folder)])
    assert SECRET not in all_text(articles, rejects)
    assert dict(rejects.select("location", "reason").iter_rows()) == {
        "desk/dangling.txt": "symbolic link leads nowhere: dangling.txt",
        "desk/leak.txt": "refused symbolic link out of the folder: leak.txt",
        "desk/leakdir": "refused symbolic link out of the folder: leakdir",
    }
    assert rejects["payload"].to_list() == ["", "", ""]
    assert sorted(articles["id"].to_list()) == [
        "desk:alias.txt",
        "desk:good.txt",
        "desk:sub/inner.txt",
    ]


def _read_as_nobody(specs: list[str], queue) -> None:
    """Child process body: drop root (root reads a mode-000 file anyway) and read `specs`."""
    os.setgid(65534)
    os.setuid(65534)
    batches = list(read_sources(specs, {}))
    rejects = pl.concat([b.rejects for b in batches]).select("location", "reason").rows()
    articles = pl.concat([b.articles for b in batches])["id"].to_list()
    done = [b for b in batches if b.done]
    queue.put((rejects, articles, done[-1].state, [b.failure for b in done]))


def _as_nobody(specs: list[str]) -> tuple[list, list, dict, list]:
    """Read `specs` as user nobody in a child forked from a fresh 'forkserver' process (not
    from this one: forking after Polars has started its threads can hang the child)."""
    context = multiprocessing.get_context("forkserver")
    queue = context.Queue()
    child = context.Process(target=_read_as_nobody, args=(specs, queue))
    child.start()
    result = queue.get(timeout=60)
    child.join(timeout=30)
    return result


needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="dropping to user nobody needs root (chmod 000 tests)"
)


@needs_root
def test_unreadable_files_and_folders_are_rejects_and_read_once_readable():
    with tempfile.TemporaryDirectory() as base:
        os.chmod(base, 0o755)
        folder = Path(base) / "desk"
        (folder / "locked").mkdir(parents=True)
        (folder / "good.txt").write_text("date 2024-11-29 Good\nBody.\n")
        (folder / "secret.txt").write_text("date 2024-11-29 Locked\nLocked body.\n")
        (folder / "locked" / "inner.txt").write_text("date 2024-11-29 Inner\nInner.\n")
        os.chmod(folder, 0o755)
        os.chmod(folder / "good.txt", 0o644)
        os.chmod(folder / "secret.txt", 0o000)
        os.chmod(folder / "locked", 0o000)
        rejects, articles, state, _ = _as_nobody([str(folder)])
        assert dict(rejects) == {
            "desk/locked": "permission denied: cannot list folder locked (its files were not read)",
            "desk/secret.txt": "permission denied: cannot read file secret.txt",
        }
        assert articles == ["desk:good.txt"]
        assert set(state["files"]) == {"good.txt"}
        again = list(read_sources([str(folder)], {str(folder): state}))
        read_later = pl.concat([b.articles for b in again])["id"].to_list()
        assert sorted(read_later) == ["desk:locked/inner.txt", "desk:secret.txt"]


@needs_root
def test_an_unreadable_text_folder_fails_its_source():
    with tempfile.TemporaryDirectory() as base:
        os.chmod(base, 0o755)
        folder = Path(base) / "desk"
        folder.mkdir(mode=0o000)
        rejects, articles, _, failed = _as_nobody([str(folder)])
        assert rejects == [("desk", f"permission denied: cannot list folder {folder}")]
        assert failed == [f"permission denied: cannot list folder {folder}"]
        assert articles == []


# --- malformed URLs and misleading reasons ------------------------------------------------


def test_a_malformed_url_is_one_failed_source_and_the_others_load(good_file):
    batches, articles, rejects = collect(["http://[::1", good_file])
    reason = "malformed URL (Invalid IPv6 URL): http://[::1"
    assert rejects.select("location", "reason", "payload").rows() == [
        ("http://[::1", reason, "http://[::1")
    ]
    assert failures(batches) == {"http://[::1": reason}
    assert articles["id"].to_list() == ["good:g1"]


def test_a_malformed_url_read_as_a_feed_is_one_failed_source():
    batches, _, rejects = collect(["feed:http://[::1"])
    assert rejects["reason"].to_list() == ["malformed URL (Invalid IPv6 URL): http://[::1"]
    assert len(failures(batches)) == 1


@pytest.mark.parametrize(("delimiter", "shown"), [(";", "';'"), ("\t", "'\\t'")])
def test_a_csv_with_the_wrong_delimiter_says_so_once(tmp_path, delimiter, shown):
    path = tmp_path / "export.csv"
    rows = [["id", "published", "text"], ["1", "2024-11-29", "Body one."], ["2", "2024-11-28", "B"]]
    path.write_text("".join(delimiter.join(row) + "\n" for row in rows))
    batches, articles, rejects = collect([str(path)])
    header = delimiter.join(rows[0])
    expected = f"header has one column {header!r}: the delimiter looks like {shown} not ','"
    assert rejects["reason"].to_list() == [expected]
    assert failures(batches) == {str(path): expected}
    assert articles.height == 0


def test_a_future_dated_page_says_its_date_is_in_the_future(servers):
    outer, _, routes = servers
    future = (datetime.now(UTC) + timedelta(days=400)).date()
    routes["/future.html"] = html(ARTICLE_HTML.replace("2024-11-29", future.isoformat()))
    _, articles, rejects = collect([f"page:{outer}/future.html"])
    assert rejects["reason"].to_list() == [f"publication date {future} is in the future"]
    assert articles.height == 0


def test_a_feed_served_as_html_is_read_as_a_feed(servers):
    outer, _, routes = servers
    routes["/feed-as-html"] = html(rss_feed(outer), "text/html")
    _, articles, rejects = collect([f"{outer}/feed-as-html"])
    assert rejects.height == 0
    assert sorted(articles["id"].to_list()) == ["rss-1", "rss-2"]


def test_a_feed_read_as_a_page_says_to_use_feed(servers):
    outer, _, routes = servers
    routes["/feed-as-page"] = html(rss_feed(outer), "text/html")
    url = f"{outer}/feed-as-page"
    batches, articles, rejects = collect([f"page:{url}"])
    expected = f"this looks like an RSS/Atom feed served as text/html; use feed:{url}"
    assert rejects["reason"].to_list() == [expected]
    assert failures(batches) == {url: expected}


# --- end to end: nothing refused reaches the warehouse; no telemetry error offline --------


@pytest.mark.slow
@pytest.mark.usefixtures("prefect_harness")
def test_no_refused_body_reaches_any_table_of_the_warehouse(servers, tmp_path, good_file):
    from flows.ingest import SourcesFailed, ingest
    from warehouse import Warehouse

    outer, inner, _ = servers
    folder = _folder_with_links(tmp_path)
    warehouse = tmp_path / "wh.duckdb"
    sources = [
        f"{outer}/feed.xml",
        f"page:{outer}/page.html",
        str(folder),
        "http://[::1",
        good_file,
    ]
    state = ingest(sources=sources, warehouse=str(warehouse), return_state=True, timeout=2.0)
    failure = state.result(raise_on_failure=False)
    assert isinstance(failure, SourcesFailed)
    assert set(failure.result["failed"]) == {sources[0], sources[1], "http://[::1"}
    db = Warehouse(warehouse)
    columns = db.query(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE data_type = 'VARCHAR' AND table_schema = 'main'"
    ).rows()
    assert len({table for table, _ in columns}) >= 4
    for table, column in columns:
        leaks = db.query(f'SELECT count(*) FROM "{table}" WHERE "{column}" LIKE \'%{SECRET}%\'')
        assert leaks.item() == 0, f"{SECRET} found in {table}.{column}"
    reasons = db.query("SELECT reason FROM rejects")["reason"].to_list()
    assert any(r.startswith("refused redirect to another host") for r in reasons)
    assert "refused symbolic link out of the folder: leak.txt" in reasons
    ids = db.query("SELECT id FROM articles")["id"].to_list()
    assert "good:g1" in ids and "desk:good.txt" in ids


def _tiny_run(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    source = tmp_path / "tiny.jsonl"
    source.write_text(
        '{"id": "t1", "published": "2024-11-29", "title": "T", '
        '"text": "Trump takes office in January."}\n'
    )
    command = [sys.executable, "-m", "cli.main", "run", str(source)]
    command += ["--warehouse", str(tmp_path / "w.duckdb")]
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )


TELEMETRY_SETTINGS = ("PREFECT_SERVER_ANALYTICS_ENABLED", "DO_NOT_TRACK", "PREFECT_API_URL")
"""Left unset for the telemetry test: the user has not chosen, and the API is the temporary one."""


@pytest.mark.slow
def test_a_run_on_the_temporary_api_sends_no_telemetry_and_logs_no_error(tmp_path):
    env = {name: value for name, value in os.environ.items() if name not in TELEMETRY_SETTINGS}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    done = _tiny_run(tmp_path, env)
    assert done.returncode == 0, done.stderr
    assert "ERROR" not in done.stderr, done.stderr
    assert "telemetry" not in done.stderr.lower() and "analytics" not in done.stderr.lower()
    assert "TOTAL" in done.stdout

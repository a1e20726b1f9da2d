"""Feeds, pages and the network guards, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import polars as pl
import pytest

from flows.sources import Batch, HttpOptions, SourceSpec, read_sources
from tests.sources_http_server import BIG_PAGE_BYTES, ETAG, LAST_MODIFIED, Routes, serve

FAST = HttpOptions(
    connect_timeout=1.0,
    read_timeout=0.5,
    total_timeout=1.0,
    retries=2,
    backoff=0.01,
    backoff_max=0.05,
    trust_env=False,
)


@pytest.fixture(scope="module")
def server() -> Iterator[tuple[str, Routes]]:
    with serve() as running:
        yield running


@pytest.fixture
def good_file(tmp_path):
    """A good local source to read next to each failing one."""
    path = tmp_path / "good.jsonl"
    path.write_text(
        '{"id": "g1", "published": "2024-11-29", "title": "Good", "text": "Still loads."}\n'
    )
    return str(path)


def collect(specs, state=None, http=FAST) -> tuple[list[Batch], pl.DataFrame, pl.DataFrame]:
    batches = list(read_sources(specs, state or {}, http=http))
    articles = pl.concat([b.articles for b in batches])
    rejects = pl.concat([b.rejects for b in batches])
    return batches, articles, rejects


def assert_good_source_loaded(articles: pl.DataFrame) -> None:
    assert any(own.endswith(":g1") for own in articles["id"].to_list())


def final_state(batches: list[Batch], key: str) -> dict:
    [last] = [b for b in batches if b.source_key == key and b.done]
    return last.state


def test_rss_feed_entries_become_articles_in_their_own_offset(server):
    base, _ = server
    batches, articles, rejects = collect([f"{base}/rss.xml"])
    assert rejects.height == 0
    rows = {row["id"]: row for row in articles.to_dicts()}
    assert rows["rss-1"]["published"] == date(2024, 11, 29)
    assert rows["rss-1"]["text"] == "Boris Johnson said British forces should help."
    assert rows["rss-1"]["url"] == f"{base}/article.html"
    assert rows["rss-1"]["source"] == "127.0.0.1"
    assert rows["rss-1"]["language"] == "en"
    assert rows["rss-2"]["published"] == date(2024, 11, 28)
    state = final_state(batches, f"{base}/rss.xml")
    assert state == {
        "etag": ETAG,
        "last_modified": LAST_MODIFIED,
        "watermark": "2024-11-29",
        "reader": "auto",
    }


def test_unchanged_feed_costs_one_conditional_request_and_yields_nothing(server):
    base, routes = server
    url = f"{base}/atom.xml"
    first, articles, _ = collect([url])
    assert articles.height == 2
    hits_before = routes.hits["/atom.xml"]
    second, again, rejects = collect([url], state={url: final_state(first, url)})
    assert routes.hits["/atom.xml"] == hits_before + 1
    assert again.height == 0 and rejects.height == 0
    assert final_state(second, url) == final_state(first, url)


def test_atom_feed_uses_content_then_summary_and_updated_date(server):
    base, _ = server
    _, articles, rejects = collect([f"feed:{base}/atom.xml"])
    rows = {row["id"]: row for row in articles.to_dicts()}
    assert rejects.height == 0
    assert rows["urn:example:1"]["text"] == "First & foremost."
    assert rows["urn:example:2"]["text"] == "Only a summary here."
    assert rows["urn:example:2"]["published"] == date(2024, 11, 26)


def test_html_page_gives_title_text_and_original_date(server, good_file):
    base, _ = server
    _, articles, rejects = collect([f"page:{base}/article.html", good_file])
    assert rejects.height == 0
    page = articles.filter(pl.col("id") == f"{base}/article.html").to_dicts()[0]
    assert page["published"] == date(2024, 11, 29)
    assert "Johnson backs European peacekeepers" in page["title"]
    assert "ceasefire with Russia" in page["text"]
    assert "Copyright Example News" not in page["text"]
    assert_good_source_loaded(articles)


def test_unprefixed_url_is_sniffed_as_page_or_feed(server):
    base, _ = server
    _, articles, _ = collect([f"{base}/article.html", f"{base}/rss.xml"])
    assert set(articles["id"]) == {f"{base}/article.html", "rss-1", "rss-2"}


def test_page_without_date_is_rejected(server, good_file):
    base, _ = server
    _, articles, rejects = collect([f"page:{base}/undated.html", good_file])
    assert rejects["reason"].to_list() == ["no publication date found on page"]
    assert_good_source_loaded(articles)


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/sleepy.html", "timed out reading"), ("/trickle.html", "sent too slowly")],
)
def test_slow_server_is_rejected_as_timed_out(server, good_file, path, expected):
    base, _ = server
    _, articles, rejects = collect([f"page:{base}{path}", good_file])
    [reason] = rejects["reason"].to_list()
    assert "timed out" in reason and expected in reason
    assert_good_source_loaded(articles)


def test_server_error_is_retried_then_rejected(server, good_file):
    base, routes = server
    before = routes.hits["/500"]
    _, articles, rejects = collect([f"{base}/500", good_file])
    assert routes.hits["/500"] - before == FAST.retries + 1
    [reason] = rejects["reason"].to_list()
    assert "HTTP 500" in reason and "after 3 attempts" in reason
    assert_good_source_loaded(articles)


def test_client_error_is_not_retried(server):
    base, routes = server
    _, _, rejects = collect([f"{base}/missing"])
    assert routes.hits["/missing"] == 1
    assert "HTTP 404" in rejects["reason"][0]


def test_redirect_loop_is_rejected(server, good_file):
    base, _ = server
    _, articles, rejects = collect([f"{base}/loop-a", good_file])
    assert rejects["reason"][0].startswith("redirect loop")
    assert_good_source_loaded(articles)


def test_redirect_to_a_file_url_is_refused(server):
    base, _ = server
    _, _, rejects = collect([f"{base}/to-file"])
    assert "refused URL scheme 'file'" in rejects["reason"][0]


def test_redirect_is_followed(server):
    base, _ = server
    _, articles, _ = collect([f"page:{base}/moved"])
    assert articles["id"].to_list() == [f"{base}/article.html"]


@pytest.mark.parametrize("path", ["/big-declared.html", "/big-streamed.html"])
def test_50_mb_page_is_rejected_at_the_cap_without_reading_it_all(server, good_file, path):
    base, routes = server
    _, articles, rejects = collect([f"page:{base}{path}", good_file])
    assert "larger than cap" in rejects["reason"][0]
    assert routes.bytes_sent[path] < BIG_PAGE_BYTES
    assert_good_source_loaded(articles)


def test_gzip_bomb_is_cut_at_the_decompressed_cap(server, good_file):
    base, _ = server
    _, articles, rejects = collect([f"page:{base}/bomb.html", good_file])
    assert "larger than cap: decompresses" in rejects["reason"][0]
    assert_good_source_loaded(articles)


def test_malformed_feed_keeps_recoverable_entries_and_rejects_the_feed(server, good_file):
    base, _ = server
    _, articles, rejects = collect([f"feed:{base}/malformed.xml", good_file])
    assert "m-1" in articles["id"].to_list()
    feed_rejects = rejects.filter(pl.col("location") == f"{base}/malformed.xml")
    assert feed_rejects["reason"][0].startswith("malformed feed")
    assert articles.height + rejects.height >= 3
    assert_good_source_loaded(articles)


def test_feed_link_to_local_file_is_refused_when_following_pages(server, good_file):
    base, _ = server
    url = f"{base}/passwd-feed.xml"
    spec = SourceSpec(target=url, kind="feed", fetch_pages=True)
    _, articles, rejects = collect([spec, good_file])
    [row] = rejects.to_dicts()
    assert row["location"] == f"{url}#entry-1"
    assert "refused URL scheme 'file'" in row["reason"]
    assert "/etc/passwd" in row["payload"]
    followed = articles.filter(pl.col("id") == "e-2").to_dicts()[0]
    assert "ceasefire with Russia" in followed["text"]
    assert followed["published"] == date(2024, 11, 27)
    assert_good_source_loaded(articles)


def test_non_http_source_urls_are_refused(good_file):
    _, articles, rejects = collect(["ftp://example.org/feed.xml", good_file])
    assert "refused URL scheme 'ftp'" in rejects["reason"][0]
    assert_good_source_loaded(articles)


def test_unreachable_host_is_rejected_after_retries(good_file):
    _, articles, rejects = collect(["http://127.0.0.1:9/feed.xml", good_file])
    assert "connection failed" in rejects["reason"][0]
    assert_good_source_loaded(articles)


def test_feed_and_page_files_are_read_from_disk(tmp_path, server):
    base, _ = server
    from tests.sources_http_server import ARTICLE_HTML, rss_feed

    (tmp_path / "news.rss").write_text(rss_feed(base))
    (tmp_path / "story.html").write_text(ARTICLE_HTML)
    _, articles, rejects = collect([str(tmp_path / "news.rss"), str(tmp_path / "story.html")])
    assert rejects.height == 0
    assert set(articles["id"]) == {"rss-1", "rss-2", "story.html"}
    assert set(articles.filter(pl.col("id") == "rss-1")["source"]) == {"news"}

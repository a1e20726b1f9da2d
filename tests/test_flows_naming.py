"""Short names the Prefect UI shows: source labels, run names, tags, artifact keys and the
counts table's labels (pure functions, no Prefect)."""

from __future__ import annotations

import re

from flows.naming import artifact_key, run_name, run_tags, source_labels
from flows.report import TABLE_LABEL_MAX, RunReport, fit, reason_class


def test_labels_are_file_names_and_url_tails_made_unique_by_their_folder() -> None:
    labels = source_labels(
        [
            "/data/a/news.jsonl", "/data/b/news.jsonl", "folder:/data/seeds/",
            "https://feeds.example.com/world/europe/rss.xml", "page:http://127.0.0.1:8000/500",
        ]
    )  # fmt: skip
    assert list(labels.values()) == [
        "a/news.jsonl", "b/news.jsonl", "seeds", "feeds.example.com/…/rss.xml",
        "127.0.0.1:8000/500",
    ]  # fmt: skip


def test_run_name_counts_the_sources_and_sums_up_those_that_do_not_fit() -> None:
    assert run_name(["/x/seeds", "/y/news.jsonl"], "/w/timeline.duckdb") == (
        "ingest 2 sources: seeds, news.jsonl → timeline"
    )
    many = run_name([f"/x/source-number-{n}.jsonl" for n in range(9)], "/w/wh.duckdb")
    assert many.startswith("ingest 9 sources: source-number-0.jsonl, ")
    assert many.endswith(" more → wh") and len(many) < 120


def test_tags_name_each_source_and_the_warehouse() -> None:
    assert run_tags(["/x/seeds", "feed:/y/rss.xml"], "/w/wh.duckdb") == [
        "source:seeds", "source:rss.xml", "warehouse:wh",
    ]  # fmt: skip


def test_artifact_keys_are_lowercase_dashes_and_differ_per_warehouse_path() -> None:
    first = artifact_key("summary", "/data/One Warehouse_v2.duckdb")
    second = artifact_key("summary", "/other/One Warehouse_v2.duckdb")
    assert re.fullmatch(r"ingest-summary-one-warehouse-v2-[0-9a-f]{6}", first)
    assert first != second


def test_counts_table_labels_fit_and_mark_failed_sources() -> None:
    report = RunReport(labels=source_labels(["/d/te3-silver-articles-sample.jsonl", "/d/gone.csv"]))
    report.add("/d/te3-silver-articles-sample.jsonl", read=3, new=3)
    report.failed["/d/gone.csv"] = "file not found: /d/gone.csv"
    rows = report.table()
    assert [r["source"] for r in rows] == ["te3-si…ample.jsonl", "✗ gone.csv", "TOTAL"]
    assert all(len(str(r["source"])) <= TABLE_LABEL_MAX for r in rows)
    assert fit("127.0.0.1:8000/…/missing.html", 18) == "…/missing.html"


def test_reason_classes_mask_urls_paths_dates_and_numbers_but_not_http_status() -> None:
    assert reason_class("HTTP 500 from http://h:1/a:b/c (after 4 attempts)") == (
        "HTTP 500 from <url> (after N attempts)"
    )
    assert reason_class("file not found: /tmp/x.jsonl") == "file not found"
    future = reason_class("published in the future (2999-01-01)")
    assert future == "published in the future (<date>)"
    assert reason_class("not UTF-8 (invalid start byte at byte 12)") == (
        "not UTF-8 (invalid start byte at byte N)"
    )

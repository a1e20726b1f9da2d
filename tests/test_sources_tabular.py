"""JSONL, CSV and Parquet readers: happy paths, column mapping, and bad rows as rejects."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from flows.sources import ARTICLE_SCHEMA, REJECT_SCHEMA, SourceSpec, read_sources

SILVER = Path("/work/shared/data/news/te3-silver-articles.jsonl.gz")

GOOD = [
    {"id": "a1", "published": "2024-11-29", "title": "One", "text": "First text."},
    {"id": "a2", "published": "2024-11-28", "title": "Two", "text": "Second text."},
]


OWN_ID_PREFIX = r"^[^:]*:"


def read_all(specs, state=None, **kwargs) -> tuple[list, pl.DataFrame, pl.DataFrame]:
    """Read `specs`; article ids come back without their per-source namespace (`name:`):
    these tests check each source's own ids, test_faults_data checks the namespace."""
    batches = list(read_sources(specs, state or {}, **kwargs))
    articles = pl.concat([b.articles for b in batches])
    return (
        batches,
        articles.with_columns(pl.col("id").str.replace(OWN_ID_PREFIX, "")),
        pl.concat([b.rejects for b in batches]),
    )


def write_jsonl(path: Path, rows: list) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row) for row in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_jsonl_file_reads_articles_with_exact_schema_and_defaults(tmp_path):
    path = write_jsonl(tmp_path / "wire.jsonl", GOOD)
    batches, articles, rejects = read_all([str(path)])
    assert dict(articles.schema) == ARTICLE_SCHEMA
    assert dict(rejects.schema) == REJECT_SCHEMA
    assert articles["id"].to_list() == ["a1", "a2"]
    assert set(articles["source"]) == {"wire"}
    assert set(articles["language"]) == {"en"}
    assert articles["url"].to_list() == [None, None]
    assert batches[-1].done and batches[-1].state["watermark"] == "2024-11-29"


def test_gzipped_jsonl_is_read(tmp_path):
    path = tmp_path / "wire.jsonl.gz"
    path.write_bytes(gzip.compress("\n".join(json.dumps(r) for r in GOOD).encode()))
    _, articles, rejects = read_all([str(path)])
    assert articles.height == 2 and rejects.height == 0
    assert set(articles["source"]) == {"wire"}


def test_silver_corpus_reads_all_articles_without_rejects():
    batches, articles, rejects = read_all([str(SILVER)])
    assert articles.height == 2452
    assert rejects.height == 0
    assert articles["id"].n_unique() == 2452
    assert max(b.articles.height for b in batches) == 500


def test_batch_size_is_configurable(tmp_path):
    rows = [{"id": f"x{i}", "published": "2024-01-01", "text": "t"} for i in range(7)]
    path = write_jsonl(tmp_path / "many.jsonl", rows)
    batches, _, _ = read_all([str(path)], batch_size=3)
    assert [b.articles.height for b in batches] == [3, 3, 1]
    assert [b.done for b in batches] == [False, False, True]
    assert batches[0].state == {} and "mtime_ns" in batches[-1].state


def test_aliases_are_resolved_automatically(tmp_path):
    row = {"doc_id": "d1", "dct": "2024-11-29", "headline": "H", "body": "B", "link": "http://x/1"}
    _, articles, _ = read_all([str(write_jsonl(tmp_path / "aliased.jsonl", [row]))])
    assert articles.select("id", "title", "text", "url").row(0) == ("d1", "H", "B", "http://x/1")


def test_explicit_column_mapping_wins_over_aliases(tmp_path):
    row = {"key": "k1", "when": "2024-11-29", "date": "1999-01-01", "words": "Body"}
    path = write_jsonl(tmp_path / "mapped.jsonl", [row])
    spec = SourceSpec(str(path), columns={"id": "key", "published": "when", "text": "words"})
    _, articles, _ = read_all([spec])
    assert articles.select("id", "published", "text").row(0) == ("k1", date(2024, 11, 29), "Body")


def test_missing_id_is_derived_stably_from_content(tmp_path):
    row = {"published": "2024-11-29", "title": "T", "text": "Same text"}
    first = read_all([str(write_jsonl(tmp_path / "a.jsonl", [row]))])[1]["id"][0]
    second = read_all([str(write_jsonl(tmp_path / "a.jsonl", [row, row]))])[1]["id"].to_list()
    edited = {**row, "text": "Edited text"}
    third = read_all([str(write_jsonl(tmp_path / "a.jsonl", [edited]))])[1]["id"][0]
    assert first.startswith("sha256:")
    assert second == [first, first]
    assert third != first


def test_bad_jsonl_lines_become_rejects_with_line_locations(tmp_path):
    future = (datetime.now(UTC) + timedelta(days=3)).date().isoformat()
    lines = [
        GOOD[0],
        "{not json",
        {"id": "m", "title": "no date", "text": "x"},
        {"id": "i", "published": "2024-02-30", "text": "x"},
        {"id": "f", "published": future, "text": "x"},
        {"id": "e", "published": "2024-11-29", "text": "   "},
        "[1, 2]",
        {"id": "tz", "published": "2024-11-29T23:30:00-05:00", "text": "late evening"},
    ]
    path = write_jsonl(tmp_path / "bad.jsonl", lines)
    _, articles, rejects = read_all([str(path)])
    assert articles["id"].to_list() == ["a1", "tz"]
    assert articles.filter(pl.col("id") == "tz")["published"][0] == date(2024, 11, 29)
    by_location = dict(zip(rejects["location"], rejects["reason"], strict=True))
    assert by_location["bad.jsonl:2"].startswith("malformed JSON")
    assert by_location["bad.jsonl:3"] == "missing published date"
    assert by_location["bad.jsonl:4"].startswith("impossible published date '2024-02-30'")
    assert by_location["bad.jsonl:5"].startswith("published in the future")
    assert by_location["bad.jsonl:6"] == "empty text"
    assert by_location["bad.jsonl:7"] == "not a JSON object but list"
    assert rejects.filter(pl.col("location") == "bad.jsonl:2")["payload"][0] == "{not json"
    assert set(rejects["source"]) == {str(path.resolve())}


def test_non_utf8_jsonl_line_is_rejected_and_the_rest_loads(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        json.dumps(GOOD[0]).encode()
        + b"\n"
        + b'{"id": "\xff\xfe"}\n'
        + json.dumps(GOOD[1]).encode()
    )
    _, articles, rejects = read_all([str(path)])
    assert articles.height == 2
    assert rejects["reason"][0].startswith("not UTF-8")
    assert "\\xff" in rejects["payload"][0]


def test_huge_reject_payload_is_truncated(tmp_path):
    path = write_jsonl(tmp_path / "huge.jsonl", ["{" + "x" * 50_000])
    _, _, rejects = read_all([str(path)])
    assert len(rejects["payload"][0].encode()) < 10 * 1024 + 20


def test_csv_reads_articles_with_quoted_multiline_text(tmp_path):
    path = tmp_path / "desk.csv"
    path.write_text('doc_id,date,headline,body\n1,2024-11-29,"A, B","Line one\nLine two"\n2,,x,y\n')
    _, articles, rejects = read_all([str(path)])
    assert articles.select("id", "title", "text").row(0) == ("1", "A, B", "Line one\nLine two")
    assert rejects.select("location", "reason").row(0) == ("desk.csv:4", "missing published date")


def test_gzipped_csv_is_read(tmp_path):
    path = tmp_path / "desk.csv.gz"
    path.write_bytes(gzip.compress(b"id,published,text\n1,2024-11-29,ok\n"))
    _, articles, rejects = read_all([str(path)])
    assert articles.select("id", "source").row(0) == ("1", "desk")
    assert rejects.height == 0


def test_gzip_truncated_mid_stream_keeps_earlier_rows_and_rejects_the_file(tmp_path):
    rows = [{"id": f"r{i}", "published": "2024-01-01", "text": "x" * 50} for i in range(2000)]
    data = gzip.compress("\n".join(json.dumps(r) for r in rows).encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    batches, articles, rejects = read_all([str(path)])
    assert articles.height > 0
    assert rejects["reason"][-1].startswith("corrupt gzip data")
    assert batches[-1].done and batches[-1].state == {}


def test_csv_row_with_wrong_cell_count_is_rejected(tmp_path):
    path = tmp_path / "ragged.csv"
    path.write_text("id,published,text\n1,2024-11-29,ok\n2,2024-11-29\n")
    _, articles, rejects = read_all([str(path)])
    assert articles["id"].to_list() == ["1"]
    assert rejects["reason"].to_list() == ["row has 2 cells, header has 3"]


def test_parquet_reads_dates_timestamps_and_mapping(tmp_path):
    path = tmp_path / "store.parquet"
    pl.DataFrame(
        {
            "uid": ["p1", "p2", "p3"],
            "dct": [
                datetime(2024, 11, 29, 23, 30),
                datetime(2024, 11, 28, 1, 0),
                None,
            ],
            "content": ["one", "two", "three"],
        }
    ).write_parquet(path)
    _, articles, rejects = read_all([str(path)])
    assert articles.select("id", "published").rows() == [
        ("p1", date(2024, 11, 29)),
        ("p2", date(2024, 11, 28)),
    ]
    assert rejects.select("location", "reason").row(0) == (
        "store.parquet#row-3",
        "missing published date",
    )


def test_unchanged_file_is_not_read_again(tmp_path):
    path = write_jsonl(tmp_path / "wire.jsonl", GOOD)
    key = str(path.resolve())
    first, _, _ = read_all([str(path)])
    second, articles, _ = read_all([str(path)], state={key: first[-1].state})
    assert articles.height == 0
    assert second[-1].state == first[-1].state


def test_since_drops_older_articles_and_counts_them(tmp_path):
    path = write_jsonl(tmp_path / "wire.jsonl", GOOD)
    batches, articles, _ = read_all([str(path)], since=date(2024, 11, 29))
    assert articles["id"].to_list() == ["a1"]
    assert sum(b.skipped for b in batches) == 1


def test_watermark_is_capped_at_the_run_start(tmp_path):
    tomorrow = (datetime.now(UTC) + timedelta(hours=20)).date()
    row = {"id": "t", "published": tomorrow.isoformat(), "text": "soon"}
    batches, articles, _ = read_all([str(write_jsonl(tmp_path / "w.jsonl", [row]))])
    assert articles.height == 1
    assert batches[-1].state["watermark"] <= datetime.now(UTC).date().isoformat()


@pytest.mark.parametrize("name", ["missing.jsonl", "missing.csv", "missing.parquet"])
def test_missing_file_is_a_reject_and_other_sources_still_load(tmp_path, name):
    good = write_jsonl(tmp_path / "good.jsonl", GOOD)
    batches, articles, rejects = read_all([f"{tmp_path / name}", str(good)])
    assert rejects["reason"][0].startswith("file not found")
    assert articles.height == 2
    assert all(b.done for b in batches)


def test_corrupt_gzip_and_parquet_are_rejects(tmp_path):
    (tmp_path / "bad.jsonl.gz").write_bytes(b"\x1f\x8b" + b"garbage" * 10)
    (tmp_path / "bad.parquet").write_bytes(b"PAR1 not really")
    _, _, rejects = read_all([str(tmp_path / "bad.jsonl.gz"), str(tmp_path / "bad.parquet")])
    reasons = rejects["reason"].to_list()
    assert reasons[0].startswith("corrupt gzip data") or reasons[0].startswith("cannot read")
    assert reasons[1].startswith("unreadable Parquet file")


def test_parquet_zoned_timestamp_outside_the_calendar_rejects_only_its_row(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    zone = "Pacific/Kiritimati"
    stamps = pa.array(
        [datetime(9999, 12, 31, 23), datetime(2024, 11, 29, 12)], pa.timestamp("s", tz=zone)
    )
    path = tmp_path / "edge.parquet"
    pq.write_table(pa.table({"id": ["edge", "ok"], "published": stamps, "text": ["a", "b"]}), path)
    batches = list(read_sources([str(path)], {}))
    articles = pl.concat([b.articles for b in batches])
    rejects = pl.concat([b.rejects for b in batches])
    assert articles.get_column("id").str.ends_with(":ok").to_list() == [True]
    assert rejects.get_column("location").to_list() == ["edge.parquet#row-1"]
    assert "outside the representable date range" in rejects.get_column("reason")[0]

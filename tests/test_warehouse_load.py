"""Batch loading: idempotent, replaces changed articles, rejects bad rows, handles empties."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import warehouse_data as data
from warehouse import LoadResult, Warehouse, WarehouseError, content_hash, content_hash_frame
from warehouse.frames import empty


@pytest.fixture
def wh(tmp_path) -> Warehouse:
    return Warehouse(tmp_path / "w.duckdb")


def _load(wh: Warehouse, ids: list[str], version: int = 0, **kwargs) -> LoadResult:
    run_id = wh.start_run(sources=["bbc"])
    return wh.load_batch(
        run_id,
        data.articles(ids, version),
        data.timexes(ids, version=version),
        data.events(ids, version=version),
        **kwargs,
    )


def test_first_load_writes_every_row(wh):
    result = _load(wh, ["a", "b", "c"])
    assert result == LoadResult(articles_new=3, timexes=6, events=3)
    assert data.counts(wh) == {"articles": 3, "timexes": 6, "events": 3, "rejects": 0}


def test_reloading_same_articles_adds_no_rows(wh):
    _load(wh, ["a", "b", "c"])
    before = wh.query("SELECT * EXCLUDE (last_seen) FROM articles ORDER BY id")
    seen_before = wh.query("SELECT max(last_seen) FROM articles").item()

    result = _load(wh, ["a", "b", "c"])

    assert result == LoadResult(articles_unchanged=3)
    assert data.counts(wh) == {"articles": 3, "timexes": 6, "events": 3, "rejects": 0}
    assert wh.query("SELECT * EXCLUDE (last_seen) FROM articles ORDER BY id").equals(before)
    assert wh.query("SELECT min(last_seen) FROM articles").item() > seen_before


def test_changed_article_has_its_timexes_and_events_replaced(wh):
    _load(wh, ["a", "b"])
    first_seen = wh.query("SELECT first_seen FROM articles WHERE id = 'b'").item()
    run_id = wh.start_run()
    result = wh.load_batch(
        run_id,
        data.articles(["b"], version=1),
        data.timexes(["b"], per_article=3, version=1),
        data.events(["b"], per_article=1, version=1),
    )
    assert result == LoadResult(articles_changed=1, timexes=3, events=1)
    b_timexes = wh.query("SELECT text FROM timexes WHERE article_id = 'b'").to_series()
    assert b_timexes.to_list() == ["last week v1"] * 3
    assert wh.query("SELECT what FROM events WHERE article_id = 'b'").item() == "attack v1"
    article = wh.query("SELECT * FROM articles WHERE id = 'b'").row(0, named=True)
    assert "version 1" in article["text"] and article["run_id"] == run_id
    assert article["first_seen"] == first_seen
    assert wh.query("SELECT count(*) FROM timexes WHERE article_id = 'a'").item() == 2


def test_batch_with_repeated_article_keeps_its_last_occurrence(wh):
    articles = pl.concat([data.articles(["a"], version=0), data.articles(["a"], version=1)])
    timexes = pl.concat([data.timexes(["a"], version=0), data.timexes(["a"], version=1)])
    result = wh.load_batch(wh.start_run(), articles, timexes, data.events([]))
    assert result.articles_new == 1 and result.timexes == 2
    assert "version 1" in wh.query("SELECT text FROM articles").item()
    texts = wh.query("SELECT text FROM timexes ORDER BY timex_index").to_series().to_list()
    assert texts == ["last week v1", "last week v1"]


def test_bad_rows_are_rejected_with_a_reason_and_good_rows_load(wh):
    articles = pl.concat(
        [
            data.articles(["good", "no-text", "no-date", "bad-date"]),
            pl.DataFrame({"id": [None]}, schema={"id": pl.String}),
        ],
        how="diagonal",
    ).with_columns(
        pl.when(pl.col("id") == "no-text").then(pl.lit("  ")).otherwise("text").alias("text"),
        pl.when(pl.col("id") == "bad-date")
        .then(pl.lit("not a date"))
        .when(pl.col("id") == "no-date")
        .then(None)
        .otherwise(pl.col("published").dt.strftime("%Y-%m-%d"))
        .alias("published"),
    )
    timexes = pl.concat([data.timexes(["good", "ghost", "no-text"], per_article=1)])
    backwards = data.timexes(["good"], per_article=1).with_columns(
        timex_index=pl.lit(5, pl.Int32), earliest=pl.lit(date(2025, 1, 1))
    )
    reader_rejects = pl.DataFrame(
        {"source": ["rss"], "location": ["feed.xml:12"], "reason": ["bad xml"], "payload": ["<"]}
    )
    result = wh.load_batch(
        wh.start_run(),
        articles,
        pl.concat([timexes, backwards]),
        data.events(["good"]),
        rejects=reader_rejects,
    )
    assert result.articles_new == 1 and result.timexes == 1 and result.events == 1
    assert result.rejects == 8
    rejects = wh.query("SELECT stage, location, reason, payload FROM rejects ORDER BY ALL")
    reasons = dict(zip(rejects["location"], rejects["reason"], strict=True))
    assert reasons["https://news.example/no-text"] == "empty text"
    assert reasons["https://news.example/no-date"] == "missing published date"
    assert reasons["https://news.example/bad-date"].startswith("invalid published")
    assert reasons["feed.xml:12"] == "bad xml"
    assert reasons["timexes article_id=ghost timex_index=0"].startswith("unknown article")
    assert reasons["timexes article_id=no-text timex_index=0"] == "its article was rejected"
    assert reasons["timexes article_id=good timex_index=5"] == "earliest is after latest"
    assert "missing id" in reasons.values()
    bad_date = rejects.filter(pl.col("location") == "https://news.example/bad-date")
    assert '"published":"not a date"' in bad_date.item(0, "payload")
    run_totals = wh.query("SELECT articles_new, rejects_found FROM runs").row(0)
    assert run_totals == (1, 8)


def test_reloading_a_batch_with_rejects_records_them_once(wh):
    bad = data.articles(["x"]).with_columns(text=pl.lit(""))
    run_id = wh.start_run()
    wh.load_batch(run_id, bad, data.timexes([]), data.events([]))
    result = wh.load_batch(run_id, bad, data.timexes([]), data.events([]))
    assert result.rejects == 1
    assert wh.query("SELECT count(*) FROM rejects").item() == 1


def test_column_of_the_wrong_dtype_rejects_its_rows(wh):
    timexes = data.timexes(["a"]).with_columns(start=pl.lit([1]))
    result = wh.load_batch(wh.start_run(), data.articles(["a"]), timexes, None)
    assert result.articles_new == 1 and result.timexes == 0 and result.rejects == 2
    assert wh.query("SELECT DISTINCT reason FROM rejects").item().startswith("column start")


def test_missing_column_is_a_caller_error(wh):
    with pytest.raises(ValueError, match="lacks columns"):
        wh.load_batch(wh.start_run(), data.articles(["a"]).drop("text"), None, None)


def test_empty_frames_load_nothing(wh):
    run_id = wh.start_run()
    assert wh.load_batch(run_id, empty("articles"), empty("timexes"), empty("events")) == (
        LoadResult()
    )
    assert wh.load_batch(run_id, pl.DataFrame(), pl.DataFrame(), pl.DataFrame()) == LoadResult()
    assert data.counts(wh) == {"articles": 0, "timexes": 0, "events": 0, "rejects": 0}


def test_loading_into_an_unknown_run_fails_and_writes_nothing(wh):
    wh.migrate()
    with pytest.raises(WarehouseError, match="unknown run"):
        wh.load_batch("no-such-run", data.articles(["a"]), data.timexes(["a"]), None)
    assert data.counts(wh)["articles"] == 0


def test_unchanged_articles_are_known_before_tagging(wh):
    assert wh.known_hashes(["a"]) == {}
    _load(wh, ["a", "b"])
    batch = pl.concat([data.articles(["a"]), data.articles(["b"], version=1), data.articles(["c"])])
    hashes = content_hash_frame(batch)
    assert hashes.columns == ["id", "content_hash"] and hashes.height == 3
    known = wh.known_hashes(["a", "b", "c"])
    assert set(known) == {"a", "b"}
    assert known["a"] == hashes.item(0, "content_hash") != known["b"]
    assert wh.unchanged_ids(batch) == {"a"}


def test_content_hash_depends_on_every_hashed_field_and_tells_null_from_empty():
    base = ("title", "text", date(2024, 11, 29), "bbc", "https://x")
    variants = {
        content_hash(*base),
        content_hash("title2", *base[1:]),
        content_hash(base[0], "text2", *base[2:]),
        content_hash(*base[:2], date(2024, 11, 30), *base[3:]),
        content_hash(*base[:3], "cnn", base[4]),
        content_hash(*base[:4], ""),
        content_hash(*base[:4], None),
    }
    assert len(variants) == 7
    assert content_hash(*base) == content_hash(*base)


def test_runs_record_flow_run_sources_and_final_counts(wh):
    run_id = wh.start_run(flow_run_id="flow-123", sources=["bbc", "rss"])
    wh.load_batch(run_id, data.articles(["a"]), data.timexes(["a"]), data.events(["a"]))
    wh.finish_run(run_id, "completed", {"read": 1, "tagged": 1})
    run = wh.query("SELECT * FROM runs").row(0, named=True)
    assert run["flow_run_id"] == "flow-123" and run["sources"] == ["bbc", "rss"]
    assert run["status"] == "completed" and run["finished_at"] >= run["started_at"]
    assert (run["articles_new"], run["timexes_loaded"], run["events_loaded"]) == (1, 2, 1)
    assert wh.query("SELECT counts->>'tagged' FROM runs").item() == "1"


def test_source_state_keeps_fields_not_given_again(wh):
    assert wh.get_source_state("bbc-rss") is None
    mark = datetime(2024, 11, 29, 12, tzinfo=UTC)
    wh.set_source_state("bbc-rss", watermark=mark, etag='"abc"', seen_guids=3)
    wh.set_source_state("bbc-rss", last_modified="Fri, 29 Nov 2024 12:00:00 GMT")
    state = wh.get_source_state("bbc-rss")
    assert state["watermark"] == mark and state["etag"] == '"abc"'
    assert state["last_modified"].startswith("Fri") and state["seen_guids"] == 3
    assert state["updated_at"] is not None


@pytest.fixture(scope="module")
def empty_warehouse(tmp_path_factory) -> Path:
    """A migrated warehouse with no rows, made once: each example loads into a copy of it
    (the same file a first run creates, without migrating for every example)."""
    path = tmp_path_factory.mktemp("empty") / "w.duckdb"
    Warehouse(path).migrate()
    return path


# 15 examples: each is a list of up to five batches of up to eight (article, version) pairs drawn
# from six ids and three versions, so nearly every example repeats articles both within a batch
# and across batches; 30 cost twice the time (about 1 s each on a busy machine) for no new case.
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    batches=st.lists(
        st.lists(st.tuples(st.sampled_from("abcdef"), st.integers(0, 2)), min_size=1, max_size=8),
        min_size=1,
        max_size=5,
    )
)
def test_any_sequence_of_batches_leaves_one_row_per_article_and_its_last_version(
    tmp_path_factory, empty_warehouse, batches
):
    """The loader alone keeps article ids unique (the table has no key index since v4)."""
    path = tmp_path_factory.mktemp("seq") / "w.duckdb"
    shutil.copyfile(empty_warehouse, path)
    wh = Warehouse(path)
    latest: dict[str, int] = {}
    for batch in batches:
        run_id = wh.start_run()
        frames = [(data.articles([i], v), i, v) for i, v in batch]
        wh.load_batch(
            run_id,
            pl.concat([f for f, _, _ in frames]),
            pl.concat([data.timexes([i], version=v) for _, i, v in frames]),
            pl.concat([data.events([i], version=v) for _, i, v in frames]),
        )
        latest.update(dict(batch))

    stored = wh.query("SELECT id, count(*) AS n FROM articles GROUP BY id ORDER BY id").rows()
    assert stored == [(article_id, 1) for article_id in sorted(latest)]
    timexes = wh.query(
        "SELECT article_id, list(DISTINCT text), count(*) FROM timexes GROUP BY 1 ORDER BY 1"
    ).rows()
    assert timexes == [(i, [f"last week v{latest[i]}"], 2) for i in sorted(latest)]
    assert wh.query("SELECT count(*) FROM events").item() == len(latest)

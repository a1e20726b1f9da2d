"""Event mentions in the warehouse (schema v7): an old warehouse migrates in place with no row
lost, the `timeline` view keeps its columns and gains the mention ones, `when_relative` answers
"what is announced for later" in one WHERE clause, and reloads stay idempotent."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import polars as pl
import pytest

from tests import warehouse_data as data
from tests.conftest import SEED
from transforms.events.model import EVENT_COLUMNS
from transforms.events.timing import Anchor, EventTime, Relation
from transforms.frames import analyse
from warehouse import Warehouse, migrations
from warehouse.connection import connect

V6_TIMELINE_COLUMNS = [
    "article_id", "published", "source", "title", "url", "event", "sentence", "timex_text",
    "value", "mod", "earliest", "latest", "granularity", "confidence", "relation", "width_days",
    "language", "event_index",
]  # fmt: skip
"""The `timeline` view's columns at schema version 6, in order."""
MENTION_COLUMNS = [
    "when_relative", "trigger", "trigger_start", "trigger_end", "event_class", "tense", "aspect",
    "polarity", "modality", "multi_day", "begin_earliest", "begin_latest", "end_earliest",
    "end_latest", "anchor", "anchor_text", "timex_index",
]  # fmt: skip
PUBLISHED = date(2024, 11, 29)
OLD_INTERVALS = {
    "last-week": (date(2024, 11, 18), date(2024, 11, 25)),
    "today": (date(2024, 11, 29), date(2024, 11, 30)),
    "this-month": (date(2024, 11, 1), date(2024, 12, 1)),
    "january": (date(2025, 1, 1), date(2025, 2, 1)),
}
"""Events of a version 6 warehouse, by article id: before, on, around and after publication."""


def _version_6_file(path) -> None:
    """A warehouse as the code before event mentions wrote it: one article per old interval,
    each with a timex and the event it dates, and a run."""
    with connect(path, read_only=False, lock_timeout=5) as con:
        assert migrations.migrate(con, target=6) == [1, 2, 3, 4, 5, 6]
        now = datetime(2024, 12, 1, tzinfo=UTC)
        con.execute(
            "INSERT INTO runs (run_id, started_at, status) VALUES ('r1', $now, 'completed')",
            {"now": now},
        )
        for article_id, (earliest, latest) in OLD_INTERVALS.items():
            con.execute(
                "INSERT INTO articles VALUES ($id, 'bbc', NULL, $published, 't', 'text', 'en',"
                " 'h', $now, $now, 'r1')",
                {"id": article_id, "published": PUBLISHED, "now": now},
            )
            con.execute(
                "INSERT INTO timexes VALUES ($id, 0, 0, 9, 'then', 'DATE', 'v', NULL, $e, $l,"
                " 'day', 'published', 'rule')",
                {"id": article_id, "e": earliest, "l": latest},
            )
            con.execute(
                "INSERT INTO events VALUES ($id, 0, 0, 'It happened then.', $what, 0, 'then',"
                " 'v', NULL, $e, $l, 'day', 'during', 0.9)",
                {"id": article_id, "what": f"it happened {article_id}", "e": earliest, "l": latest},
            )


def _seed_articles(extra: str = "") -> pl.DataFrame:
    first, _, body = SEED.read_text(encoding="utf-8").partition("\n")
    _, published, title = first.split(maxsplit=2)
    return pl.DataFrame(
        {
            "id": ["seed"],
            "published": [date.fromisoformat(published)],
            "source": ["seeds"],
            "url": [None],
            "title": [title],
            "text": [body.strip() + extra],
            "language": ["en"],
        },
        schema_overrides={"url": pl.String},
    )


def _load(wh: Warehouse, articles: pl.DataFrame):
    timexes, events = analyse(articles)
    return wh.load_batch(wh.start_run(), articles, timexes, events), events


def test_version_6_warehouse_migrates_in_place_keeping_every_row(tmp_path) -> None:
    path = tmp_path / "old.duckdb"
    _version_6_file(path)
    with connect(path, read_only=True, lock_timeout=5) as con:
        before = con.sql("SELECT * FROM events ORDER BY article_id").fetchall()
        timeline_before = con.sql("SELECT * FROM timeline ORDER BY article_id").fetchall()

    wh = Warehouse(path)
    assert wh.migrate() == [7, 8]

    assert wh.schema_version() == migrations.latest_version()
    old_columns = "article_id, event_index, sentence_index, sentence, what, timex_index, " + (
        "timex_text, value, mod, earliest, latest, granularity, relation, confidence"
    )
    after = wh.query(f"SELECT {old_columns} FROM events ORDER BY article_id").rows()
    assert after == before
    timeline = wh.query("SELECT * FROM timeline ORDER BY article_id")
    assert timeline.select(V6_TIMELINE_COLUMNS).rows() == timeline_before
    assert timeline.get_column("anchor").to_list() == ["timex"] * 4
    assert timeline.get_column("trigger").null_count() == 4
    assert wh.query("SELECT sum(events) FROM daily").item() == 4
    assert wh.query("SELECT count(*) FROM timexes").item() == 4


def test_migrated_rows_get_when_relative_by_the_rule_of_event_time(tmp_path) -> None:
    path = tmp_path / "old.duckdb"
    _version_6_file(path)
    wh = Warehouse(path)
    wh.migrate()
    stored = dict(wh.query("SELECT article_id, when_relative FROM timeline").rows())
    for article_id, (earliest, latest) in OLD_INTERVALS.items():
        time = EventTime(earliest, latest, False, Anchor.TIMEX, Relation.DURING, 0.9)
        assert stored[article_id] == str(time.when_relative(PUBLISHED)), article_id
    assert stored == {
        "last-week": "past",
        "today": "present",
        "this-month": "present",
        "january": "future",
    }
    multi = dict(wh.query("SELECT article_id, multi_day FROM events").rows())
    assert multi == {"last-week": True, "today": False, "this-month": True, "january": True}


def test_migrated_warehouse_takes_mention_rows_beside_its_old_ones(tmp_path) -> None:
    path = tmp_path / "old.duckdb"
    _version_6_file(path)
    wh = Warehouse(path)
    result, events = _load(wh, _seed_articles())
    assert result.articles_new == 1 and result.events == events.height > 20
    counts = dict(wh.query("SELECT article_id, count(*) FROM timeline GROUP BY 1").rows())
    assert counts == {**dict.fromkeys(OLD_INTERVALS, 1), "seed": events.height}


def test_timeline_view_keeps_its_columns_in_order_and_gains_the_mention_columns(tmp_path):
    wh = Warehouse(tmp_path / "w.duckdb")
    _load(wh, _seed_articles())
    for view in ("timeline", "timeline_unordered"):
        columns = wh.query(f"SELECT * FROM {view} LIMIT 0").columns
        assert columns == V6_TIMELINE_COLUMNS + MENTION_COLUMNS, view
    table = wh.query("SELECT * FROM events LIMIT 0").columns
    assert table == list(EVENT_COLUMNS)


def test_reloading_mentions_adds_nothing_and_a_changed_article_replaces_them(tmp_path):
    wh = Warehouse(tmp_path / "w.duckdb")
    _, first = _load(wh, _seed_articles())
    stored = wh.query("SELECT * FROM events ORDER BY event_index")
    assert stored.height == first.height
    assert stored.equals(first.select(stored.columns))

    again, _ = _load(wh, _seed_articles())
    assert again.articles_unchanged == 1 and again.events == 0
    assert wh.query("SELECT * FROM events ORDER BY event_index").equals(stored)

    changed, events = _load(wh, _seed_articles(" The talks collapsed on Friday."))
    assert changed.articles_changed == 1 and changed.events == events.height
    assert events.height > stored.height
    assert wh.query("SELECT count(*) FROM events").item() == events.height
    assert "collapsed" in wh.query("SELECT list(trigger) FROM events").item().to_list()


def test_what_is_announced_for_later_is_one_where_clause(tmp_path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    _load(wh, _seed_articles())
    later = wh.query("SELECT * FROM timeline WHERE when_relative = 'future'")
    assert "take office" in " ".join(later.get_column("event").to_list())
    for row in later.iter_rows(named=True):
        assert row["earliest"] >= row["published"]
        assert row["latest"] is None or row["latest"] > row["published"] + timedelta(days=1)
    kinds = set(wh.query("SELECT DISTINCT when_relative FROM timeline").to_series().to_list())
    assert kinds <= {"past", "present", "future"} and {"past", "future"} <= kinds


def test_trigger_offsets_point_at_the_trigger_in_the_document_text(tmp_path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    _load(wh, _seed_articles())
    rows = wh.query(
        "SELECT a.title || chr(10) || chr(10) || a.text AS doc, e.trigger_start, e.trigger_end,"
        " e.trigger FROM events AS e JOIN articles AS a ON a.id = e.article_id"
        " WHERE e.trigger IS NOT NULL"
    )
    assert rows.height > 20
    for row in rows.iter_rows(named=True):
        assert row["doc"][row["trigger_start"] : row["trigger_end"]] == row["trigger"]


def test_open_sided_events_load_and_bad_trigger_offsets_are_rejected(tmp_path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    events = pl.concat(
        [
            data.events(["a"]).with_columns(
                earliest=pl.lit(None, pl.Date), latest=pl.lit(date(2024, 11, 1))
            ),
            data.events(["a"]).with_columns(
                event_index=pl.lit(1, pl.Int32), trigger_start=pl.lit(30, pl.Int32)
            ),
            data.events(["a"]).with_columns(
                event_index=pl.lit(2, pl.Int32), when_relative=pl.lit("someday")
            ),
        ]
    )
    result = wh.load_batch(wh.start_run(), data.articles(["a"]), data.timexes(["a"]), events)
    assert result.events == 1 and result.rejects == 2
    row = wh.query("SELECT earliest, latest, width_days FROM timeline").row(0)
    assert row == (None, date(2024, 11, 1), None)
    reasons = wh.query("SELECT reason FROM rejects ORDER BY location").to_series().to_list()
    assert reasons == [
        "trigger_start is after trigger_end",
        "when_relative is not one of past, present, future",
    ]


@pytest.mark.parametrize(
    ("earliest", "latest", "expected"),
    [
        (None, PUBLISHED, "past"),
        (None, PUBLISHED + timedelta(days=1), "past"),
        (PUBLISHED - timedelta(days=3), PUBLISHED + timedelta(days=1), "past"),
        (PUBLISHED, PUBLISHED + timedelta(days=1), "present"),
        (PUBLISHED - timedelta(days=3), PUBLISHED + timedelta(days=3), "present"),
        (None, PUBLISHED + timedelta(days=5), "present"),
        (PUBLISHED - timedelta(days=1), None, "present"),
        (PUBLISHED + timedelta(days=1), None, "future"),
        (PUBLISHED, None, "future"),
        (PUBLISHED, PUBLISHED + timedelta(days=7), "future"),
        (None, None, "present"),
    ],
)
def test_when_relative_is_present_only_for_the_publication_day_or_what_spans_it(
    earliest: date | None, latest: date | None, expected: str
) -> None:
    time = EventTime(earliest, latest, False, Anchor.TENSE, Relation.BEFORE, 0.5)
    assert str(time.when_relative(PUBLISHED)) == expected


def test_exported_timeline_parquet_carries_the_mention_columns(tmp_path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    _, events = _load(wh, _seed_articles())
    written = wh.export_parquet(tmp_path / "snapshot")
    timeline = pl.read_parquet(
        tmp_path / "snapshot" / "timeline" / "**" / "*.parquet", hive_partitioning=True
    )
    assert written["timeline"]["rows"] == timeline.height == events.height
    assert timeline.columns[: len(V6_TIMELINE_COLUMNS)] == V6_TIMELINE_COLUMNS
    assert set(MENTION_COLUMNS) <= set(timeline.columns)
    assert "take" in timeline.filter(pl.col("when_relative") == "future")["trigger"].to_list()

"""Schema versioning: fresh files get the newest schema, old files are upgraded in place."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pytest

from warehouse import Warehouse, WarehouseError, migrations
from warehouse.connection import connect

TIMELINE_COLUMNS = [
    "article_id",
    "published",
    "source",
    "title",
    "url",
    "event",
    "sentence",
    "timex_text",
    "value",
    "mod",
    "earliest",
    "latest",
    "granularity",
    "confidence",
]


def _version_1_file(path) -> None:
    """A warehouse as version 1 of the code wrote it, with one article, timex and event."""
    with connect(path, read_only=False, lock_timeout=5) as con:
        assert migrations.migrate(con, target=1) == [1]
        now = datetime(2024, 12, 1, tzinfo=UTC)
        con.execute(
            "INSERT INTO articles VALUES ('a1', 'bbc', 'u', DATE '2024-11-29', 't', 'text', 'en',"
            " 'h', $now, $now, 'r1')",
            {"now": now},
        )
        con.execute(
            "INSERT INTO timexes VALUES ('a1', 0, 0, 9, 'last week', 'DATE', '2024-W47', NULL,"
            " DATE '2024-11-18', DATE '2024-11-25', 'week', 'published', 'last_week')"
        )
        con.execute(
            "INSERT INTO events VALUES ('a1', 0, 0, 'It happened last week.', 'it happened', 0,"
            " 'last week', '2024-W47', NULL, DATE '2024-11-18', DATE '2024-11-25', 'week',"
            " 'during', 0.9)"
        )
        con.execute("INSERT INTO runs VALUES ('r1', $now, $now, 'completed', '{}')", {"now": now})


def test_new_warehouse_is_created_at_the_latest_version(tmp_path):
    wh = Warehouse(tmp_path / "w.duckdb")
    assert wh.schema_version() == 0
    assert wh.migrate() == list(range(1, migrations.latest_version() + 1))
    assert wh.schema_version() == migrations.latest_version() >= 3
    assert wh.migrate() == []


def test_version_1_file_is_upgraded_in_place_and_keeps_its_rows(tmp_path):
    path = tmp_path / "old.duckdb"
    _version_1_file(path)
    wh = Warehouse(path)
    assert wh.schema_version() == 1
    with pytest.raises(WarehouseError, match="daily does not exist"):
        wh.query("SELECT * FROM daily")

    assert wh.migrate() == list(range(2, migrations.latest_version() + 1))

    assert wh.schema_version() == migrations.latest_version()
    assert wh.query("SELECT id FROM articles").to_series().to_list() == ["a1"]
    assert wh.query("SELECT count(*) FROM timexes").item() == 1
    run = wh.query("SELECT * FROM runs").row(0, named=True)
    assert run["run_id"] == "r1" and run["articles_new"] == 0 and run["flow_run_id"] is None
    timeline = wh.query("SELECT * FROM timeline")
    assert timeline.columns[: len(TIMELINE_COLUMNS)] == TIMELINE_COLUMNS
    assert timeline.item(0, "event") == "it happened"
    assert wh.query("SELECT day, source, events FROM daily").rows() == [
        (datetime(2024, 11, 18).date(), "bbc", 1)
    ]
    assert wh.get_source_state("feed") is None


def test_first_write_to_a_version_1_file_migrates_it(tmp_path):
    path = tmp_path / "old.duckdb"
    _version_1_file(path)
    wh = Warehouse(path)
    wh.start_run()
    assert wh.schema_version() == migrations.latest_version()
    assert wh.query("SELECT count(*) FROM runs").item() == 2


def test_file_from_newer_code_is_refused_not_downgraded(tmp_path):
    path = tmp_path / "future.duckdb"
    Warehouse(path).migrate()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_version (version, name) VALUES (999, '999_future.sql')")
    con.close()
    with pytest.raises(WarehouseError, match="newer than this code"):
        Warehouse(path).start_run()


def test_version_4_drops_the_article_key_index_but_keeps_rows_and_not_null_checks(tmp_path):
    path = tmp_path / "old.duckdb"
    _version_1_file(path)
    with connect(path, read_only=False, lock_timeout=5) as con:
        migrations.migrate(con, target=3)
        before = con.sql("SELECT * FROM articles").fetchall()
        assert con.sql(
            "SELECT count(*) FROM duckdb_constraints() "
            "WHERE table_name = 'articles' AND constraint_type = 'PRIMARY KEY'"
        ).fetchall() == [(1,)]

    assert Warehouse(path).migrate() == list(range(4, migrations.latest_version() + 1))

    with connect(path, read_only=False, lock_timeout=5) as con:
        assert con.sql("SELECT * FROM articles").fetchall() == before
        kinds = con.sql(
            "SELECT constraint_type, list(c ORDER BY c) FROM ("
            "SELECT constraint_type, constraint_column_names[1] AS c FROM duckdb_constraints() "
            "WHERE table_name = 'articles') GROUP BY 1"
        ).fetchall()
        assert kinds == [
            (
                "NOT NULL",
                ["content_hash", "first_seen", "id", "last_seen", "published", "source", "text"],
            )
        ]
        with pytest.raises(duckdb.ConstraintException):
            con.execute("INSERT INTO articles (id) VALUES (NULL)")
    assert Warehouse(path).query("SELECT count(*) FROM timeline").item() == 1


def test_timeline_unordered_has_the_timeline_rows_and_daily_counts_them(tmp_path):
    from tests import warehouse_data as data

    wh = Warehouse(tmp_path / "w.duckdb")
    run_id = wh.start_run()
    ids = ["c", "a", "b"]
    wh.load_batch(run_id, data.articles(ids), data.timexes(ids, 3), data.events(ids, per_article=3))
    ordered = wh.query("SELECT * FROM timeline")
    assert ordered.height == 9
    assert ordered.equals(ordered.sort("earliest", "published", "article_id", "event_index"))
    unordered = wh.query("SELECT * FROM timeline_unordered")
    assert unordered.columns == ordered.columns
    assert unordered.sort(ordered.columns).equals(ordered.sort(ordered.columns))
    assert wh.query("SELECT sum(events) FROM daily").item() == 9

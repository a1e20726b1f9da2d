"""`when_relative` (past / present / future against the publication day) as properties over open
and closed intervals, and the same answer from schema v8's SQL for rows a version 7 warehouse
stored under the old rule."""

from __future__ import annotations

import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.events.timing import Anchor, EventTime, Relation, WhenRelative
from warehouse import Warehouse, migrations
from warehouse.connection import connect

PUBLISHED = date(2024, 11, 29)
DAY = timedelta(days=1)


Interval = tuple[date | None, date | None]
Bounds = tuple[bool, date | None, date | None]
"""(multi-day, begin_latest, end_earliest) of an `EventTime`."""


@st.composite
def intervals(draw) -> Interval:
    """A half-open day interval near `PUBLISHED`, either side possibly open, earliest < latest."""
    earliest = draw(st.none() | st.integers(-40, 40).map(lambda d: PUBLISHED + d * DAY))
    if earliest is None:
        latest = draw(st.none() | st.integers(-40, 41).map(lambda d: PUBLISHED + d * DAY))
    else:
        latest = draw(st.none() | st.integers(1, 60).map(lambda d: earliest + d * DAY))
    return earliest, latest


@st.composite
def event_times(draw) -> tuple[Interval, Bounds]:
    """An interval and, for a multi-day event, when it began at the latest and ended at the
    earliest, both inside the interval."""
    earliest, latest = draw(intervals())
    if not draw(st.booleans()):
        return (earliest, latest), (False, None, None)
    low = earliest or PUBLISHED - 60 * DAY
    high = latest or PUBLISHED + 60 * DAY
    days = st.integers(1, (high - low).days).map(lambda d: low + d * DAY)
    begin_latest = draw(st.none() | days)
    end_earliest = draw(st.none() | days.map(lambda d: d - DAY))
    return (earliest, latest), (True, begin_latest, end_earliest)


def _time(
    earliest: date | None, latest: date | None, bounds: Bounds = (False, None, None)
) -> EventTime:
    multi_day, begin_latest, end_earliest = bounds
    return EventTime(
        earliest,
        latest,
        multi_day,
        Anchor.TENSE,
        Relation.DURING,
        0.5,
        begin_latest=begin_latest,
        end_earliest=end_earliest,
    )


@given(intervals(), st.integers(-5000, 5000))
def test_when_relative_is_unchanged_when_interval_and_publication_shift_together(
    interval: tuple[date | None, date | None], shift: int
) -> None:
    earliest, latest = interval
    moved = _time(*(d + shift * DAY if d else None for d in (earliest, latest)))
    assert moved.when_relative(PUBLISHED + shift * DAY) == _time(*interval).when_relative(PUBLISHED)


@given(event_times())
def test_what_is_past_ends_by_publication_day_and_what_is_future_starts_on_it_or_later(
    event: tuple[Interval, Bounds],
) -> None:
    (earliest, latest), bounds = event
    relative = _time(earliest, latest, bounds).when_relative(PUBLISHED)
    if relative is WhenRelative.PAST:
        assert latest is not None and latest <= PUBLISHED + DAY
    if relative is WhenRelative.FUTURE:
        assert earliest is not None and earliest >= PUBLISHED
    if latest is not None and latest <= PUBLISHED:
        assert relative is WhenRelative.PAST
    if earliest is not None and earliest > PUBLISHED:
        assert relative is WhenRelative.FUTURE


def test_the_publication_day_itself_is_present() -> None:
    assert _time(PUBLISHED, PUBLISHED + DAY).when_relative(PUBLISHED) is WhenRelative.PRESENT


def test_a_state_going_on_at_publication_is_present_though_its_interval_ends_that_day() -> None:
    losing = _time(None, PUBLISHED + DAY, (True, PUBLISHED + DAY, PUBLISHED))
    assert losing.when_relative(PUBLISHED) is WhenRelative.PRESENT
    assert _time(None, PUBLISHED + DAY).when_relative(PUBLISHED) is WhenRelative.PAST


def _version_7_file(path: Path, rows: list[tuple[Interval, Bounds]]) -> None:
    """A version 7 warehouse with one article per interval and an event row for each, its
    `when_relative` written by version 7's rule (the publication day counted as present)."""
    with connect(path, read_only=False, lock_timeout=5) as con:
        assert migrations.migrate(con, target=7) == [1, 2, 3, 4, 5, 6, 7]
        now = datetime(2024, 12, 1, tzinfo=UTC)
        con.execute(
            "INSERT INTO runs (run_id, started_at, status) VALUES ('r1', $now, 'completed')",
            {"now": now},
        )
        for k, ((earliest, latest), (multi_day, begin_latest, end_earliest)) in enumerate(rows):
            con.execute(
                "INSERT INTO articles VALUES ($id, 'bbc', NULL, $published, 't', 'text', 'en',"
                " 'h', $now, $now, 'r1')",
                {"id": f"a{k}", "published": PUBLISHED, "now": now},
            )
            con.execute(
                "INSERT INTO events (article_id, event_index, earliest, latest, multi_day,"
                " begin_latest, end_earliest, when_relative)"
                " VALUES ($id, 0, $e, $l, $multi, $begin, $end, 'present')",
                {
                    "id": f"a{k}",
                    "e": earliest,
                    "l": latest,
                    "multi": multi_day,
                    "begin": begin_latest,
                    "end": end_earliest,
                },
            )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(event_times(), min_size=1, max_size=30))
def test_schema_8_recomputes_stored_when_relative_by_the_rule_of_event_time(
    rows: list[tuple[Interval, Bounds]],
) -> None:
    with tempfile.TemporaryDirectory() as place:
        path = Path(place) / "v7.duckdb"
        _version_7_file(path, rows)
        wh = Warehouse(path)
        assert wh.migrate() == [8]
        stored = dict(wh.query("SELECT article_id, when_relative FROM events").rows())
    for k, (interval, bounds) in enumerate(rows):
        expected = _time(*interval, bounds).when_relative(PUBLISHED)
        assert stored[f"a{k}"] == str(expected), (interval, bounds)

"""`transforms.charts.pick.representative`: a small chart of many events draws day- to
month-precise events spread over their whole span, not the most confident clock times."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from transforms.charts.pick import representative


def _events(rows: list[tuple[date, int, str, float]]) -> pl.DataFrame:
    """Events from (earliest, width in days, granularity, confidence)."""
    return pl.DataFrame(
        {
            "event": [f"e{i}" for i in range(len(rows))],
            "earliest": [r[0] for r in rows],
            "latest": [r[0] + timedelta(days=r[1]) for r in rows],
            "granularity": [r[2] for r in rows],
            "confidence": [r[3] for r in rows],
            "source": ["wire"] * len(rows),
        }
    )


def test_clock_times_of_one_month_give_way_to_day_level_events_across_the_years() -> None:
    clock = [(date(1997, 4, 1) + timedelta(days=i % 30), 1, "time", 0.95) for i in range(400)]
    days = [(date(1950 + i, 6, 1), 1, "day", 0.7) for i in range(48)]
    chosen = representative(_events(clock + days), 12)
    assert chosen.height == 12
    assert set(chosen.get_column("granularity")) == {"day"}
    years = chosen.get_column("earliest").dt.year()
    assert years.min() <= 1953 and years.max() >= 1994
    assert chosen.get_column("earliest").is_sorted()


def test_each_stretch_of_time_gives_its_most_confident_event() -> None:
    rows = [(date(2024, 1, 1) + timedelta(days=i), 1, "day", 0.5) for i in range(20)]
    rows[3] = (rows[3][0], 1, "day", 0.9)
    rows[17] = (rows[17][0], 1, "day", 0.8)
    chosen = representative(_events(rows), 2)
    assert chosen.get_column("earliest").to_list() == [date(2024, 1, 4), date(2024, 1, 18)]


def test_too_few_preferred_events_are_filled_with_others() -> None:
    rows = [(date(2024, 3, 5), 1, "day", 0.8), (date(2024, 3, 1), 31, "month", 0.7)]
    rows += [(date(2000 + i, 1, 1), 366, "year", 0.6) for i in range(10)]
    rows += [(date(2024, 3, 5), 1, "time", 0.95)] * 5
    chosen = representative(_events(rows), 6)
    granularities = chosen.get_column("granularity").to_list()
    assert chosen.height == 6 and granularities.count("day") == 1
    assert granularities.count("month") == 1


def test_fewer_events_than_the_limit_are_all_drawn() -> None:
    rows = [(date(2024, 3, 5), 1, "time", 0.95), (date(2023, 1, 1), 365, "year", 0.6)]
    assert representative(_events(rows), 40).height == 2


def _mentions(rows: list[tuple[str, str, date, int, str | None, str]]) -> pl.DataFrame:
    """Event mentions from (article, sentence, earliest, width in days, granularity, anchor)."""
    return pl.DataFrame(
        {
            "event": [f"m{i}" for i in range(len(rows))],
            "article_id": [r[0] for r in rows],
            "sentence": [r[1] for r in rows],
            "earliest": [r[2] for r in rows],
            "latest": [r[2] + timedelta(days=r[3]) for r in rows],
            "granularity": [r[4] for r in rows],
            "anchor": [r[5] for r in rows],
            "confidence": [0.2 if r[5] == "publication" else 0.8 for r in rows],
        },
        schema_overrides={"granularity": pl.String},
    )


def test_mentions_placed_only_on_the_publication_day_come_after_dated_ones() -> None:
    published = [("a", f"s{i}", date(2024, 5, 1), 1, None, "publication") for i in range(30)]
    dated = [("b", f"t{i}", date(2020 + i, 3, 1), 1, "day", "timex") for i in range(3)]
    story = [("c", "u", date(2023, 7, 1), 7, None, "story")]
    chosen = representative(_mentions(published + dated + story), 5)
    assert chosen.get_column("anchor").to_list().count("publication") == 1
    assert set(chosen.get_column("article_id")) == {"a", "b", "c"}


def test_mentions_of_one_clause_with_one_interval_are_drawn_once() -> None:
    rows = [("a", "Talks resumed.", date(2024, 3, 5), 1, "day", "timex")] * 3
    rows += [("a", "Talks ended.", date(2024, 3, 9), 1, "day", "timex")]
    chosen = representative(_mentions(rows), 10)
    assert chosen.get_column("sentence").to_list() == ["Talks resumed.", "Talks ended."]


def test_the_verb_of_a_clause_is_drawn_rather_than_its_subject_noun() -> None:
    rows = [
        ("a", "The summit opened in Brussels on Tuesday.", date(2024, 12, 10), 1, "day", "timex")
    ]
    mentions = _mentions(rows * 2).with_columns(
        pl.Series("event", ["The summit", "The summit opened in Brussels"]),
        pl.Series("tense", ["NONE", "PAST"]),
    )
    chosen = representative(mentions, 10)
    assert chosen.get_column("event").to_list() == ["The summit opened in Brussels"]


def test_intervals_over_a_year_wide_are_drawn_only_on_request() -> None:
    rows = [("a", "In the 1990s.", date(1990, 1, 1), 3653, "decade", "timex")]
    rows += [("a", "On Monday.", date(2024, 3, 4), 1, "day", "timex")]
    assert representative(_mentions(rows), 10).get_column("sentence").to_list() == ["On Monday."]
    wide = representative(_mentions(rows), 10, wide=True)
    assert wide.get_column("sentence").to_list() == ["In the 1990s.", "On Monday."]

"""Polars API: articles frame in, timexes and events frames out."""

from __future__ import annotations

from datetime import date

import polars as pl

from transforms.events.model import EVENT_COLUMNS
from transforms.frames import analyse, document_text, timexes_frame
from transforms.temporal.model import TIMEX_COLUMNS

ARTICLES = pl.DataFrame(
    {
        "id": ["a1", "a2", "a3"],
        "published": [date(2024, 11, 29), date(2024, 11, 29), None],
        "title": ["Johnson photographed in Ukraine in 2022", None, "x"],
        "text": ["Trump will take office in January.", "Nothing dated here.", "In 2020."],
    }
)


def test_timexes_frame_has_exactly_the_documented_columns() -> None:
    frame = timexes_frame(ARTICLES)
    assert frame.columns == list(TIMEX_COLUMNS)
    assert frame.schema["earliest"] == pl.Date and frame.schema["timex_index"] == pl.Int32


def test_offsets_point_into_title_plus_body_document_text() -> None:
    frame = timexes_frame(ARTICLES)
    row = ARTICLES.row(0, named=True)
    doc = document_text(row["title"], row["text"])
    for t in frame.filter(pl.col("article_id") == "a1").iter_rows(named=True):
        assert doc[t["start"] : t["end"]] == t["text"]
    assert frame.filter(pl.col("article_id") == "a1")["value"].to_list() == ["2022", "2025-01"]


def test_articles_without_publication_date_produce_no_rows() -> None:
    assert timexes_frame(ARTICLES).filter(pl.col("article_id") == "a3").is_empty()


def test_empty_batch_gives_empty_frames_with_schema() -> None:
    timexes, events = analyse(ARTICLES.clear())
    assert timexes.is_empty() and timexes.columns == list(TIMEX_COLUMNS)
    assert events.is_empty() and events.columns == list(EVENT_COLUMNS)


def test_analyse_returns_events_anchored_to_timexes() -> None:
    timexes, events = analyse(ARTICLES)
    assert events.columns == list(EVENT_COLUMNS)
    january = events.filter(pl.col("value") == "2025-01").row(0, named=True)
    assert (january["earliest"], january["latest"]) == (date(2025, 1, 1), date(2025, 2, 1))


def test_a_modifier_first_seen_after_the_hundredth_timex_does_not_break_the_batch() -> None:
    n = 120
    articles = pl.DataFrame(
        {
            "id": [f"a{i}" for i in range(n)],
            "published": [date(2024, 11, 29)] * n,
            "text": ["It happened on Monday."] * (n - 1) + ["It rose at the start of 2024."],
        }
    )
    frame = timexes_frame(articles)
    assert frame.height == n
    assert frame.get_column("mod").to_list()[-1] == "START"

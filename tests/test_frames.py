"""Polars API: articles frame in, timexes and events frames out."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from transforms.events.model import EVENT_COLUMNS
from transforms.frames import (
    DEFAULT_MAX_TAGGED_CHARS,
    MAX_TAGGED_CHARS_ENV,
    analyse,
    document_text,
    max_tagged_chars,
    over_long,
    tagged_part,
    timexes_frame,
)
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


def _long_article(tail: str, limit: int) -> pl.DataFrame:
    """One article: a dated sentence, filler words up to past `limit`, then `tail`."""
    head = "Trump will take office in January. "
    filler = "Nothing happened here. " * (limit // 23 + 1)
    return pl.DataFrame(
        {"id": ["long"], "published": [date(2024, 11, 29)], "text": [head + filler + tail]}
    )


def test_an_over_long_article_is_tagged_in_its_first_max_chars_only() -> None:
    articles = _long_article("The deal was signed in 2019.", limit=5_000)
    timexes, events = analyse(articles, max_chars=5_000)
    assert timexes.get_column("text").to_list() == ["January"]
    assert events.get_column("timex_text").drop_nulls().unique().to_list() == ["January"]
    assert events.get_column("trigger_end").max() <= 5_000
    untruncated, _ = analyse(articles, max_chars=1_000_000)
    assert untruncated.get_column("text").to_list() == ["January", "2019"]


def test_the_tagging_cap_cuts_at_white_space_not_inside_a_word() -> None:
    assert tagged_part("one two three", 9) == "one two"
    assert tagged_part("short", 9) == "short"


def test_over_long_names_the_articles_past_the_cap_with_their_length() -> None:
    articles = pl.concat([_long_article("", limit=5_000), ARTICLES.select(pl.exclude("title"))])
    found = over_long(articles, limit=5_000)
    assert found.get_column("id").to_list() == ["long"]
    assert found.get_column("chars").item() > 5_000


def test_the_cap_comes_from_the_environment_when_set(monkeypatch) -> None:
    monkeypatch.setenv(MAX_TAGGED_CHARS_ENV, "5000")
    assert max_tagged_chars() == 5_000
    timexes, _ = analyse(_long_article("The deal was signed in 2019.", limit=5_000))
    assert timexes.get_column("text").to_list() == ["January"]
    monkeypatch.delenv(MAX_TAGGED_CHARS_ENV)
    assert max_tagged_chars() == DEFAULT_MAX_TAGGED_CHARS


def test_a_malformed_cap_in_the_environment_is_a_one_line_error(monkeypatch) -> None:
    monkeypatch.setenv(MAX_TAGGED_CHARS_ENV, "2MB")
    with pytest.raises(ValueError, match=r"TIMELINE_MAX_TAGGED_CHARS='2MB' is not a positive"):
        max_tagged_chars()

"""Small, readable article/timex/event frames for the warehouse tests."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from transforms.events.model import ARTICLE_COLUMNS, EVENT_COLUMNS
from transforms.temporal.model import TIMEX_COLUMNS
from warehouse.frames import polars_schema

PUBLISHED = date(2024, 11, 29)


def articles(ids: list[str], version: int = 0, source: str = "bbc") -> pl.DataFrame:
    """One article per id; `version` changes the text (and so the content hash)."""
    return pl.DataFrame(
        {
            "id": ids,
            "published": [PUBLISHED] * len(ids),
            "source": [source] * len(ids),
            "url": [f"https://news.example/{i}" for i in ids],
            "title": [f"Title {i}" for i in ids],
            "text": [f"Text of {i}, version {version}: it happened last week." for i in ids],
            "language": ["en"] * len(ids),
        },
        schema=polars_schema(ARTICLE_COLUMNS),
    )


def timexes(ids: list[str], per_article: int = 2, version: int = 0) -> pl.DataFrame:
    """`per_article` timexes per article; `version` shows up in their text."""
    rows = []
    for article_id in ids:
        for k in range(per_article):
            earliest = PUBLISHED - timedelta(days=7 * (k + 1))
            rows.append(
                {
                    "article_id": article_id,
                    "timex_index": k,
                    "start": 10 * k,
                    "end": 10 * k + 9,
                    "text": f"last week v{version}",
                    "type": "DATE",
                    "value": earliest.strftime("%G-W%V"),
                    "mod": None,
                    "earliest": earliest,
                    "latest": earliest + timedelta(days=7),
                    "granularity": "week",
                    "anchor": "published",
                    "rule": "last_week",
                }
            )
    return pl.DataFrame(rows, schema=polars_schema(TIMEX_COLUMNS))


def events(ids: list[str], per_article: int = 1, version: int = 0) -> pl.DataFrame:
    """`per_article` events per article, each on its article's timex of the same index, with
    the trigger and TimeML attributes of an event mention ("attack")."""
    rows = []
    for article_id in ids:
        for k in range(per_article):
            earliest = PUBLISHED - timedelta(days=7 * (k + 1))
            rows.append(
                {
                    "article_id": article_id,
                    "event_index": k,
                    "sentence_index": k,
                    "sentence": f"The attack happened last week (v{version}).",
                    "what": f"attack v{version}",
                    "timex_index": k,
                    "timex_text": "last week",
                    "value": earliest.strftime("%G-W%V"),
                    "mod": None,
                    "earliest": earliest,
                    "latest": earliest + timedelta(days=7),
                    "granularity": "week",
                    "relation": "during",
                    "confidence": 0.8,
                    "trigger_start": 4,
                    "trigger_end": 10,
                    "trigger": "attack",
                    "event_class": "OCCURRENCE",
                    "tense": "NONE",
                    "aspect": "NONE",
                    "polarity": "POS",
                    "modality": None,
                    "multi_day": True,
                    "anchor": "timex",
                    "anchor_text": "last week",
                    "when_relative": "past",
                }
            )
    return pl.DataFrame(rows, schema=polars_schema(EVENT_COLUMNS))


def counts(wh) -> dict[str, int]:
    """Row counts of the data tables."""
    return {
        table: wh.query(f"SELECT count(*) AS n FROM {table}").item()
        for table in ("articles", "timexes", "events", "rejects")
    }

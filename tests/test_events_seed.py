"""Acceptance test: the seed article's gold events come out of the engine, `extract_events` and
the events frame the flow loads (one row per event mention).

The seed's document text (headline, blank line, body) is tagged by the real engine; its timexes
feed the event extractor, and every gold event must appear within a day on each bound.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from tests.conftest import SEED, SEED_GOLD
from transforms.events import extract_events
from transforms.events.model import Event
from transforms.frames import document_text
from transforms.temporal import tag

GOLD = SEED_GOLD
TOLERANCE = timedelta(days=1)
KEY_WORDS = {
    "photographed in Ukraine in 2022": ("photographed in Ukraine",),
    "take office as US president in January": ("take office",),
    "less than a day after Sir Keir Starmer spoke": ("Starmer spoke",),
    "the second in less than two weeks": ("attack",),
}


def _gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_events() -> list[Event]:
    first, _, body = SEED.read_text(encoding="utf-8").partition("\n")
    _, published_text, title = first.split(maxsplit=2)
    text = document_text(title, body.strip())
    published = date.fromisoformat(published_text)
    return extract_events(text, published, tag(text, published))


def _matches(event: Event, gold_event: dict) -> bool:
    earliest, latest = (date.fromisoformat(bound) for bound in gold_event["interval"])
    return (
        gold_event["sentence_contains"] in event.sentence
        and abs(event.earliest - earliest) <= TOLERANCE
        and abs(event.latest - latest) <= TOLERANCE
        and all(word in event.what for word in KEY_WORDS[gold_event["sentence_contains"]])
    )


@pytest.mark.parametrize("gold_event", _gold()["events"], ids=lambda e: e["what"])
def test_seed_gold_event_is_extracted_with_its_interval(
    seed_events: list[Event], gold_event: dict
) -> None:
    assert any(_matches(event, gold_event) for event in seed_events), [
        (e.what, e.earliest, e.latest) for e in seed_events
    ]


def test_seed_durations_without_anchor_and_sets_make_no_event(seed_events: list[Event]) -> None:
    texts = {event.timex_text for event in seed_events}
    assert "80 years" not in texts
    assert "a year" not in texts


def test_seed_before_winter_bounds_event_from_publication_to_winter(
    seed_events: list[Event],
) -> None:
    before = [e for e in seed_events if "electricity production" in e.sentence]
    assert [(e.relation, e.earliest, e.latest) for e in before if e.timex_text == "winter"] == [
        ("before", date(2024, 11, 29), date(2024, 12, 1))
    ]


def test_seed_events_are_in_text_order_and_numbered(seed_events: list[Event]) -> None:
    assert [e.event_index for e in seed_events] == list(range(len(seed_events)))
    assert [e.sentence_index for e in seed_events] == sorted(e.sentence_index for e in seed_events)


@pytest.fixture(scope="module")
def seed_frame():
    import polars as pl

    from transforms.frames import analyse

    first, _, body = SEED.read_text(encoding="utf-8").partition("\n")
    _, published_text, title = first.split(maxsplit=2)
    articles = pl.DataFrame(
        {
            "id": ["seed"],
            "published": [date.fromisoformat(published_text)],
            "title": [title],
            "text": [body.strip()],
        }
    )
    text = document_text(title, body.strip())
    return text, analyse(articles)[1]


@pytest.mark.parametrize("gold_event", _gold()["events"], ids=lambda e: e["what"])
def test_seed_gold_event_is_a_row_of_the_events_frame(seed_frame, gold_event: dict) -> None:
    _, frame = seed_frame
    earliest, latest = (date.fromisoformat(bound) for bound in gold_event["interval"])
    rows = [
        row
        for row in frame.iter_rows(named=True)
        if gold_event["sentence_contains"] in row["sentence"]
        and row["earliest"] is not None
        and row["latest"] is not None
        and abs(row["earliest"] - earliest) <= TOLERANCE
        and abs(row["latest"] - latest) <= TOLERANCE
        and all(word in row["what"] for word in KEY_WORDS[gold_event["sentence_contains"]])
    ]
    assert rows, frame.select("trigger", "what", "earliest", "latest").rows()


def test_seed_event_rows_point_at_their_triggers_in_the_document_text(seed_frame) -> None:
    text, frame = seed_frame
    mentions = frame.filter(frame["trigger"].is_not_null())
    assert mentions.height > 20
    for row in mentions.iter_rows(named=True):
        assert text[row["trigger_start"] : row["trigger_end"]] == row["trigger"]
        assert row["trigger"] in row["sentence"]
    triggers = set(mentions["trigger"].to_list())
    assert {"photographed", "take", "attack"} <= triggers
    assert frame["event_index"].to_list() == list(range(frame.height))

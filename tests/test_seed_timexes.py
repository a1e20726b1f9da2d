"""Acceptance: the seed article yields every gold temporal expression with type, value, mod and
interval, read from ../shared/seeds/*.gold.json."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.conftest import SEED, SEED_GOLD
from transforms.frames import document_text
from transforms.temporal import tag


def _seed_document() -> tuple[str, date]:
    first, _, body = SEED.read_text(encoding="utf-8").partition("\n")
    _, published, title = first.split(maxsplit=2)
    return document_text(title, body.strip()), date.fromisoformat(published)


def _gold_timexes() -> list[dict]:
    return json.loads(SEED_GOLD.read_text(encoding="utf-8"))["timexes"]


@pytest.mark.parametrize("gold", _gold_timexes(), ids=lambda g: f"{g['text']}:{g['value']}")
def test_seed_expression_is_found_with_gold_value_mod_and_interval(shared, gold: dict) -> None:
    text, published = _seed_document()
    sentence_at = text.index(gold["sentence_contains"])
    sentence_end = sentence_at + len(gold["sentence_contains"])
    found = [t for t in tag(text, published) if sentence_at <= t.start and t.end <= sentence_end]
    match = [t for t in found if t.text == gold["text"]]
    assert match, f"{gold['text']!r} not found in {gold['sentence_contains']!r}: {found}"
    timex = match[0]
    assert (timex.type, timex.value, timex.mod) == (gold["type"], gold["value"], gold["mod"])
    interval = [timex.earliest.isoformat(), timex.latest.isoformat()] if timex.earliest else None
    assert interval == gold["interval"]


def test_seed_has_no_expressions_beyond_the_gold_ones(shared) -> None:
    text, published = _seed_document()
    assert sorted(t.text for t in tag(text, published)) == sorted(
        g["text"] for g in _gold_timexes()
    )

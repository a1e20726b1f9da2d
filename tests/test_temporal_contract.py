"""The interpret -> resolve contract is typed: every field the resolver branches on holds a member
of its enum, for every rule's meaning and every resolved value, and every rule is built from the
one vocabulary (no inline lists of direction, unit or part-of-day words)."""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from pathlib import Path

import pytest

from transforms.temporal import tag, vocab
from transforms.temporal.meaning import (
    Direction,
    Kind,
    Meaning,
    PartOfDay,
    Reference,
    Season,
    Unit,
)
from transforms.temporal.model import RESOLVED_FIELDS, Anchor, Granularity, Mod, Timex, TimexType
from transforms.temporal.patterns import RULES, Rule, compile_rule
from transforms.temporal.recognise import candidates

MEANING_ENUMS: dict[str, type[StrEnum]] = {
    "type": TimexType,
    "kind": Kind,
    "reference": Reference,
    "direction": Direction,
    "anchored": Direction,
    "mod": Mod,
    "unit": Unit,
    "part_of_day": PartOfDay,
    "season": Season,
}
RESOLVED_ENUMS: dict[str, type[StrEnum]] = {
    "type": TimexType,
    "mod": Mod,
    "granularity": Granularity,
    "anchor": Anchor,
}
PHRASE_TEXTS = [
    line.split("\t")[0].replace("[", "").replace("]", "")
    for path in sorted((Path(__file__).parent / "phrases").glob("*.tsv"))
    for line in path.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]


def _off_contract(record: object, enums: dict[str, type[StrEnum]]) -> dict[str, object]:
    """The fields of `record` whose value is set but not a member of the field's enum."""
    return {
        name: getattr(record, name)
        for name, enum in enums.items()
        if getattr(record, name) is not None and not isinstance(getattr(record, name), enum)
    }


VETOES = [r for r in RULES if r.interpreter == "remove"]
RULES_WITH_MEANING = [r for r in RULES if r.interpreter != "remove"]


@pytest.mark.parametrize("rule", RULES_WITH_MEANING, ids=[r.name for r in RULES_WITH_MEANING])
def test_every_rule_meaning_uses_only_enum_values(rule: Rule) -> None:
    meanings: list[Meaning] = [c.meaning for c in candidates(rule.example)]
    assert meanings, rule.example
    for meaning in meanings:
        assert not _off_contract(meaning, MEANING_ENUMS), (rule.name, meaning)


def test_phrase_corpus_meanings_and_values_use_only_enum_values() -> None:
    for text in PHRASE_TEXTS:
        for cand in candidates(text):
            assert not _off_contract(cand.meaning, MEANING_ENUMS), (text, cand.rule.name)
        for timex in tag(text, date(2020, 6, 15)):
            assert not _off_contract(timex, RESOLVED_ENUMS), (text, timex)


def test_timex_is_a_resolved_value_with_a_place_in_the_text() -> None:
    [timex] = tag("It rained last Tuesday.", date(2024, 5, 10))
    assert set(RESOLVED_FIELDS) < {f for f in Timex.__dataclass_fields__}
    assert (timex.text, timex.value, timex.anchor) == ("last Tuesday", "2024-05-07", "published")


INLINE_WORD_LISTS = {
    "direction words": re.compile(r"\(\?P<\w+>(?=[^()]*\|)[^()]*\b(?:next|previous|coming)\b"),
    "unit words": re.compile(r"\(\?P<\w+>(?=[^()]*\|)[^()]*\b(?:day|week|month)s?\b"),
    "part-of-day words": re.compile(r"\(\?P<\w+>(?=[^()]*\|)[^()]*\b(?:morning|night)s?\b"),
}


@pytest.mark.parametrize("what", INLINE_WORD_LISTS)
def test_rules_use_the_shared_vocabulary_placeholders(what: str) -> None:
    inline = [r.name for r in RULES if INLINE_WORD_LISTS[what].search(r.pattern)]
    assert not inline, f"rules listing {what} inline instead of using a placeholder: {inline}"


def test_every_direction_word_has_an_offset() -> None:
    assert set(vocab.DIRECTION_WORDS) <= set(vocab.RELATIVE_WORDS) | {"this past", "this coming"}


@pytest.mark.parametrize("rule", VETOES, ids=[r.name for r in VETOES])
def test_veto_rules_leave_no_expression_inside_their_match(rule: Rule) -> None:
    match = compile_rule(rule).search(rule.example)
    assert match is not None, rule.name
    timexes = tag(rule.example, date(2020, 6, 15))
    inside = [t.text for t in timexes if match.start() <= t.start and t.end <= match.end()]
    assert inside == [], (rule.name, inside)


def test_veto_rules_come_before_every_rule_they_veto() -> None:
    first_other = next(i for i, r in enumerate(RULES) if r.interpreter != "remove")
    assert all(i < first_other for i, r in enumerate(RULES) if r.interpreter == "remove")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prices rose as soon as trading opened.", []),
        ("They will decide as soon as possible.", ["FUTURE_REF"]),
        ("The fall of Saigon came quickly.", []),
        ("Sales slowed in the fall of 1987.", ["1987-FA"]),
        ("The year's best film won.", []),
        ("By the year's end it was over.", ["2020"]),
        ("A two-year-old colt won.", []),
        ("It took two years to build.", ["P2Y"]),
    ],
)
def test_vetoes_remove_only_the_company_they_name(text: str, expected: list[str]) -> None:
    assert [t.value for t in tag(text, date(2020, 6, 15))] == expected

"""How much to trust an event's interval: a documented product of table lookups, in [0, 1].

    confidence = base × MOD_FACTOR[mod] × RELATION_FACTOR[relation] × (FALLBACK_FACTOR if the
                 `what` came from a neighbouring clause else 1)

`base` is `REFERENCE_BASE[value]` for vague references ("now" → PRESENT_REF), otherwise
`GRANULARITY_BASE[granularity]`: a day is a sharper claim than a decade. Fuzzy mods and
one-sided or relative relations lower it. The result is rounded to three decimals.
"""

from __future__ import annotations

GRANULARITY_BASE: dict[str | None, float] = {
    "time": 0.95,  # "at 5 p.m. on Monday"
    "day": 0.9,  # "on Monday", "less than a day after"
    "week": 0.85,  # "last week", "less than two weeks"
    "month": 0.8,  # "in January"
    "quarter": 0.75,  # "in the third quarter"
    "season": 0.7,  # "before winter"
    "half": 0.7,  # "in the first half of 2025"
    "year": 0.7,  # "in 2022"
    "decade": 0.5,  # "in the 1990s"
    "century": 0.4,  # "in the 19th century"
    None: 0.6,  # unknown granularity
}

REFERENCE_BASE: dict[str, float] = {
    "PRESENT_REF": 0.3,  # "are now part of NATO": a state at publication, rarely an event
    "PAST_REF": 0.25,  # "in the past"
    "FUTURE_REF": 0.25,  # "in the future"
}

MOD_FACTOR: dict[str | None, float] = {
    None: 1.0,  # "in 2022"
    "START": 0.9,  # "early 2022"
    "MID": 0.9,  # "mid-2022"
    "END": 0.9,  # "late 2022"
    "APPROX": 0.8,  # "about two weeks"
    "LESS_THAN": 0.8,  # "less than a day"
    "EQUAL_OR_LESS": 0.8,  # "no more than a week"
    "MORE_THAN": 0.7,  # "more than a week": open-ended, bounded by convention
    "EQUAL_OR_MORE": 0.7,  # "at least a month"
    "BEFORE": 0.8,  # TIMEX3 mod "before" on a date
    "AFTER": 0.8,  # TIMEX3 mod "after" on a date
}

RELATION_FACTOR: dict[str, float] = {
    "during": 1.0,  # "photographed in Ukraine in 2022"
    "before": 0.8,  # "before winter": one side is a convention
    "after": 0.8,  # "since 2022"
    "within": 0.7,  # "less than a day after X", "the second in less than two weeks"
}

FALLBACK_FACTOR = 0.8
"""The `what` was taken from a neighbouring clause ("In 2022, Russia invaded …")."""


def confidence(
    value: str, granularity: str | None, mod: str | None, relation: str, fallback: bool
) -> float:
    """The confidence of an event, by the formula in this module's docstring."""
    base = REFERENCE_BASE.get(value, GRANULARITY_BASE.get(granularity, GRANULARITY_BASE[None]))
    score = base * MOD_FACTOR.get(mod, 0.8) * RELATION_FACTOR.get(relation, 0.7)
    if fallback:
        score *= FALLBACK_FACTOR
    return round(min(1.0, max(0.0, score)), 3)

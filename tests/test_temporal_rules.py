"""The rule table itself: every rule's example is recognised by that rule, within its triggers."""

from __future__ import annotations

import re

import pytest

from transforms.temporal.interpret import interpret
from transforms.temporal.patterns import RULES, Rule, compile_rule, trigger_words
from transforms.temporal.recognise import WINDOW_MARGIN, token_index


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_every_rule_example_matches_its_own_rule(rule: Rule) -> None:
    regex = compile_rule(rule)
    matches = [
        m for m in regex.finditer(rule.example) if interpret(rule.interpreter, m, rule.example)
    ]
    assert matches, f"rule {rule.name!r} does not recognise its example {rule.example!r}"


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_every_rule_example_contains_one_of_its_triggers(rule: Rule) -> None:
    match = compile_rule(rule).search(rule.example)
    assert match is not None
    words = set(token_index(match.group(0)))
    assert words & trigger_words(rule), f"rule {rule.name!r}: no trigger word in {match.group(0)!r}"


def test_rule_names_are_unique() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))


def test_examples_have_no_placeholder_left() -> None:
    assert not [r.name for r in RULES if re.search(r"\{[A-Z]", r.example)]


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_every_rule_example_fits_in_the_scan_window_of_one_trigger(rule: Rule) -> None:
    match = compile_rule(rule).search(rule.example)
    assert match is not None
    index = token_index(rule.example)
    inside = [
        p
        for word in trigger_words(rule) & index.keys()
        for p in index[word]
        if match.start() <= p < match.end()
    ]
    reach = min(max(p - match.start(), match.end() - p) for p in inside)
    assert reach <= WINDOW_MARGIN, f"rule {rule.name!r}: {match.group(0)!r} reaches {reach}"

"""Layer 1: find temporal expressions in text with the rule table; longest match wins.

Each rule's regex proposes spans, its interpreter keeps or drops them, the modifier tables
widen them ("less than" + "two weeks"), and a greedy pass keeps the longest non-overlapping
spans, preferring earlier rules on ties.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from transforms.temporal import vocab
from transforms.temporal.genre import is_informal
from transforms.temporal.interpret import interpret
from transforms.temporal.meaning import Kind, Meaning
from transforms.temporal.model import Mod, TimexType
from transforms.temporal.patterns import (
    GENRE_RULES,
    MESSAGE_ONLY_RULES,
    NEWS_VETOES,
    RULES,
    Rule,
    alternation,
    compile_rule,
    trigger_words,
)


@dataclass(slots=True)
class Candidate:
    """A recognised span with its rule and interpretation."""

    start: int
    end: int
    rule: Rule
    order: int
    meaning: Meaning
    opens_range: bool = False
    """This expression and the next one are the two ends of one range ("from March to June
    2023"): the resolver places them together and gives both the range's interval."""


_QUANTITY_MODS = re.compile(
    rf"(?<![\w-])(?P<mod>{alternation(vocab.MODIFIERS)})\s+$", re.IGNORECASE
)
_POSITION_MODS = re.compile(
    rf"(?<![\w-])(?:the\s+)?(?P<mod>{alternation(vocab.POSITION_MODIFIERS)})(?:\s+|-)$",
    re.IGNORECASE,
)
_APPROX_MODS = re.compile(
    r"(?<![\w-])(?P<mod>around|about|approximately|roughly|circa|some time around)\s+$",
    re.IGNORECASE,
)
_SUFFIX_MODS = re.compile(r"\s+or\s+(?P<suffix>so|more|less|longer|fewer)\b", re.IGNORECASE)
SUFFIX_MOD_VALUES = {"so": Mod.APPROX, "more": Mod.EQUAL_OR_MORE, "longer": Mod.EQUAL_OR_MORE,
                     "less": Mod.EQUAL_OR_LESS, "fewer": Mod.EQUAL_OR_LESS}  # fmt: skip
_LEFT_WINDOW = 32
_VAGUE_KINDS = frozenset({Kind.REFERENCE, Kind.NEWS_REFERENCE, Kind.STORY_REFERENCE})
"""Vague references take no position or approximation modifier ("around soon" is not one)."""


@cache
def compiled_rules() -> tuple[tuple[Rule, re.Pattern[str], frozenset[str]], ...]:
    """All rules with their compiled regexes and trigger words (built once per process)."""
    return tuple((rule, compile_rule(rule), trigger_words(rule)) for rule in RULES)


_TOKEN = re.compile(r"[a-z]+|\d+(?:[:/](?=\d))?")
WINDOW_MARGIN = 48
"""Characters scanned on each side of a trigger word; longer than any expression's reach (the
farthest a match reaches from its nearest trigger word is 33 characters over the silver news,
TimeBank, WikiWars and tweets texts: "the early morning hours of November 1, 1954"). 70 gave the
same output on all of them at a fifth more scanning."""


@cache
def _rules_by_triggers() -> dict[frozenset[str], tuple[int, ...]]:
    """The positions (in `compiled_rules`) of the rules of each set of trigger words."""
    out: dict[frozenset[str], list[int]] = {}
    for order, (_, _, triggers) in enumerate(compiled_rules()):
        out.setdefault(triggers, []).append(order)
    return {triggers: tuple(orders) for triggers, orders in out.items()}


@cache
def _shared_scans() -> tuple[int | None, ...]:
    """For each rule (by position in `compiled_rules`), the position of the first rule with the
    same regex and trigger words when several rules have them, else None: the "_start" and
    "_end" rules of a range read the same matches two ways, so the text is scanned once."""
    first: dict[tuple[str, int, frozenset[str]], int] = {}
    keys = []
    for order, (_, regex, triggers) in enumerate(compiled_rules()):
        key = (regex.pattern, regex.flags, triggers)
        first.setdefault(key, order)
        keys.append(key)
    counts = Counter(keys)
    return tuple(first[key] if counts[key] > 1 else None for key in keys)


@cache
def _trigger_vocabulary() -> frozenset[str]:
    """Every word that triggers some rule."""
    return frozenset().union(*(triggers for _, _, triggers in compiled_rules()))


def token_index(text: str) -> dict[str, list[int]]:
    """Start offsets of every lower-cased word that triggers some rule (the only words the scan
    asks for: filing the others cost a quarter of the index's time). Numbers are all filed
    under `#`; a number followed by ':' or '/' and a digit ("10:30", "9/11") also under `#:` or
    `#/`."""
    vocabulary = _trigger_vocabulary()
    index: dict[str, list[int]] = {}
    for m in _TOKEN.finditer(text.lower()):
        word = m.group()
        if word[0].isdigit():
            index.setdefault("#", []).append(m.start())
            if word[-1] in ":/":
                index.setdefault("#" + word[-1], []).append(m.start())
        elif word in vocabulary:
            index.setdefault(word, []).append(m.start())
    return index


def _windows(text: str, starts: list[int]) -> list[tuple[int, int]]:
    """Merged [lo, hi) windows around trigger offsets, each ending at a word boundary."""
    n = len(text)
    merged: list[list[int]] = []
    for pos in sorted(starts):
        lo, hi = max(0, pos - WINDOW_MARGIN), min(n, pos + WINDOW_MARGIN)
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    out = []
    for lo, hi in merged:
        while hi < n and text[hi].isalnum():
            hi += 1
        out.append((lo, hi))
    return out


def _widen(text: str, cand: Candidate) -> None:
    """Pull modifiers into the span: "less than two weeks", "early next year", "a week or so"."""
    meaning = cand.meaning
    left = text[max(0, cand.start - _LEFT_WINDOW) : cand.start]
    core = text[cand.start : cand.end].lower()
    if meaning.type == TimexType.DURATION or meaning.kind == Kind.OFFSET:
        match = _QUANTITY_MODS.search(left)
        if match and not (core.startswith("the ") and match.group("mod").lower() == "over"):
            if not (
                match.group("mod").lower() in ("over", "under", "some") and core.startswith("the")
            ):
                meaning.mod = vocab.MODIFIERS[re.sub(r"\s+", " ", match.group("mod").lower())]
                cand.start -= len(left) - match.start()
    elif meaning.type in (TimexType.DATE, TimexType.TIME) and meaning.kind not in _VAGUE_KINDS:
        match = _POSITION_MODS.search(left)
        approx = _APPROX_MODS.search(left)
        if approx and not meaning.mod:
            meaning.mod = Mod.APPROX
            cand.start -= len(left) - approx.start()
        elif match and not meaning.mod:
            word = re.sub(r"\s+", " ", match.group("mod").lower())
            meaning.mod = vocab.POSITION_MODIFIERS[word]
            cand.start -= len(left) - match.start()
    suffix = _SUFFIX_MODS.match(text, cand.end)
    if suffix and meaning.type == TimexType.DURATION:
        meaning.mod = meaning.mod or SUFFIX_MOD_VALUES[suffix.group("suffix").lower()]
        cand.end = suffix.end()


def _matches(regex: re.Pattern[str], text: str, windows: list[tuple[int, int]]):
    for lo, hi in windows:
        yield from regex.finditer(text, lo, hi)


def candidates(text: str) -> list[Candidate]:
    """Every interpretable match of every rule, widened by its modifiers (overlaps included),
    except those inside the match of a veto rule (interpreter `remove`).

    Rules sharing trigger words (all the month rules, say) share their scan windows. Only the
    rules whose trigger words the text has are visited (a third of them in news text), in rule
    order, since a veto holds for the rules after it."""
    found: list[Candidate] = []
    vetoes: list[tuple[int, int, str]] = []
    index = token_index(text)
    windows_of: dict[frozenset[str], list[tuple[int, int]]] = {}
    triggered: list[int] = []
    for triggers, orders in _rules_by_triggers().items():
        starts = [pos for word in triggers & index.keys() for pos in index[word]]
        if starts:
            windows_of[triggers] = _windows(text, starts)
            triggered += orders
    triggered.sort()
    rules = compiled_rules()
    shared = _shared_scans()
    scanned: dict[int, list[re.Match[str]]] = {}
    for order in triggered:
        rule, regex, triggers = rules[order]
        if rule.name in MESSAGE_ONLY_RULES and not is_informal(text):
            continue
        windows = windows_of[triggers]
        matches = _matches(regex, text, windows)
        scan = shared[order]
        if scan is not None:
            if scan not in scanned:
                scanned[scan] = list(matches)
            matches = scanned[scan]
        for match in matches:
            meaning = interpret(rule.interpreter, match, text)
            if meaning is None:
                continue
            start, end = meaning.span or (match.start(), match.end())
            if meaning.kind == Kind.REMOVE:
                vetoes.append((start, end, rule.name))
                continue
            if vetoes and any(
                lo <= start and end <= hi and not (rule.name in GENRE_RULES and veto in NEWS_VETOES)
                for lo, hi, veto in vetoes
            ):
                continue
            cand = Candidate(start, end, rule, order, meaning)
            _widen(text, cand)
            found.append(cand)
    return found


def recognise(text: str) -> list[Candidate]:
    """The longest non-overlapping candidates, in text order.

    The spans taken so far never overlap, so they are kept sorted by start and a candidate is
    checked against its two neighbours only (bisect), not against every span taken."""
    chosen: list[Candidate] = []
    starts: list[int] = []
    ends: list[int] = []
    for cand in sorted(candidates(text), key=lambda c: (c.start - c.end, c.order, c.start)):
        at = bisect.bisect_left(starts, cand.start)
        if at < len(starts) and starts[at] < cand.end:
            continue
        if at > 0 and ends[at - 1] > cand.start:
            continue
        chosen.append(cand)
        starts.insert(at, cand.start)
        ends.insert(at, cand.end)
    chosen.sort(key=lambda c: c.start)
    link_ranges(text, chosen)
    return chosen


_RANGE_LINK = re.compile(r"\s*(?:[-–—]|to|until|till|through|thru|(?P<and>and))\s*", re.IGNORECASE)
"""What stands between the two ends of a range: "Tuesday - Friday", "March to June"."""
_BETWEEN = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_RANGE_KINDS = frozenset({Kind.CALENDAR, Kind.SEASON, Kind.HOLIDAY, Kind.DAY_OFFSET})


def _range_class(cand: Candidate) -> str | None:
    """What kind of calendar point an expression names, for pairing the ends of a range; None
    if it cannot end one (a length, a vague reference, "early 2020")."""
    m = cand.meaning
    if m.type not in (TimexType.DATE, TimexType.TIME) or m.kind not in _RANGE_KINDS or m.mod:
        return None
    if m.hour is not None or m.part_of_day is not None:
        return "time"
    if m.day is not None or m.weekday is not None or m.kind == Kind.DAY_OFFSET:
        return "day"
    if m.month is not None:
        return "month"
    if m.season is not None:
        return "season"
    if m.year is not None and m.kind == Kind.CALENDAR and m.quarter is None and m.half is None:
        return "year"
    return None


def link_ranges(text: str, chosen: list[Candidate]) -> None:
    """Mark each expression followed by a range's other end ("5-12 September", "from March to
    June 2023", "between 2019 and 2021"; "and" only after "between")."""
    for first, last in zip(chosen, chosen[1:], strict=False):
        link = _RANGE_LINK.fullmatch(text, first.end, last.start)
        if link is None or _range_class(first) is None:
            continue
        if _range_class(first) != _range_class(last):
            continue
        if link.group("and") and not _BETWEEN.search(text, max(0, first.start - 9), first.start):
            continue
        if first.opens_range:
            continue
        first.opens_range = True

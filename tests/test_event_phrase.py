"""The `event` phrase of a mention: a table of (text, trigger, expected headline) and
properties that hold on any text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.events.mentions import Mention, find_mentions
from transforms.events.phrase import _split, headline, window_split
from transforms.text.documents import document_tokens

TABLE = Path(__file__).parent / "headlines.tsv"


def _rows() -> list[tuple[str, int, int, str]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        marked, expected = line.split("\t")
        start = marked.index("[")
        end = marked.index("]") - 1
        rows.append((marked.replace("[", "").replace("]", ""), start, end, expected))
    return rows


ROWS = _rows()


def _mention(text: str, start: int, end: int) -> Mention:
    return Mention(start, end, text[start:end], "OCCURRENCE", "NONE", "NONE", "POS", "")


def test_the_table_has_at_least_25_phrases() -> None:
    assert len(ROWS) >= 25


@pytest.mark.parametrize(("text", "start", "end", "expected"), ROWS, ids=[r[3] for r in ROWS])
def test_headline_says_who_did_what_to_whom(text: str, start: int, end: int, expected: str):
    assert headline(text, _mention(text, start, end)) == expected


def test_reporting_verb_keeps_what_was_reported_not_just_the_speaker() -> None:
    text = "A UEFA spokesman said the final would be played in Paris."
    start = text.index("said")
    assert headline(text, _mention(text, start, start + 4)) != "A UEFA spokesman said"


def test_phrase_of_a_found_mention_contains_its_trigger_and_stays_in_its_sentence() -> None:
    text = "Markets rallied. The central bank cut interest rates on Friday."
    for m in find_mentions(text):
        phrase = headline(text, m)
        assert m.text in phrase
        assert ("Markets" in phrase) == (m.start < text.index("The"))


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=200), st.data())
def test_any_text_and_span_gives_a_stretch_of_the_text_around_the_trigger(text: str, data) -> None:
    if not text.strip():
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    phrase = headline(text, _mention(text, start, end))
    assert phrase in " ".join(text.split())
    core = text[start:end].strip().strip("\"'`“”‘’«»,;:").strip()
    if core and " " not in core and not any(c.isspace() for c in core):
        assert core in phrase


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            "Rebels attacked the town , said officials . The attack on U.S. forces "
            "who fled which at 0200 GMT Monday of and to plans 's \" \n".split(" ")
        ),
        min_size=1,
        max_size=40,
    )
)
def test_news_like_word_salad_gives_phrases_that_contain_the_trigger(words: list[str]) -> None:
    text = " ".join(words)
    for m in find_mentions(text):
        phrase = headline(text, m)
        assert m.text in phrase
        assert phrase in " ".join(text.split())


_PIECES = st.sampled_from(
    ["The", "army", "attacked", "U", ".", "S", "Mr", "said", " ", "  ", "\n", "\n\n", ",", "!",
     "?", "-", "'", "’s", "on", "Monday", "5", "it's", "“", "é"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30), st.integers(0, 200), st.integers(0, 200))
def test_window_split_reads_a_stretch_as_split_of_the_stretch_does(
    pieces: list[str], a: int, b: int
) -> None:
    text = "".join(pieces)
    low, high = sorted((min(a, len(text)), min(b, len(text))))
    tokens = document_tokens(text)
    split = window_split(text, tokens, [s for s, _ in tokens], low, high)
    if split is None:
        return
    shifted = tuple(
        ([(s - low, e - low) for s, e in spans], [s - low for s in starts], words, lows)
        for spans, starts, words, lows in split
    )
    assert shifted == _split(text[low:high])

"""Sentence splitting: abbreviations, quotes, decimals, initials, line breaks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from transforms.text import split_sentences
from transforms.text.abbreviations import ABBREVIATIONS


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_period_space_capital_ends_a_sentence() -> None:
    assert sentences("The war began. Talks failed.") == ["The war began.", "Talks failed."]


def test_question_and_exclamation_marks_end_sentences() -> None:
    assert sentences("Will it end? Nobody knows! Wait.") == [
        "Will it end?",
        "Nobody knows!",
        "Wait.",
    ]


@pytest.mark.parametrize("title", ["Mr.", "Mrs.", "Dr.", "St.", "Gen.", "Sen."])
def test_title_abbreviation_does_not_end_a_sentence(title: str) -> None:
    assert sentences(f"He met {title} Smith. She left.") == [f"He met {title} Smith.", "She left."]


def test_month_abbreviation_before_a_number_does_not_end_a_sentence() -> None:
    assert sentences("It began on Jan. 5. Then it stopped.") == [
        "It began on Jan. 5.",
        "Then it stopped.",
    ]


def test_dotted_acronym_before_a_name_does_not_end_a_sentence() -> None:
    assert sentences("U.S. President Biden spoke. It rained.") == [
        "U.S. President Biden spoke.",
        "It rained.",
    ]


def test_dotted_acronym_before_a_sentence_starter_ends_a_sentence() -> None:
    assert sentences("He lives in the U.S. The president is here.") == [
        "He lives in the U.S.",
        "The president is here.",
    ]


def test_decimal_point_does_not_end_a_sentence() -> None:
    assert sentences("Growth was 3.5 percent. Prices rose.") == [
        "Growth was 3.5 percent.",
        "Prices rose.",
    ]


def test_initials_do_not_end_a_sentence() -> None:
    assert sentences("J. K. Rowling wrote it. Fans cheered.") == [
        "J. K. Rowling wrote it.",
        "Fans cheered.",
    ]


def test_closing_quote_stays_with_its_sentence() -> None:
    assert sentences("He said: “It is over.” Then he left.") == [
        "He said: “It is over.”",
        "Then he left.",
    ]


def test_question_in_quotes_followed_by_lowercase_continues_the_sentence() -> None:
    assert sentences("“Why?” he asked. She shrugged.") == ["“Why?” he asked.", "She shrugged."]


def test_opening_quote_starts_the_next_sentence() -> None:
    assert sentences("He spoke. “We need help,” he said.") == [
        "He spoke.",
        "“We need help,” he said.",
    ]


def test_blank_line_always_ends_a_sentence_even_without_a_period() -> None:
    assert sentences("Boris Johnson in Ukraine in 2022\n\nHe said so.") == [
        "Boris Johnson in Ukraine in 2022",
        "He said so.",
    ]


def test_blank_line_ends_a_sentence_after_an_abbreviation() -> None:
    assert sentences("He met Mr.\n\nSmith left.") == ["He met Mr.", "Smith left."]


def test_line_break_before_a_capital_ends_a_sentence() -> None:
    assert sentences("Headline here\nBody starts.") == ["Headline here", "Body starts."]


def test_line_break_before_lowercase_is_a_soft_wrap() -> None:
    assert sentences("The talks\ncontinued today.") == ["The talks\ncontinued today."]


def test_spans_exclude_surrounding_white_space() -> None:
    text = "  One.   Two.  "
    assert split_sentences(text) == [(2, 6), (9, 13)]


def test_empty_and_blank_text_have_no_sentences() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t") == []


def test_every_abbreviation_entry_is_lowercase_with_a_known_kind() -> None:
    for abbreviation, (kind, example) in ABBREVIATIONS.items():
        assert abbreviation == abbreviation.lower()
        assert kind in ("title", "other")
        assert abbreviation in example.lower()


@given(st.text())
def test_spans_are_ordered_trimmed_and_cover_every_visible_character(text: str) -> None:
    spans = split_sentences(text)
    covered = set()
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        covered.update(range(start, end))
        previous_end = end
    assert all(index in covered for index, char in enumerate(text) if not char.isspace())


@given(
    st.lists(
        st.sampled_from(
            [
                "Mr.",
                "U.S.",
                "3.5",
                "“Hi.”",
                "Jan.",
                "A.",
                "ok",
                "\n",
                "\n\n",
                " ",
                "!",
                "?",
                "Then",
                "the",
            ]
        )
    )
)
def test_spans_cover_text_built_from_tricky_tokens(tokens: list[str]) -> None:
    text = " ".join(tokens)
    joined = "".join(text[start:end] for start, end in split_sentences(text))
    assert "".join(joined.split()) == "".join(text.split())

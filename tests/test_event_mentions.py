"""Event mentions: classes and attributes the shipped models give, span properties on any text,
and the `timeline events` command."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.events.mentions import (
    CLASSES,
    _auxiliary,
    find_mentions,
    mention_records,
    sentences,
    tokenize,
)


def _mention(text: str, word: str):
    start = text.index(word)
    found = [m for m in find_mentions(text) if m.start == start]
    assert found, f"no event found on {word!r} in {text!r}: {find_mentions(text)}"
    return found[0]


def test_said_is_a_reporting_event_in_the_past() -> None:
    m = _mention("A police spokesman said two men were arrested.", "said")
    assert (m.event_class, m.tense, m.polarity) == ("REPORTING", "PAST", "POS")


def test_attack_as_a_noun_is_an_occurrence() -> None:
    m = _mention("The attack on the power grid left thousands without heat.", "attack")
    assert m.event_class == "OCCURRENCE"
    assert m.tense == "NONE"


def test_would_consider_carries_the_modal_and_an_intensional_class() -> None:
    m = _mention("The minister said he would consider the proposal.", "consider")
    assert m.modality == "would"
    assert m.event_class in {"I_STATE", "I_ACTION"}


def test_negated_verb_has_negative_polarity() -> None:
    m = _mention("The company did not sell the factory last year.", "sell")
    assert m.polarity == "NEG"


def test_has_risen_is_present_perfective() -> None:
    m = _mention("Unemployment has risen sharply since March.", "risen")
    assert (m.tense, m.aspect) == ("PRESENT", "PERFECTIVE")


def test_began_is_aspectual() -> None:
    m = _mention("Negotiators began drafting a new treaty.", "began")
    assert m.event_class == "ASPECTUAL"


def test_saw_is_a_perception() -> None:
    m = _mention("Witnesses saw the plane crash into the river.", "saw")
    assert m.event_class == "PERCEPTION"


def test_expect_with_a_to_complement_is_an_intensional_state() -> None:
    m = _mention("Analysts expect prices to rise next year.", "expect")
    assert m.event_class == "I_STATE"
    assert _mention("Analysts expect prices to rise next year.", "rise").event_class == (
        "OCCURRENCE"
    )


def test_tried_with_a_to_complement_is_an_intensional_action() -> None:
    m = _mention("The union tried to block the merger.", "tried")
    assert m.event_class == "I_ACTION"


def test_ordered_is_an_intensional_action_and_the_investigation_an_occurrence() -> None:
    text = "The government ordered an investigation into the crash."
    assert _mention(text, "ordered").event_class == "I_ACTION"
    assert _mention(text, "investigation").event_class == "OCCURRENCE"


def test_holding_a_stake_and_remaining_high_are_states() -> None:
    text = "The government holds a majority stake in the airline."
    assert _mention(text, "holds").event_class == "STATE"
    assert _mention("Prices remained high.", "remained").event_class == "STATE"


def test_ended_is_aspectual_and_what_ended_an_occurrence() -> None:
    text = "The strike ended after two weeks."
    assert _mention(text, "ended").event_class == "ASPECTUAL"
    assert _mention(text, "strike").event_class == "OCCURRENCE"


def test_have_be_do_before_a_participle_are_auxiliaries_not_events() -> None:
    text = "Police said he had probably been killed, and the firm has since sold its stake."
    lows = [text[s:e].lower() for s, e in tokenize(text)]
    assert [w for i, w in enumerate(lows) if _auxiliary(lows, i)] == ["had", "been", "has"]
    words = {m.text for m in find_mentions(text)}
    assert {"killed", "sold"} <= words
    assert not words & {"had", "been", "has"}


def test_have_with_an_object_is_not_taken_for_an_auxiliary() -> None:
    lows = "the company had a net loss".split()
    assert not _auxiliary(lows, 2)


def test_have_to_and_going_to_before_a_verb_are_modals_not_events() -> None:
    text = "The company will have to pay, and it is going to appeal."
    lows = [text[s:e].lower() for s, e in tokenize(text)]
    assert [w for i, w in enumerate(lows) if _auxiliary(lows, i)] == ["have", "going"]
    words = {m.text for m in find_mentions(text)}
    assert "pay" in words
    assert not words & {"have", "going"}


def test_going_to_a_place_is_not_a_modal() -> None:
    lows = "before going to the council".split()
    assert not _auxiliary(lows, 1)


def test_blocked_with_an_event_object_is_an_intensional_action() -> None:
    assert _mention("The board blocked the merger last week.", "blocked").event_class == "I_ACTION"


def test_skeptical_that_is_an_intensional_state() -> None:
    text = "Analysts were skeptical that the deal would close."
    assert _mention(text, "skeptical").event_class == "I_STATE"


def test_a_verb_coordinated_with_a_future_one_shares_its_tense_and_modal() -> None:
    meet = _mention("The president will visit Paris next month and meet Macron.", "meet")
    assert (meet.tense, meet.modality) == ("FUTURE", "will")


def test_a_verb_coordinated_with_a_modal_one_shares_the_modal() -> None:
    cut = _mention("He said the firm would close the plant and cut 300 jobs.", "cut")
    assert cut.modality == "would"


def test_coordinated_past_verbs_keep_their_own_tense() -> None:
    seized = _mention("Troops entered the city and seized the airport.", "seized")
    assert (seized.tense, seized.modality) == ("PAST", "")


def test_punctuation_numbers_and_function_words_are_never_events() -> None:
    text = "Of the 1,200 workers, 40 % were in the union in 1998 ; they and we ."
    assert find_mentions(text) == []


def test_a_title_or_an_initial_does_not_end_the_sentence() -> None:
    text = "Mr. Smith met U.S. officials. They agreed."
    assert len(sentences(text, tokenize(text))) == 2


def test_nouns_that_are_not_events_are_left_alone() -> None:
    text = "The table stood in the kitchen of the house."
    words = {m.text for m in find_mentions(text)}
    assert not words & {"table", "kitchen", "house", "The"}


def test_mention_in_a_dated_clause_takes_the_clause_interval() -> None:
    rows = mention_records("The talks collapsed in 2022.", date(2024, 11, 29))
    talks = [r for r in rows if r["text"] == "collapsed"]
    assert talks and talks[0]["earliest"] == "2022-01-01" and talks[0]["latest"] == "2023-01-01"


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_spans_inside_it_whose_text_is_the_trigger(text: str) -> None:
    for m in find_mentions(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.event_class in CLASSES
        assert m.polarity in {"POS", "NEG"}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            "Rebels attacked the town . Mr. Smith said U.S. talks ended ! Why ? "
            "prices rose \n\n he may sell . 12".split(" ")
        ),
        max_size=50,
    )
)
def test_every_trigger_lies_inside_one_sentence(words: list[str]) -> None:
    text = " ".join(words)
    bounds = [(s[0][0], s[-1][1]) for s in sentences(text, tokenize(text))]
    for m in find_mentions(text):
        assert any(start <= m.start and m.end <= end for start, end in bounds)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            "said the attack was not going to resume , talks would have been held . "
            "He may consider 2 offers ; U.S. officials ' deal `` \n\n".split(" ")
        ),
        max_size=60,
    )
)
def test_news_like_word_salad_gives_records_in_text_order(words: list[str]) -> None:
    text = " ".join(words)
    rows = mention_records(text, date(2024, 11, 29))
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)
    for r in rows:
        assert text[r["start"] : r["end"]] == r["text"]
        if r["earliest"] and r["latest"]:
            assert r["earliest"] < r["latest"]


def _timeline(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        input=stdin,
        capture_output=True,
        text=True,
    )


def test_events_command_turns_jsonl_documents_into_scorer_rows() -> None:
    doc = {"doc_id": "d1", "dct": "1998-01-08", "text": "Officials said the talks failed."}
    done = _timeline("events", "-", stdin=json.dumps(doc) + "\n")
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    keys = {"doc_id", "start", "end", "text", "class", "tense", "aspect", "polarity"}
    assert rows and all(keys | {"earliest", "latest"} <= set(r) for r in rows)
    said = [r for r in rows if r["text"] == "said"]
    assert said and said[0]["class"] == "REPORTING" and said[0]["doc_id"] == "d1"


def test_events_command_names_bad_lines_and_keeps_going() -> None:
    good = {"doc_id": "ok", "dct": "1998-01-08", "text": "Rebels attacked the town."}
    lines = "not json\n" + json.dumps({"doc_id": "x", "text": "no date"}) + "\n"
    done = _timeline("events", "-", stdin=lines + json.dumps(good) + "\n")
    assert done.returncode == 1
    assert "<stdin>:1:" in done.stderr and "<stdin>:2: missing dct" in done.stderr
    assert "Traceback" not in done.stderr
    assert any(json.loads(line)["doc_id"] == "ok" for line in done.stdout.splitlines())


def test_events_command_missing_file_is_one_line_and_exit_2(tmp_path) -> None:
    done = _timeline("events", str(tmp_path / "absent.jsonl"))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "cannot open" in done.stderr


def test_shipped_trigger_attribute_list_is_what_the_trigger_model_reports() -> None:
    from transforms.events import mentions

    tagger = mentions._tagger(mentions.TRIGGER_MODEL)
    assert mentions._known_attributes(tagger) == mentions.known_attributes(tagger)
    assert "w=said" in mentions._known_attributes(tagger)


def test_known_attributes_never_dump_the_model_to_a_file() -> None:
    """`Tagger.dump(filename)` closes its descriptor twice: another thread's file can be closed
    under it (seen as "Bad file descriptor" in a Parquet write during a run)."""
    import pycrfsuite

    from transforms.events import mentions, training

    class NoDump:
        def __init__(self, tagger) -> None:
            self.tagger = tagger

        def info(self):
            return self.tagger.info()

        def dump(self, filename=None):
            raise AssertionError("Tagger.dump called")

    tagger = pycrfsuite.Tagger()
    tagger.open(str(training.DATA_DIR / mentions.CLASS_MODEL))
    assert mentions.known_attributes(NoDump(tagger)) == mentions.known_attributes(tagger)
    assert mentions._known_attributes(NoDump(tagger))


def test_clock_words_and_amounts_after_numbers_are_never_events() -> None:
    text = (
        "The company moved 23.37 million marks from its reserves, and the index rose 12 points. "
        "Briefing set for around 1115 GMT."
    )
    triggers = {m.text for m in find_mentions(text)}
    assert not triggers & {"marks", "points", "GMT"}
    assert "moved" in triggers


def test_a_mark_that_is_not_an_amount_can_still_be_an_event() -> None:
    assert _mention("The ceremony will mark the anniversary of the war.", "mark")

"""The WordNet supersense table behind the trigger model's `ss*` features."""

from __future__ import annotations

import gzip
from pathlib import Path

from transforms.events.supersenses import (
    _parse,
    read_wordnet,
    supersense_features,
    write_table,
)


def _tiny_wordnet(root: Path) -> Path:
    """A WordNet-format dict/ folder with two noun and two verb synsets."""
    (root / "lexnames").write_text(
        "04\tnoun.act\t1\n06\tnoun.artifact\t1\n31\tverb.communication\t2\n33\tverb.competition\t2\n"
    )
    (root / "data.noun").write_text(
        "  1 This software and database is being provided to you\n"
        "00000100 04 n 01 strike 0 000 | a refusal to work\n"
        "00000200 06 n 01 strike 0 000 | a pin knocked down\n"
        "00000300 04 n 02 hunger_strike 0 000 | fasting as protest\n"
    )
    (root / "data.verb").write_text(
        "00000400 33 v 01 strike 0 000 | hit\n00000500 31 v 01 strike 0 000 | announce\n"
    )
    (root / "index.noun").write_text(
        "  1 This software and database is being provided to you\n"
        "strike n 2 1 @ 2 1 00000200 00000100\n"
        "hunger_strike n 1 0 1 0 00000300\n"
    )
    (root / "index.verb").write_text("strike v 2 0 2 2 00000500 00000400\n")
    return root


def test_wordnet_senses_keep_their_order_and_multiword_lemmas_are_left_out(tmp_path) -> None:
    table = read_wordnet(_tiny_wordnet(tmp_path))
    assert table == {"strike": [["artifact", "act"], ["communication", "competition"]]}


def test_the_written_table_reads_back_and_is_the_same_bytes_every_time(tmp_path) -> None:
    table = read_wordnet(_tiny_wordnet(tmp_path))
    write_table(table, tmp_path / "a.tsv.gz")
    write_table(table, tmp_path / "b.tsv.gz")
    assert (tmp_path / "a.tsv.gz").read_bytes() == (tmp_path / "b.tsv.gz").read_bytes()
    with gzip.open(tmp_path / "a.tsv.gz", "rt", encoding="utf-8") as lines:
        assert dict(_parse(lines)) == {
            "strike": (("artifact", "act"), ("communication", "competition"))
        }


def test_attack_is_an_act_noun_and_a_competition_verb() -> None:
    features = supersense_features("attack", "attack")
    assert "ss1n=act" in features and "ss1v=competition" in features
    assert "ss3n=communication" in features


def test_a_plural_noun_is_looked_up_by_its_lemma() -> None:
    assert "ss1n=act" in supersense_features("invasions", "invasion")


def test_a_word_wordnet_does_not_know_has_one_feature_saying_so() -> None:
    assert supersense_features("qwzxv", "qwzxv") == ("ss=none",)

"""WordNet supersenses of English words: the lexicographer file of each sense ("attack" is a
noun.act and a verb.competition), a coarse meaning that also covers words the TimeBank gold never
shows. The trigger model reads them as features: a noun whose senses are acts, events or
processes ("the *sacking* of the minister") is an event more often than one whose senses are
artifacts or people, which lifts recall on event nouns a document-level model has never seen.

The table (`SUPERSENSES`, gzipped TSV, shipped as package data) is derived from the WordNet 3.0
database by `python -m transforms.events.supersenses WORDNET_DICT_DIR` (the `dict/` folder of
WordNet 3.0: `index.noun`, `index.verb`, `data.noun`, `data.verb`, `lexnames`). WordNet 3.0 is
Copyright 2006 by Princeton University; its licence, which allows redistribution, is shipped
beside the table as `WORDNET_LICENSE.txt`.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path

SUPERSENSES = "wordnet_supersenses.tsv.gz"
SENSES_KEPT = 3
"""Senses kept per lemma and part of speech, most frequent first (WordNet's order)."""
PARTS = (("noun", "n"), ("verb", "v"))
"""WordNet's index/data file suffix and the short name the features use, per part of speech."""


def supersense_features(low: str, lemma: str) -> tuple[str, ...]:
    """Trigger-model features of a lowercase word (`lemma` is its lemma): the supersense of its
    first noun and first verb sense (`ss1n=act`, `ss1v=communication`) and each supersense of
    its first `SENSES_KEPT` senses of either part of speech (`ss3n=act`); `ss=none` for a word
    WordNet does not know."""
    table = _table()
    row = table.get(lemma) or table.get(low)
    if row is None:
        return ("ss=none",)
    features: list[str] = []
    for (_, short), senses in zip(PARTS, row, strict=True):
        if senses:
            features.append(f"ss1{short}={senses[0]}")
            features += [f"ss3{short}={name}" for name in sorted(set(senses))]
    return tuple(features)


@cache
def _table() -> dict[str, tuple[tuple[str, ...], ...]]:
    """The shipped table, read once per process: lemma -> (noun supersenses, verb supersenses)."""
    path = resources.files("transforms.events").joinpath("data", SUPERSENSES)
    with path.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        return dict(_parse(lines))


def _parse(lines: Iterable[str]) -> Iterator[tuple[str, tuple[tuple[str, ...], ...]]]:
    """(lemma, (noun supersenses, verb supersenses)) per table row. Equal rows share one
    tuple: a few thousand distinct ones serve all 62,000 lemmas, which keeps the table small
    in memory."""
    shared: dict[str, tuple[tuple[str, ...], ...]] = {}
    for line in lines:
        if line.startswith("#"):
            continue
        lemma, _, columns = line.rstrip("\n").partition("\t")
        row = shared.get(columns)
        if row is None:
            row = shared[columns] = tuple(
                tuple(column.split(",")) if column else () for column in columns.split("\t")
            )
        yield lemma, row


def read_wordnet(dict_dir: Path) -> dict[str, list[list[str]]]:
    """Supersenses of every single-word lemma of a WordNet 3.0 `dict/` folder: lemma -> [noun
    supersenses, verb supersenses], each in sense order, at most `SENSES_KEPT`, without the
    "noun."/"verb." prefix. A `data.noun` split into `data.noun1`, `data.noun2`... is read too."""
    names = {}
    for line in (dict_dir / "lexnames").read_text(encoding="utf-8").splitlines():
        number, name, _ = line.split()
        names[number.zfill(2)] = name.partition(".")[2]
    table: dict[str, list[list[str]]] = {}
    for k, (part, _) in enumerate(PARTS):
        files = sorted(dict_dir.glob(f"data.{part}*"))
        if not files:
            raise FileNotFoundError(f"no data.{part} file in {dict_dir}")
        lexname = {}
        for file in files:
            for line in file.read_text(encoding="latin-1").splitlines():
                if line and not line.startswith(" "):
                    offset, filenum, _ = line.split(" ", 2)
                    lexname[offset] = names[filenum]
        for line in (dict_dir / f"index.{part}").read_text(encoding="latin-1").splitlines():
            if not line or line.startswith(" "):
                continue
            fields = line.split()
            lemma, senses, pointers = fields[0], int(fields[2]), int(fields[3])
            if "_" in lemma:
                continue
            offsets = fields[len(fields) - senses :]
            if len(fields) != 6 + pointers + senses:
                raise ValueError(f"index.{part}: unexpected line {line[:60]!r}")
            row = table.setdefault(lemma, [[], []])
            row[k] = [lexname[o] for o in offsets[:SENSES_KEPT]]
    return table


def write_table(table: dict[str, list[list[str]]], out: Path) -> None:
    """`table` as the shipped gzipped TSV (sorted, so the same database gives the same bytes)."""
    header = (
        "# WordNet 3.0 supersenses (lexicographer files) of single-word lemmas, first "
        f"{SENSES_KEPT} senses, by transforms.events.supersenses. WordNet 3.0 Copyright 2006 by "
        "Princeton University. All rights reserved. See WORDNET_LICENSE.txt.\n"
        "# lemma\tnoun supersenses\tverb supersenses\n"
    )
    body = "".join(
        f"{lemma}\t{','.join(row[0])}\t{','.join(row[1])}\n" for lemma, row in sorted(table.items())
    )
    with open(out, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=0) as f:
        f.write((header + body).encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    """Rebuild the shipped table from a WordNet 3.0 `dict/` folder."""
    parser = argparse.ArgumentParser(description="build the WordNet supersense table")
    parser.add_argument("dict_dir", type=Path, help="WordNet 3.0 dict/ folder")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).parent / "data" / SUPERSENSES, help="output"
    )
    args = parser.parse_args(argv)
    table = read_wordnet(args.dict_dir)
    write_table(table, args.out)
    print(f"wrote {args.out}: {len(table)} lemmas", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

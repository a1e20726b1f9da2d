"""Seedable generator of realistic synthetic news articles (a benchmark input, not a test).

Sentences come from real articles (the silver news corpus and the seed article), are recombined,
get their names and numbers varied, and about a third of them get a temporal phrase from
`TEMPORAL_PHRASES` (explicit dates near the publication date, weekdays, "last week", "less than
two weeks", quarters, durations, "now"…). Publication dates spread over `--years` years up to
2024-12-31; sources rotate over `SOURCES`. Output is JSONL, gzip when the name ends in `.gz`,
one record `{id, published, source, title, text, url}` a line, written as it is generated, so
memory stays constant whatever the count.

    python bench/synthetic.py --count 10000 --seed 7 --output /tmp/x.jsonl.gz
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
SILVER = SHARED / "data" / "news" / "te3-silver-articles.jsonl.gz"
SEED = SHARED / "seeds" / "ukraine-johnson-2024-11-29.txt"

SOURCES: dict[str, str] = {
    "Reuters": "reuters.example",
    "AFP": "afp.example",
    "BBC": "bbc.example",
    "Xinhua": "xinhua.example",
    "The Guardian": "guardian.example",
    "AP": "apnews.example",
}
LAST_DAY = date(2024, 12, 31)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip
NUMBER_WORDS = ("two", "three", "four", "five", "six", "ten", "several")
SURNAMES = (
    "Johnson", "Okafor", "Müller", "Tanaka", "Novak", "Silva", "Haddad", "Kowalski", "Dubois",
    "Ivanova", "Mensah", "Larsen", "Costa", "Nguyen", "Schmidt", "Rossi", "Khan", "Moreau",
)  # fmt: skip
TITLE_WORDS = ("Mr", "Mrs", "Ms", "Dr", "President", "Minister", "Senator", "General")

TEMPORAL_PHRASES: tuple[str, ...] = (
    "on {weekday}",
    "last {weekday}",
    "on {date_long}",
    "on {date_dmy}",
    "in {month}",
    "in {month} {year}",
    "in {year}",
    "last week",
    "last month",
    "last year",
    "next month",
    "this week",
    "earlier this year",
    "in less than two weeks",
    "in the {ordinal} quarter",
    "for {number} years",
    "over the past {number} months",
    "{number} days ago",
    "yesterday",
    "now",
    "by {future_year}",
    "since {past_year}",
    "in the 1990s",
    "this morning",
)
"""Phrase shapes injected into sentences; `{…}` slots are filled from the publication date."""

_NAME = re.compile(r"\b(" + "|".join(TITLE_WORDS) + r")\.? ([A-Z][a-z]+)")
_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})*(?:\.\d+)?(?![\d,])")
_YEARISH = re.compile(r"^(1[89]|20)\d\d$")


def load_sentences(paths: tuple[Path, ...] = (SILVER, SEED)) -> list[str]:
    """Sentences of the real articles, one string each (whitespace collapsed)."""
    from transforms.text.sentences import split_sentences

    texts: list[str] = []
    for path in paths:
        if not path.exists():
            continue
        if path.suffix == ".gz":
            with gzip.open(path, "rt", encoding="utf-8") as f:
                texts.extend(json.loads(line)["text"] for line in f if line.strip())
        else:
            texts.append(path.read_text(encoding="utf-8").split("\n", 1)[-1])
    sentences: list[str] = []
    for text in texts:
        for start, end in split_sentences(text):
            sentence = " ".join(text[start:end].split())
            if 30 <= len(sentence) <= 400:
                sentences.append(sentence)
    if not sentences:
        raise FileNotFoundError(f"no sentences found in {', '.join(map(str, paths))}")
    return sentences


def _fill(phrase: str, published: date, rng: random.Random) -> str:
    near = published + timedelta(days=rng.randint(-60, 30))
    return phrase.format(
        weekday=rng.choice(WEEKDAYS),
        date_long=f"{MONTHS[near.month - 1]} {near.day}, {near.year}",
        date_dmy=f"{near.day} {MONTHS[near.month - 1]} {near.year}",
        month=rng.choice(MONTHS),
        year=published.year + rng.randint(-3, 1),
        ordinal=rng.choice(("first", "second", "third", "fourth")),
        number=rng.choice(NUMBER_WORDS),
        future_year=published.year + rng.randint(1, 10),
        past_year=published.year - rng.randint(1, 20),
    )


def _vary(sentence: str, rng: random.Random) -> str:
    """Swap personal names and non-year numbers for random ones."""
    sentence = _NAME.sub(lambda m: f"{m.group(1)} {rng.choice(SURNAMES)}", sentence)

    def number(m: re.Match[str]) -> str:
        token = m.group(0)
        if _YEARISH.match(token):
            return token
        digits = token.replace(",", "").split(".")[0]
        value = rng.randint(max(1, int(digits) // 2), int(digits) * 2 + 1)
        return f"{value:,}" if "," in token else str(value)

    return _NUMBER.sub(number, sentence)


def _with_phrase(sentence: str, phrase: str, rng: random.Random) -> str:
    body = sentence.rstrip(".!?\"'”’ ")
    end = sentence[len(body) :] or "."
    if rng.random() < 0.5:
        return f"{body} {phrase}{end}"
    return f"{phrase[0].upper()}{phrase[1:]}, {body[0].lower()}{body[1:]}{end}"


def articles(
    count: int, seed: int = 7, years: int = 8, sentences: list[str] | None = None
) -> Iterator[dict[str, str]]:
    """Yield `count` synthetic articles, the same ones for the same seed."""
    rng = random.Random(seed)
    pool = sentences if sentences is not None else load_sentences()
    first_day = LAST_DAY - timedelta(days=365 * years)
    span = (LAST_DAY - first_day).days
    names = list(SOURCES)
    for n in range(count):
        published = first_day + timedelta(days=rng.randint(0, span))
        source = names[n % len(names)] if rng.random() < 0.7 else rng.choice(names)
        body = []
        for _ in range(rng.randint(6, 18)):
            sentence = _vary(rng.choice(pool), rng)
            if rng.random() < 0.35:
                sentence = _with_phrase(
                    sentence, _fill(rng.choice(TEMPORAL_PHRASES), published, rng), rng
                )
            body.append(sentence)
        paragraphs = [" ".join(body[i : i + 3]) for i in range(0, len(body), 3)]
        words = _vary(rng.choice(pool), rng).rstrip(".").split()[:12]
        if rng.random() < 0.3:
            words.append(_fill(rng.choice(TEMPORAL_PHRASES), published, rng))
        slug = "-".join(re.sub(r"\W+", "", w.lower()) for w in words[:6]).strip("-")
        yield {
            "id": f"syn{seed}-{n:08d}",
            "published": published.isoformat(),
            "source": source,
            "title": " ".join(words),
            "text": "\n\n".join(paragraphs),
            "url": f"https://{SOURCES[source]}/{published:%Y/%m}/{slug}-{n}",
        }


def open_output(path: Path) -> IO[str]:
    """A text stream to `path`, gzip-compressed when the name ends in `.gz`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".gz":
        return gzip.open(path, "wt", encoding="utf-8", compresslevel=3)
    return path.open("w", encoding="utf-8")


def write(path: Path, count: int, seed: int = 7, years: int = 8) -> int:
    """Write `count` articles to `path` as JSONL, streaming; return the count written."""
    written = 0
    with open_output(path) as out:
        for article in articles(count, seed, years):
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
            written += 1
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, required=True, help="articles to write")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--years", type=int, default=8, help="publication dates span this many years")
    ap.add_argument("--output", type=Path, required=True, help=".jsonl or .jsonl.gz")
    args = ap.parse_args()
    written = write(args.output, args.count, args.seed, args.years)
    print(f"{written} articles -> {args.output} ({args.output.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()

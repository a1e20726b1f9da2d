"""Cost of one long article (not a test): times `transforms.frames.analyse` (timexes + events,
the path the flow runs) on single articles of 25 KB to 3.2 MB and prints ms per KB per size.

    python bench/bench_long_articles.py [--max-kb 3200] [--kinds prose dates] [--profile KB]
    python bench/bench_long_articles.py --shapes

Two kinds of text:
- `prose`: real sentences of the silver corpus concatenated (paragraphs kept);
- `dates`: generated text made almost only of dates ("On 3 March 2021, then 4 April 2022;
  last Tuesday, 12/05/2020, …"), in clauses of a few dates each, rarely a full stop.

Time is the process's CPU time (`time.process_time`, all threads), which a shared machine
disturbs far less than wall time; wall seconds are printed beside it. Cost is linear in length
when ms per KB is flat; the last lines print the ratio of the largest
to the smallest ms per KB for each kind (target: under 2). One run per size. `--profile KB`
runs cProfile on one size and prints the top functions by cumulative time instead.

`--shapes` times hostile texts instead: each a short unit repeated ("1,", "March ", "12/",
"\\n", "and which ", …) at 50 KB and 200 KB, and prints the ratio of their ms per KB (about 1
when cost is linear; a regex that backtracks over the whole text shows up as 4 or more).
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import json
import pstats
import random
import sys
import time
from datetime import date
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "news" / "te3-silver-articles.jsonl.gz"
SIZES_KB = (25, 50, 100, 200, 400, 800, 1600, 3200)
PUBLISHED = date(2024, 11, 29)

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def prose(size: int, corpus: Path) -> str:
    """At least `size` characters of silver-corpus article bodies, cycled, cut at a paragraph."""
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        bodies = [json.loads(line)["text"] for line in f if line.strip()]
    parts: list[str] = []
    total = 0
    while total < size:
        for body in bodies:
            parts.append(body)
            total += len(body) + 2
            if total >= size:
                break
    return "\n\n".join(parts)[:size]


def _date_phrase(rng: random.Random) -> str:
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1990, 2030)
    choices = (
        f"on {day} {_MONTHS[month - 1]} {year}",
        f"{_MONTHS[month - 1]} {day}, {year}",
        f"{day:02d}/{month:02d}/{year}",
        f"{year}-{month:02d}-{day:02d}",
        f"last {rng.choice(_DAYS)}",
        f"next {rng.choice(_DAYS)}",
        f"in {_MONTHS[month - 1]} {year}",
        f"{rng.randint(2, 9)} weeks later",
        "a year earlier",
        f"in the spring of {year}",
        f"at 3 p.m. on {rng.choice(_DAYS)}",
        f"less than two weeks after {day} {_MONTHS[month - 1]}",
    )
    return rng.choice(choices)


def dates(size: int, seed: int = 7) -> str:
    """At least `size` characters made of dates, in comma/semicolon clauses, rare full stops."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    while total < size:
        clause = ", then ".join(_date_phrase(rng) for _ in range(rng.randint(2, 5)))
        sep = ". " if rng.random() < 0.02 else "; "
        piece = clause[0].upper() + clause[1:] + sep
        parts.append(piece)
        total += len(piece)
    return "".join(parts)[:size]


SHAPES = ("1", "1,", "1,000", "March ", "March 3 ", "twenty one ", "a-", ". ", "\n", "'",
          "2021    ", "the week of ", "less than ", "one two three four five six ", "12/", "10:",
          "p.m. ", "Monday ", "abcdefghij", ", ", "\u201c", "and which ",
          "two years ago ")  # fmt: skip
"""Units of the `--shapes` texts: digits, separators, dates, rule words, clause openers."""


def shapes() -> None:
    """Time every hostile shape at 50 KB and 200 KB; print ms per KB and their ratio."""
    print(f"{'shape':32} {'ms/KB 50 KB':>12} {'ms/KB 200 KB':>13} {'ratio':>6}")
    worst = 0.0
    for unit in SHAPES:
        per_kb = []
        for kb in (50, 200):
            text = (unit * (kb * 1000 // len(unit) + 1))[: kb * 1000]
            started = time.process_time()
            analyse_one(text)
            per_kb.append((time.process_time() - started) * 1000 / kb)
        ratio = per_kb[1] / per_kb[0] if per_kb[0] > 0.05 else 1.0
        worst = max(worst, ratio)
        print(f"{unit!r:32} {per_kb[0]:>12.2f} {per_kb[1]:>13.2f} {ratio:>6.2f}")
        sys.stdout.flush()
    print(f"largest ratio (shapes over 0.05 ms/KB): {worst:.2f}")


def analyse_one(text: str) -> tuple[int, int]:
    """Run the flow's tagging + events path on one article, all of it (the per-article cap,
    `TIMELINE_MAX_TAGGED_CHARS`, lifted so the cost of every size is measured); (timexes,
    events) found."""
    from transforms.frames import analyse

    frame = pl.DataFrame(
        {"id": ["a"], "published": [PUBLISHED], "title": ["Long article"], "text": [text]}
    )
    timexes, events = analyse(frame, max_chars=len(text) + 100)
    return timexes.height, events.height


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--max-kb", type=int, default=max(SIZES_KB), help="largest size to run")
    ap.add_argument("--kinds", nargs="+", choices=("prose", "dates"), default=["prose", "dates"])
    ap.add_argument("--profile", type=int, metavar="KB", help="cProfile one size instead")
    ap.add_argument("--shapes", action="store_true", help="time hostile repeated shapes instead")
    args = ap.parse_args()

    analyse_one("Warm-up on Tuesday, 2 weeks ago, 12/05/2020; in March 2021.")
    if args.shapes:
        shapes()
        return
    make = {"prose": lambda n: prose(n, args.corpus), "dates": dates}
    if args.profile:
        for kind in args.kinds:
            text = make[kind](args.profile * 1000)
            profiler = cProfile.Profile()
            profiler.runcall(analyse_one, text)
            print(f"== {kind} {args.profile} KB")
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        return
    sizes = [kb for kb in SIZES_KB if kb <= args.max_kb]
    ratios: dict[str, float] = {}
    print(
        f"{'kind':6} {'KB':>6} {'CPU s':>8} {'wall s':>8} {'ms/KB':>8} {'timexes':>8} {'events':>8}"
    )
    for kind in args.kinds:
        per_kb: list[float] = []
        for kb in sizes:
            text = make[kind](kb * 1000)
            wall, cpu = time.perf_counter(), time.process_time()
            found, events = analyse_one(text)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            per_kb.append(cpu * 1000 / kb)
            row = f"{kind:6} {kb:>6} {cpu:>8.2f} {wall:>8.2f} {per_kb[-1]:>8.2f}"
            print(f"{row} {found:>8} {events:>8}")
            sys.stdout.flush()
        ratios[kind] = max(per_kb) / min(per_kb)
    for kind, ratio in ratios.items():
        print(f"{kind}: largest / smallest ms per KB = {ratio:.2f}")


if __name__ == "__main__":
    main()

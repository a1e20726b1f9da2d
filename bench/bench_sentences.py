"""Sentence-splitter throughput (not a test): splits a silver-corpus-sized input and prints the
time, so a slow regression shows here rather than as a flaky timed test.

    python bench/bench_sentences.py [--articles N] [--repeat R]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transforms.text import split_sentences  # noqa: E402

PARAGRAPH = (
    "Mr. Johnson said on Jan. 5 that the U.S. would help. Growth was 3.5 percent!\n\n"
    "“Why?” he asked. The talks, which began in 2022, continue.\n"
)


def main() -> None:
    """Time `split_sentences` over N articles of twelve abbreviation-heavy paragraphs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2452, help="articles to split (2452)")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the best is kept")
    args = parser.parse_args()
    articles = [PARAGRAPH * 12] * args.articles
    best = float("inf")
    sentences = 0
    for _ in range(args.repeat):
        began = time.perf_counter()
        sentences = sum(len(split_sentences(article)) for article in articles)
        best = min(best, time.perf_counter() - began)
    kb = sum(len(a) for a in articles) / 1024
    print(f"{args.articles} articles, {kb:,.0f} KB, {sentences:,} sentences")
    print(f"best of {args.repeat}: {best:.3f} s, {args.articles / best:,.0f} articles/s")


if __name__ == "__main__":
    main()

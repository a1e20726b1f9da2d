"""Throughput benchmark of the temporal engine (not a test): tags the silver news corpus in one
process on one core and prints documents per second, expressions found and peak memory.

    python bench/bench_tagger.py [--corpus PATH] [--limit N] [--repeat R] [--baseline]

`--baseline` also times naive `dateparser.search_dates` on the same documents for comparison.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "news" / "te3-silver-articles.jsonl.gz"


def load(path: Path, limit: int | None) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    return docs[:limit] if limit else docs


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--repeat", type=int, default=3, help="timed passes; the best is reported")
    ap.add_argument("--baseline", action="store_true", help="also time dateparser.search_dates")
    args = ap.parse_args()

    started = time.perf_counter()
    from transforms.temporal import tag

    tag("warm-up on Tuesday, 2 weeks ago", date(2024, 1, 1))
    import_s = time.perf_counter() - started
    docs = load(args.corpus, args.limit)
    chars = sum(len(d["text"]) for d in docs)
    print(f"corpus: {len(docs)} docs, {chars / len(docs):.0f} chars/doc on average")
    print(f"engine import + first call: {import_s * 1000:.0f} ms")
    best = float("inf")
    found = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        found = sum(len(tag(d["text"], date.fromisoformat(d["published"]))) for d in docs)
        best = min(best, time.perf_counter() - t0)
    print(
        f"engine: {len(docs) / best:,.0f} docs/s ({best:.2f} s for {len(docs)} docs, best of "
        f"{args.repeat}), {found:,} expressions, peak RSS {peak_rss_mib():.0f} MiB"
    )
    if args.baseline:
        from dateparser.search import search_dates

        sample = docs[: min(len(docs), 300)]
        t0 = time.perf_counter()
        hits = sum(len(search_dates(d["text"], languages=["en"]) or []) for d in sample)
        elapsed = time.perf_counter() - t0
        print(
            f"baseline dateparser.search_dates: {len(sample) / elapsed:,.1f} docs/s "
            f"on {len(sample)} docs, {hits:,} matches"
        )


if __name__ == "__main__":
    main()

"""Throughput of the event-time stage (`timing.time_events`) on the silver news corpus.

    python bench/bench_event_times.py ../shared/data/news/te3-silver-articles.jsonl.gz --docs 500

Mentions and timexes are found before the clock starts; the clock times only the anchoring of
every mention. Prints documents and mentions per second (wall clock, and documents per second of
the process's CPU time, steadier on a shared machine) and the process's peak resident memory.
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from transforms.events.mentions import find_mentions  # noqa: E402
from transforms.events.timing import time_events  # noqa: E402
from transforms.temporal import tag  # noqa: E402


def _published(article: dict) -> date:
    for key in ("published", "dct", "date"):
        value = article.get(key)
        if value:
            try:
                return date.fromisoformat(str(value)[:10])
            except ValueError:
                continue
    return date(2024, 1, 1)


def main() -> int:
    """Time `time_events` over the first --docs articles."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="JSONL(.gz) articles with a 'text' field")
    parser.add_argument("--docs", type=int, default=500, help="how many articles (default 500)")
    args = parser.parse_args()
    opener = gzip.open if args.corpus.endswith(".gz") else open
    with opener(args.corpus, "rt", encoding="utf-8") as f:
        articles = [json.loads(line) for _, line in zip(range(args.docs), f, strict=False)]
    inputs = []
    for a in articles:
        published = _published(a)
        inputs.append((a["text"], published, find_mentions(a["text"]), tag(a["text"], published)))
    started, cpu_started = time.perf_counter(), time.process_time()
    timed = sum(len(time_events(*x)) for x in inputs)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{len(inputs)} docs, {timed} mentions anchored in {elapsed:.2f} s: "
        f"{len(inputs) / elapsed:.0f} docs/s, {timed / elapsed:.0f} mentions/s "
        f"({len(inputs) / cpu:.0f} docs/s of CPU time); peak RSS {peak_mb:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Throughput of the event-mention stage on the silver news corpus (one core, this process).

    python bench/bench_events.py ../shared/data/news/te3-silver-articles.jsonl.gz --docs 500

Prints documents per second and KB per second of `find_mentions` alone (models loaded before the
clock starts), by the wall clock and by this process's CPU time (the honest figure on a shared
machine, where other processes take turns on the core), and the peak resident memory.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from transforms.events.mentions import find_mentions  # noqa: E402


def main() -> int:
    """Time `find_mentions` over the first --docs articles."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="JSONL(.gz) articles with a 'text' field")
    parser.add_argument("--docs", type=int, default=500, help="how many articles (default 500)")
    args = parser.parse_args()
    opener = gzip.open if args.corpus.endswith(".gz") else open
    with opener(args.corpus, "rt", encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for _, line in zip(range(args.docs), f, strict=False)]
    find_mentions("The models load before the clock starts.")
    started, cpu_started = time.perf_counter(), time.process_time()
    mentions = sum(len(find_mentions(t)) for t in texts)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    kb = sum(len(t) for t in texts) / 1024
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{len(texts)} docs, {kb:.0f} KB, {mentions} mentions in {elapsed:.2f} s: "
        f"{len(texts) / elapsed:.0f} docs/s, {kb / elapsed:.0f} KB/s; "
        f"CPU {cpu:.2f} s: {len(texts) / cpu:.0f} docs/s; peak RSS {peak_mb:.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

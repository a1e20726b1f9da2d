"""Memory of the warehouse writer as the warehouse grows (a script, not a test).

The flow's process holds little between loads; its peaks come from the single writer: each
`load_batch` transaction ends in a DuckDB checkpoint, which rewrites the partly filled last row
group (122,880 rows) of every table it appended to. This script shows that cost is bounded by
the row group, not by the size of the warehouse: it normalises one group of synthetic articles
once (`bench/synthetic.py`), then loads it again and again under fresh ids into one on-disk
warehouse, and prints per load the time and the RSS peak above the RSS before it (sampled every
3 ms), plus the largest of both per 60,000 articles loaded.

    python bench/bench_writer_memory.py [--group 6000] [--articles 240000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

import polars as pl
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import synthetic  # noqa: E402
from transforms.events.model import ARTICLE_COLUMNS  # noqa: E402
from transforms.frames import analyse  # noqa: E402
from warehouse import Warehouse  # noqa: E402
from warehouse.frames import polars_schema  # noqa: E402

MIB = 1024 * 1024


class PeakSampler:
    """Highest RSS of this process since the last `reset`, sampled in a background thread."""

    def __init__(self) -> None:
        self.process = psutil.Process()
        self.peak = 0
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while True:
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(0.003)

    def reset(self) -> int:
        """Start a new window; return the RSS now."""
        now = self.process.memory_info().rss
        self.peak = now
        return now


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--group", type=int, default=6000, help="articles per transaction")
    parser.add_argument("--articles", type=int, default=240_000, help="articles loaded in all")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dir", type=Path, default=None, help="where to put the warehouse")
    args = parser.parse_args()

    rows = list(synthetic.articles(args.group, seed=args.seed))
    articles = pl.DataFrame(rows).with_columns(
        pl.col("published").str.to_date(), pl.lit("en").alias("language")
    )
    articles = articles.select(polars_schema(ARTICLE_COLUMNS).names())
    timexes, events = analyse(articles)
    print(
        f"one group: {articles.height:,} articles "
        f"({articles.get_column('text').str.len_bytes().mean():,.0f} bytes of text each), "
        f"{timexes.height:,} timexes, {events.height:,} events"
    )
    sampler = PeakSampler()
    worst: dict[int, tuple[float, int]] = {}
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        wh = Warehouse(Path(tmp) / "writer.duckdb")
        run_id = wh.start_run(sources=["bench"])
        for number in range(args.articles // args.group):
            suffix = f"-{number}"
            before = sampler.reset()
            began = time.perf_counter()
            wh.load_batch(
                run_id,
                articles.with_columns(pl.col("id") + suffix),
                timexes.with_columns(pl.col("article_id") + suffix),
                events.with_columns(pl.col("article_id") + suffix),
            )
            seconds = time.perf_counter() - began
            extra = sampler.peak - before
            loaded = (number + 1) * args.group
            print(
                f"{loaded:>9,} articles: load {seconds:4.2f} s, peak {extra / MIB:4.0f} MiB "
                f"above the {before / MIB:.0f} MiB before it"
            )
            band = (loaded - 1) // 60_000
            old_seconds, old_extra = worst.get(band, (0.0, 0))
            worst[band] = (max(old_seconds, seconds), max(old_extra, extra))
        wh.finish_run(run_id, "completed")
    print("\nworst load per 60,000 articles loaded:")
    for band, (seconds, extra) in sorted(worst.items()):
        print(
            f"  {band * 60_000:>9,}-{(band + 1) * 60_000:<9,} {seconds:4.2f} s, "
            f"{extra / MIB:4.0f} MiB above the RSS before the load"
        )


if __name__ == "__main__":
    main()

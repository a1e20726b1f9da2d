"""Load benchmark for the DuckDB warehouse (a script, not a test).

1. Bulk load: synthetic articles with N timexes and M events each, loaded in batches into a new
   on-disk warehouse; prints timex rows/s (target: >= 1,000,000).
2. Upsert: a warehouse of `--base` articles, then `--changed` of them re-sent with new text (so
   their timexes and events are replaced); prints the time of that batch (target: seconds).

Usage: python bench/bench_load.py [--articles 200000] [--base 1000000] [--changed 100000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from transforms.events.model import ARTICLE_COLUMNS, EVENT_COLUMNS  # noqa: E402
from transforms.temporal.model import TIMEX_COLUMNS  # noqa: E402
from warehouse import Warehouse  # noqa: E402
from warehouse.frames import polars_schema  # noqa: E402

EPOCH = date(2020, 1, 1)


def articles_frame(first: int, count: int, version: int = 0) -> pl.DataFrame:
    """`count` articles with ids first..first+count-1; `version` changes their text."""
    n = pl.int_range(first, first + count, eager=True)
    return (
        pl.DataFrame({"n": n})
        .select(
            ("a" + pl.col("n").cast(pl.String)).alias("id"),
            (pl.lit(EPOCH) + pl.duration(days=pl.col("n") % 1500)).alias("published"),
            pl.format("source{}", pl.col("n") % 20).alias("source"),
            pl.format("https://news.example/{}", pl.col("n")).alias("url"),
            pl.format("Title {}", pl.col("n")).alias("title"),
            pl.format("Body {} v{} with some words about last week.", pl.col("n"), version).alias(
                "text"
            ),
            pl.lit("en").alias("language"),
        )
        .cast(polars_schema(ARTICLE_COLUMNS))
    )


def timexes_frame(articles: pl.DataFrame, per_article: int) -> pl.DataFrame:
    """`per_article` timexes for each article, a tenth of them durations with no interval."""
    k = pl.int_range(0, per_article, eager=True).alias("timex_index")
    frame = articles.select("id", "published").join(k.to_frame(), how="cross")
    offset = pl.col("timex_index") * 7
    earliest = pl.col("published") - pl.duration(days=offset)
    return frame.select(
        pl.col("id").alias("article_id"),
        pl.col("timex_index"),
        (pl.col("timex_index") * 20).alias("start"),
        (pl.col("timex_index") * 20 + 9).alias("end"),
        pl.lit("last week").alias("text"),
        pl.lit("DATE").alias("type"),
        earliest.dt.strftime("%G-W%V").alias("value"),
        pl.lit(None, pl.String).alias("mod"),
        pl.when(pl.col("timex_index") % 10 != 9).then(earliest).alias("earliest"),
        pl.when(pl.col("timex_index") % 10 != 9)
        .then(earliest + pl.duration(days=7))
        .alias("latest"),
        pl.lit("week").alias("granularity"),
        pl.lit("published").alias("anchor"),
        pl.lit("last_week").alias("rule"),
    ).cast(polars_schema(TIMEX_COLUMNS))


def events_frame(articles: pl.DataFrame, per_article: int) -> pl.DataFrame:
    """`per_article` events for each article, anchored to its first timexes."""
    k = pl.int_range(0, per_article, eager=True).alias("event_index")
    frame = articles.select("id", "published").join(k.to_frame(), how="cross")
    earliest = pl.col("published") - pl.duration(days=pl.col("event_index") * 7)
    return frame.select(
        pl.col("id").alias("article_id"),
        pl.col("event_index"),
        pl.col("event_index").alias("sentence_index"),
        pl.lit("The ministry said the attack happened last week.").alias("sentence"),
        pl.lit("the attack happened").alias("what"),
        pl.col("event_index").alias("timex_index"),
        pl.lit("last week").alias("timex_text"),
        earliest.dt.strftime("%G-W%V").alias("value"),
        pl.lit(None, pl.String).alias("mod"),
        earliest.alias("earliest"),
        (earliest + pl.duration(days=7)).alias("latest"),
        pl.lit("week").alias("granularity"),
        pl.lit("during").alias("relation"),
        pl.lit(0.8).alias("confidence"),
        pl.lit(24).alias("trigger_start"),
        pl.lit(30).alias("trigger_end"),
        pl.lit("attack").alias("trigger"),
        pl.lit("OCCURRENCE").alias("event_class"),
        pl.lit("NONE").alias("tense"),
        pl.lit("NONE").alias("aspect"),
        pl.lit("POS").alias("polarity"),
        pl.lit(None, pl.String).alias("modality"),
        pl.lit(True).alias("multi_day"),
        *(
            pl.lit(None, pl.Date).alias(f"{side}_{bound}")
            for side in ("begin", "end")
            for bound in ("earliest", "latest")
        ),
        pl.lit("timex").alias("anchor"),
        pl.lit("last week").alias("anchor_text"),
        pl.lit("past").alias("when_relative"),
    ).cast(polars_schema(EVENT_COLUMNS))


def load(wh: Warehouse, first: int, count: int, args: argparse.Namespace, version: int = 0):
    """Load articles first..first+count in batches; return (seconds, timex rows, results)."""
    run_id = wh.start_run(sources=["bench"])
    seconds, rows, results = 0.0, 0, []
    for start in range(first, first + count, args.batch):
        size = min(args.batch, first + count - start)
        articles = articles_frame(start, size, version)
        timexes = timexes_frame(articles, args.timexes)
        events = events_frame(articles, args.events)
        began = time.perf_counter()
        results.append(wh.load_batch(run_id, articles, timexes, events))
        seconds += time.perf_counter() - began
        rows += timexes.height
    wh.finish_run(run_id, "completed", {"batches": len(results)})
    return seconds, rows, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--timexes", type=int, default=10, help="timexes per article")
    parser.add_argument("--events", type=int, default=2, help="events per article")
    parser.add_argument("--batch", type=int, default=100_000, help="articles per batch")
    parser.add_argument("--base", type=int, default=1_000_000, help="articles before upsert")
    parser.add_argument("--changed", type=int, default=100_000, help="articles upserted")
    parser.add_argument("--dir", type=Path, default=None, help="where to put the files")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        wh = Warehouse(Path(tmp) / "bulk.duckdb")
        wh.migrate()
        seconds, rows, _ = load(wh, 0, args.articles, args)
        print(
            f"bulk load: {args.articles:,} articles, {rows:,} timex rows in {seconds:.2f} s "
            f"= {rows / seconds:,.0f} timex rows/s (batches of {args.batch:,} articles)"
        )
        seconds, _, results = load(wh, 0, args.articles, args)
        unchanged = sum(r.articles_unchanged for r in results)
        print(
            f"reload of the same articles: {seconds:.2f} s, {unchanged:,} unchanged, "
            f"{sum(r.timexes for r in results)} timex rows written"
        )

        wh = Warehouse(Path(tmp) / "upsert.duckdb")
        wh.migrate()
        seconds, rows, _ = load(wh, 0, args.base, args)
        print(
            f"upsert base: {args.base:,} articles, {rows:,} timex rows in {seconds:.2f} s "
            f"= {rows / seconds:,.0f} timex rows/s"
        )
        batch = args.batch
        args.batch = args.changed
        seconds, rows, results = load(wh, args.base // 3, args.changed, args, version=1)
        args.batch = batch
        changed = sum(r.articles_changed for r in results)
        print(
            f"upsert: {changed:,} changed articles ({rows:,} timex rows replaced) "
            f"into a {args.base:,}-article warehouse in {seconds:.2f} s"
        )
        size = (Path(tmp) / "upsert.duckdb").stat().st_size
        print(f"upsert warehouse file: {size / 1e6:,.0f} MB")


if __name__ == "__main__":
    main()

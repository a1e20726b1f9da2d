"""Output check for speed work on `transforms.frames.analyse` (not a test, not a benchmark).

    python bench/check_analyse_identical.py --save REF_DIR      # before a change
    python bench/check_analyse_identical.py --compare REF_DIR   # after it

Runs `analyse` on the whole silver corpus (articles loaded as `bench_run_cost.load_articles`
loads them) and writes both frames (`timexes.parquet`, `events.parquet`) and their SHA-256
row hashes to REF_DIR, or compares them with a saved pair: the frames must be equal row for
row (same columns, dtypes, values, nulls, order); the first differing rows are printed. Exit
status 1 on any difference. Also prints the CPU seconds (`time.process_time`) of the call, the
best of `--repeat` runs, so each check doubles as a rough timing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_run_cost import DEFAULT_CORPUS, load_articles  # noqa: E402

NAMES = ("timexes", "events")


def frame_hash(frame) -> str:
    """SHA-256 over the frame's schema and its per-row hashes, in row order."""
    import hashlib

    digest = hashlib.sha256(repr(list(frame.schema.items())).encode())
    digest.update(frame.hash_rows(seed=0).to_numpy().tobytes())
    return digest.hexdigest()


def first_differences(old, new, limit: int = 5) -> str:
    """A short description of where two frames differ."""
    if old.schema != new.schema:
        return f"schemas differ:\n  {old.schema}\n  {new.schema}"
    if old.height != new.height:
        return f"heights differ: {old.height} != {new.height}"
    lines = []
    for name in old.columns:
        a, b = old.get_column(name), new.get_column(name)
        same = (a == b) | (a.is_null() & b.is_null())
        bad = (~same.fill_null(False)).arg_true()
        for row in bad.head(limit).to_list():
            lines.append(f"  row {row} column {name}: {a[row]!r} != {b[row]!r}")
    return "\n".join(lines) or "frames differ (no column-level difference found)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, help="write the frames to this directory")
    group.add_argument("--compare", type=Path, help="compare with the frames in this directory")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()

    import polars as pl

    from transforms.frames import analyse

    articles = load_articles(args.corpus)
    analyse(articles.head(20))
    best = float("inf")
    for _ in range(args.repeat):
        started = time.process_time()
        frames = analyse(articles)
        best = min(best, time.process_time() - started)
    print(f"{articles.height} articles: analyse {best:.2f} CPU s ({articles.height / best:.0f}/s)")

    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for name, frame in zip(NAMES, frames, strict=True):
            frame.write_parquet(args.save / f"{name}.parquet")
            (args.save / f"{name}.sha256").write_text(frame_hash(frame) + "\n")
            print(f"{name}: {frame.height} rows, {frame_hash(frame)[:16]}")
        return 0

    status = 0
    for name, new in zip(NAMES, frames, strict=True):
        old = pl.read_parquet(args.compare / f"{name}.parquet")
        equal = old.schema == new.schema and old.equals(new, null_equal=True)
        print(f"{name}: {new.height} rows, {'IDENTICAL' if equal else 'DIFFERENT'}")
        if not equal:
            print(first_differences(old, new))
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())

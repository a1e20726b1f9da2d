"""Peak memory of the file readers on one huge record (a script, not a test).

Issue 10 item 5: a 1 GB one-line CSV used to peak at 2.3 GB RSS and a 2 MB `.csv.gz` that
inflates to one 2 GiB line at 4.4 GB. The readers now hold at most `max_record_bytes` (10 MiB by
default) of a record and reject the rest with its line number. This script writes the inputs
to a temporary folder (default under /tmp; the 1 GB file is deleted afterwards), reads each in
a fresh subprocess with `read_sources` and prints that process's peak RSS (`ru_maxrss`), the
articles and rejects it got, and the wall time.

    python bench/bench_reader_memory.py [--plain-mb 1024] [--gz-mib 2048] [--dir /tmp]
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024
HEADER = b"id,published,text\n"
GOOD_ROW = b"after,2024-11-29,A short row after the huge one.\n"

CHILD = """
import json, resource, sys
sys.path.insert(0, sys.argv[2])
from flows.sources import read_sources
articles = rejects = 0
reasons = set()
for batch in read_sources([sys.argv[1]], {}):
    articles += batch.articles.height
    rejects += batch.rejects.height
    reasons.update(batch.rejects["reason"].to_list())
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
found = {"articles": articles, "rejects": rejects, "peak": peak, "reasons": sorted(reasons)}
print(json.dumps(found))
"""


def write_huge_csv(path: Path, size: int, compress: bool) -> None:
    """A CSV whose second line is one record of `size` bytes, then one short good row."""
    chunk = b"x" * MIB
    opener = gzip.open(path, "wb", compresslevel=9) if compress else path.open("wb")
    with opener as out:
        out.write(HEADER + b"huge,2024-11-29,")
        for _ in range(size // MIB):
            out.write(chunk)
        out.write(b"\n" + GOOD_ROW)


def measure(path: Path) -> dict:
    """Read `path` in a fresh interpreter; its peak RSS, counts and wall time."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), str(ROOT)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["seconds"] = time.perf_counter() - started
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plain-mb", type=int, default=1024, help="size of the one-line CSV")
    parser.add_argument("--gz-mib", type=int, default=2048, help="inflated size of the .csv.gz")
    parser.add_argument("--dir", default="/tmp", help="where to write the inputs")
    args = parser.parse_args()
    baseline = measure_baseline()
    print(f"interpreter + readers imported: peak {baseline / MIB:,.0f} MiB")
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="reader-memory-") as folder:
        cases = [
            (Path(folder) / "one-line.csv", args.plain_mb * MIB, False),
            (Path(folder) / "one-line.csv.gz", args.gz_mib * MIB, True),
        ]
        for path, size, compress in cases:
            write_huge_csv(path, size, compress)
            on_disk = path.stat().st_size
            result = measure(path)
            path.unlink()
            print(
                f"{path.name:<16} {on_disk / MIB:>8,.1f} MiB on disk, record {size / MIB:,.0f} MiB:"
                f" peak RSS {result['peak'] / MIB:,.0f} MiB, {result['articles']} article(s),"
                f" {result['rejects']} reject(s) {result['reasons']}, {result['seconds']:.1f} s"
            )


def measure_baseline() -> int:
    """Peak RSS of the child reading a tiny CSV: the floor the other numbers sit on."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tiny.csv"
        path.write_bytes(HEADER + GOOD_ROW)
        return measure(path)["peak"]


if __name__ == "__main__":
    main()

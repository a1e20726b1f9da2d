"""Peak memory of `timeline sql` on a large result (a script, not a test).

`timeline sql` streams: CSV and JSON are written batch by batch, a table fetches only the rows
it shows, so its memory should not grow with the result. This script loads a small warehouse,
then runs `timeline sql` as a subprocess on a generated result of `--rows` rows (four columns:
an integer, a short text, a date and a double) once per format, and prints the child's peak RSS
(`ru_maxrss` from wait4), its wall time and the output size. Target: CSV of 2.6 M rows under
300 MB.

    python bench/bench_sql_memory.py [--rows 2600000] [--formats csv json table parquet]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import warehouse_data as data  # noqa: E402
from warehouse import Warehouse  # noqa: E402

QUERY = (
    "SELECT range AS n, 'article number ' || range AS title, "
    "DATE '2000-01-01' + (range % 9000)::INTEGER AS day, range / 7 AS score "
    "FROM range({rows})"
)


def _warehouse(folder: Path) -> Path:
    path = folder / "bench.duckdb"
    wh = Warehouse(path)
    run_id = wh.start_run(sources=["bench"])
    wh.load_batch(run_id, data.articles(["a", "b"]))
    wh.finish_run(run_id, "completed", {})
    return path


def _measure(warehouse: Path, fmt: str, rows: int, output: Path) -> tuple[float, float, int]:
    """Run `timeline sql` once; return (peak RSS MiB, wall s, bytes written)."""
    command = [sys.executable, "-m", "cli.main", "sql", "--warehouse", str(warehouse)]
    command += ["--format", fmt, QUERY.format(rows=rows)]
    if fmt == "parquet":
        command += ["--output", str(output), "--force"]
    began = time.monotonic()
    with open(output if fmt != "parquet" else os.devnull, "wb") as sink:
        child = subprocess.Popen(command, cwd=ROOT, stdout=sink, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
    wall = time.monotonic() - began
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{fmt}: timeline sql failed: {child.stderr.read().decode().strip()}")
    child.stderr.close()
    return usage.ru_maxrss / 1024, wall, output.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_600_000)
    parser.add_argument(
        "--formats", nargs="+", default=["csv", "json", "table", "parquet"], metavar="FORMAT"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        warehouse = _warehouse(Path(folder))
        print(f"timeline sql on a {args.rows:,}-row result")
        print(f"{'format':<8} {'peak RSS MiB':>12} {'wall s':>7} {'output MiB':>10}")
        for fmt in args.formats:
            output = Path(folder) / f"out.{fmt}"
            peak, wall, size = _measure(warehouse, fmt, args.rows, output)
            print(f"{fmt:<8} {peak:>12.0f} {wall:>7.1f} {size / 2**20:>10.1f}")
            output.unlink()


if __name__ == "__main__":
    main()

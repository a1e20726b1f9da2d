"""Scale benchmark of the whole ingest flow (a script, not a test).

For each size (default 1k, 10k, 100k synthetic articles from `bench/synthetic.py`) it runs
`timeline run FILE --runner R` as a subprocess into a fresh on-disk warehouse and prints the
wall time of the whole command (Python start, temporary Prefect API, flow, shutdown), docs/s on
that wall time, the peak RSS of the whole process tree (sampled every 0.1 s with psutil and
summed over the CLI, its Prefect server and the worker processes — shared pages count once per
process, so it is an upper bound), the CPU seconds the tree used (what the run costs whatever
else the machine is doing), the warehouse file size and the time ratios between sizes.

Prefect runs against a private `PREFECT_HOME` in the data folder; one small warm-up run first
creates and migrates its database so no measured run pays for that.

    python bench/bench_scale.py [--sizes 1000 10000 100000] [--runner processes] [--repeat 1]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import synthetic  # noqa: E402

MIB = 1024 * 1024


@dataclass
class Measure:
    """One measured run of the flow."""

    size: int
    wall: float
    flow_seconds: float
    peak_rss: int
    role_peaks: dict[str, int]
    cpu_seconds: float
    warehouse_bytes: int
    loaded: int


def _role(proc: psutil.Process, root: psutil.Process) -> str:
    """What a process of the tree is: the flow, the Prefect API server or a worker."""
    if proc.pid == root.pid:
        return "flow"
    command = " ".join(proc.cmdline())
    return "server" if "uvicorn" in command or "server start" in command else "worker"


def _sample_tree(
    root: psutil.Process,
    seen: dict[int, psutil.Process],
    cpu: dict[int, float],
    peaks: dict[str, int],
) -> int:
    """Current RSS of `root` and its descendants; updates CPU seconds and peak RSS per role."""
    total = 0
    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for proc in procs:
        seen.setdefault(proc.pid, proc)
        try:
            rss = proc.memory_info().rss
            times = proc.cpu_times()
            role = _role(proc, root)
        except psutil.NoSuchProcess:
            continue
        total += rss
        cpu[proc.pid] = times.user + times.system
        peaks[role] = max(peaks.get(role, 0), rss)
    return total


def run_flow(
    source: Path, warehouse: Path, runner: str, workers: int, batch_size: int, env: dict
) -> tuple[float, int, dict[str, int], float, str]:
    """Run `timeline run` once: wall s, peak tree RSS, peak RSS per role, tree CPU s, output."""
    command = [
        sys.executable, "-m", "cli.main", "run", str(source), "--warehouse", str(warehouse),
        "--runner", runner, "--workers", str(workers), "--batch-size", str(batch_size),
    ]  # fmt: skip
    log = warehouse.with_suffix(".log")
    seen: dict[int, psutil.Process] = {}
    cpu: dict[int, float] = {}
    peaks: dict[str, int] = {}
    peak = 0
    with log.open("w") as out:
        started = time.perf_counter()
        proc = psutil.Popen(command, stdout=out, stderr=out, env=env, cwd=ROOT)
        while proc.poll() is None:
            peak = max(peak, _sample_tree(proc, seen, cpu, peaks))
            time.sleep(0.1)
        wall = time.perf_counter() - started
    for leftover in seen.values():
        if leftover.pid != proc.pid and leftover.is_running():
            leftover.terminate()
    text = log.read_text(encoding="utf-8", errors="replace")
    if proc.returncode != 0:
        raise RuntimeError(f"timeline run failed ({proc.returncode}), see {log}:\n{text[-2000:]}")
    return wall, peak, peaks, sum(cpu.values()), text


def measure(size: int, source: Path, work: Path, args: argparse.Namespace, env: dict) -> Measure:
    """One fresh-warehouse run at `size` articles."""
    from warehouse import Warehouse

    folder = Path(tempfile.mkdtemp(prefix=f"wh-{size}-", dir=work))
    warehouse = folder / "timeline.duckdb"
    wall, peak, peaks, cpu, text = run_flow(
        source, warehouse, args.runner, args.workers, args.batch_size, env
    )
    found = re.search(r"completed in ([\d.]+) s", text)
    loaded = Warehouse(warehouse).query("SELECT count(*) AS n FROM articles").item()
    size_bytes = sum(p.stat().st_size for p in folder.glob("timeline.duckdb*"))
    flow_seconds = float(found.group(1)) if found else 0.0
    return Measure(size, wall, flow_seconds, peak, peaks, cpu, size_bytes, loaded)


def input_file(work: Path, size: int, seed: int) -> Path:
    """The synthetic input of `size` articles, generated once per data folder."""
    path = work / f"synthetic-{size}-s{seed}.jsonl.gz"
    if not path.exists():
        t0 = time.perf_counter()
        synthetic.write(path, size, seed)
        print(f"generated {path.name} in {time.perf_counter() - t0:.1f} s", flush=True)
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--runner", choices=("threads", "processes", "dask"), default="processes")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--batch-size", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=1, help="runs per size; all are printed")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "timeline-scale")
    args = ap.parse_args()

    args.data.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PREFECT_HOME": str(args.data / "prefect-home"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    env.pop("PREFECT_API_URL", None)
    print(
        f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, "
        f"load {os.getloadavg()[0]:.1f}; runner {args.runner} x{args.workers}, "
        f"batch {args.batch_size}",
        flush=True,
    )
    warm = measure(200, input_file(args.data, 200, args.seed), args.data, args, env)
    print(f"warm-up (200 articles, not counted): {warm.wall:.1f} s", flush=True)
    results: dict[int, list[Measure]] = {}
    for size in args.sizes:
        source = input_file(args.data, size, args.seed)
        for _ in range(args.repeat):
            m = measure(size, source, args.data, args, env)
            results.setdefault(size, []).append(m)
            print(
                f"  {size:>7,} articles: {m.wall:7.1f} s wall ({m.flow_seconds:.1f} s in flow), "
                f"{size / m.wall:5.0f} docs/s, {m.cpu_seconds:6.1f} CPU s, "
                f"peak RSS {m.peak_rss / MIB:5.0f} MiB ("
                + ", ".join(f"{r} {v / MIB:.0f}" for r, v in sorted(m.role_peaks.items()))
                + "), "
                f"warehouse {m.warehouse_bytes / MIB:6.1f} MiB, {m.loaded:,} loaded, "
                f"load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
    best = {size: min(runs, key=lambda m: m.wall) for size, runs in results.items()}
    first = best[args.sizes[0]]
    print("\nbest run per size:")
    print(
        "| articles | wall s | docs/s | CPU s | peak RSS MiB | warehouse MiB "
        "| time / first | time / previous |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    previous = None
    for size, m in best.items():
        step = f"{m.wall / previous.wall:.1f}" if previous else ""
        print(
            f"| {size:,} | {m.wall:.1f} | {size / m.wall:.0f} | {m.cpu_seconds:.0f} "
            f"| {m.peak_rss / MIB:.0f} | "
            f"{m.warehouse_bytes / MIB:.1f} | {m.wall / first.wall:.1f} | {step} |"
        )
        previous = m


if __name__ == "__main__":
    main()

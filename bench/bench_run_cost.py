"""Run-cost benchmark (not a test): what `timeline run` costs on top of the tagging it does.

    python bench/bench_run_cost.py [--corpus PATH] [--repeat 2] [--data DIR] [--modes ...]
        [--code OLD_TREE .] [--no-breakdown]

Measures, on the silver corpus by default (2,452 articles):

- bare tagging: `transforms.frames.analyse` (timexes and events) on the corpus's articles, as
  the flow's reader delivers them, in this process on one core;
- `timeline run CORPUS` into a fresh warehouse, as a subprocess (wall time of the command), and
  the no-op rerun that follows (nothing new);
- both with Prefect's temporary API (no `PREFECT_API_URL`) and with a running server
  (`prefect server start` on a free port with its own PREFECT_HOME, `PREFECT_API_URL` set);
- a breakdown of the fixed cost: import times, Python start, an empty flow's start and finish,
  artifact calls, the temporary API's start and stop, source reading, the unchanged-id check,
  warehouse open/migrate and the run's chart.

The machine is shared, so every measure is repeated `--repeat` times and the minimum is
reported; with several `--code` trees their runs alternate, so that they meet the same load.
Runs use a private PREFECT_HOME under `--data` (one uncounted warm-up run per tree and mode
creates its database first).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "news" / "te3-silver-articles.jsonl.gz"

FLOW_PROBE = """
import sys, time
t0 = time.perf_counter()
from prefect import flow
from prefect.artifacts import (create_markdown_artifact, create_progress_artifact,
    create_table_artifact, update_progress_artifact)
imported = time.perf_counter()
marks = {}

@flow(name="bench-empty")
def empty():
    marks["body"] = time.perf_counter()
    t = time.perf_counter()
    progress = create_progress_artifact(0.0)
    update_progress_artifact(progress, 100.0)
    create_table_artifact([{"a": 1}], key="bench-table")
    create_markdown_artifact("# bench", key="bench-markdown")
    marks["artifacts"] = time.perf_counter() - t
    marks["returned"] = time.perf_counter()

empty()
done = time.perf_counter()
print(imported - t0, marks["body"] - imported, marks["artifacts"], done - marks["returned"])
"""


def best(measure: Callable[[], float], repeat: int) -> float:
    """The smallest of `repeat` measurements (the least disturbed by other load)."""
    return min(measure() for _ in range(repeat))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wall(command: list[str], env: dict[str, str]) -> float:
    """Wall seconds of a command; it must succeed."""
    started = time.perf_counter()
    subprocess.run(
        command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        cwd=env.get("PYTHONPATH"),
    )  # fmt: skip
    return time.perf_counter() - started


def load_articles(corpus: Path):
    """The corpus's articles as the flow's reader yields them, in one frame."""
    import polars as pl

    from flows.sources import read_sources

    batches = list(read_sources([str(corpus)], {}, 500, None))
    return pl.concat([b.articles for b in batches], how="diagonal_relaxed")


def bare_tagging(articles, repeat: int) -> float:
    from transforms.frames import analyse

    analyse(articles.head(20))

    def once() -> float:
        started = time.perf_counter()
        analyse(articles)
        return time.perf_counter() - started

    return best(once, repeat)


class PrefectServer:
    """`prefect server start` on a free port with its own PREFECT_HOME, stopped on exit."""

    def __init__(self, home: Path, env: dict[str, str]) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}/api"
        server_env = {**env, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
        server_env.pop("PREFECT_API_URL", None)
        self.log = open(home.parent / "server.log", "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
             "--port", str(port)],
            env=server_env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def wait(self, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"prefect server exited ({self.process.returncode})")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("prefect server did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def run_pair(corpus: Path, place: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds of `timeline run` into a fresh warehouse and of the no-op rerun."""
    warehouse = place / "w.duckdb"
    shutil.rmtree(place, ignore_errors=True)
    place.mkdir(parents=True)
    command = [sys.executable, "-m", "cli.main", "run", str(corpus), "--warehouse",
               str(warehouse)]  # fmt: skip
    return wall(command, env), wall(command, env)


def import_seconds(module: str, env: dict[str, str], repeat: int) -> float:
    """Cumulative `-X importtime` of `module` in a fresh interpreter (best of `repeat`)."""

    def once() -> float:
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", f"import {module}"],
            env=env, capture_output=True, text=True, check=True, cwd=env["PYTHONPATH"],
        )  # fmt: skip
        for line in reversed(done.stderr.splitlines()):
            parts = [p.strip() for p in line.split("|")]
            if len(parts) == 3 and parts[2] == module:
                return int(parts[1]) / 1e6
        raise RuntimeError(f"no import time for {module}")

    return best(once, repeat)


def flow_probe(env: dict[str, str], repeat: int) -> list[float]:
    """Import, flow start, four artifact calls, and flow finish of an empty flow (best each)."""
    runs = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-c", FLOW_PROBE], env=env, capture_output=True, text=True,
            check=True, cwd=ROOT,
        )  # fmt: skip
        runs.append([float(x) for x in done.stdout.split()[-4:]])
    return [min(column) for column in zip(*runs, strict=True)]


def temporary_api_seconds(env: dict[str, str], repeat: int) -> tuple[float, float]:
    """Start (to a healthy /health) and stop of the temporary API server `timeline run` uses."""
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        from flows.runners import TemporaryApi

        starts, stops = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            api = TemporaryApi()
            api.wait(300)
            starts.append(time.perf_counter() - started)
            started = time.perf_counter()
            api.stop()
            stops.append(time.perf_counter() - started)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return min(starts), min(stops)


def in_process_parts(corpus: Path, warehouse: Path, repeat: int) -> dict[str, float]:
    """Source reading, unchanged-id check, warehouse open/migrate and the run chart."""
    from flows.sources import read_sources
    from flows.timeline_artifact import timeline_markdown
    from warehouse import Warehouse

    def timed(action: Callable[[], object]) -> Callable[[], float]:
        def once() -> float:
            started = time.perf_counter()
            action()
            return time.perf_counter() - started

        return once

    batches = list(read_sources([str(corpus)], {}, 500, None))
    loaded = Warehouse(warehouse)
    run_id = loaded.query("select run_id from runs order by started_at limit 1").item()
    scratch = Path(tempfile.mkdtemp(prefix="run-cost-"))
    counter = iter(range(10**6))
    parts = {
        "read the source (5 batches of 500)": best(
            timed(lambda: list(read_sources([str(corpus)], {}, 500, None))), repeat
        ),
        "hash + unchanged-id check, all batches": best(
            timed(lambda: [loaded.unchanged_ids(b.articles) for b in batches]), repeat
        ),
        "create + migrate a new warehouse": best(
            timed(lambda: Warehouse(scratch / f"w{next(counter)}.duckdb").migrate()), repeat
        ),
        "open + migrate check + start_run": best(timed(lambda: loaded.start_run()), repeat),
        "run chart: query + matplotlib render": best(
            timed(lambda: timeline_markdown(warehouse, run_id)), repeat
        ),
    }
    shutil.rmtree(scratch, ignore_errors=True)
    return parts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=2, help="repeats per measure; min reported")
    ap.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "run-cost")
    ap.add_argument(
        "--modes", nargs="+", choices=("ephemeral", "server"), default=["ephemeral", "server"]
    )
    ap.add_argument("--no-breakdown", action="store_true", help="only the run/bare table")
    ap.add_argument(
        "--code",
        type=Path,
        nargs="+",
        default=[ROOT],
        help="project trees whose `timeline run` is timed, runs interleaved (e.g. an export of "
        "the commit before the changes, then this tree)",
    )
    args = ap.parse_args()

    shutil.rmtree(args.data, ignore_errors=True)
    args.data.mkdir(parents=True)
    env = {
        **os.environ,
        "PREFECT_HOME": str(args.data / "prefect-home"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("PREFECT_API_URL", None)
    codes = [code.resolve() for code in args.code]
    print(
        f"code {', '.join(map(str, codes))}; corpus {args.corpus}; best of {args.repeat}; "
        f"load average {os.getloadavg()[0]:.1f}"
    )

    articles = load_articles(args.corpus)
    bare_runs = [bare_tagging(articles, 1)]
    runs: dict[tuple[str, Path], list[tuple[float, float]]] = {}
    server = None
    try:
        for mode in args.modes:
            mode_env = dict(env)
            if mode == "server":
                (args.data / "server").mkdir()
                server = PrefectServer(args.data / "server" / "home", env)
                server.wait()
                mode_env["PREFECT_API_URL"] = server.url
            for code in codes:
                warm = args.data / "warm-up" / "w.duckdb"
                shutil.rmtree(warm.parent, ignore_errors=True)
                warm.parent.mkdir(parents=True)
                wall([sys.executable, "-m", "cli.main", "run", str(args.corpus), "--warehouse",
                      str(warm)], {**mode_env, "PYTHONPATH": str(code)})  # fmt: skip
            for attempt in range(args.repeat):
                bare_runs.append(bare_tagging(articles, 1))
                for number, code in enumerate(codes):
                    code_env = {**mode_env, "PYTHONPATH": str(code)}
                    place = args.data / mode / f"code{number}-{attempt}"
                    runs.setdefault((mode, code), []).append(run_pair(args.corpus, place, code_env))
        bare = min(bare_runs)
        print("\n| measure | code | s | / bare |\n|---|---|---:|---:|")
        print(f"| bare tagging + events (analyse, in-process) | | {bare:.2f} | |")
        for (mode, code), pairs in runs.items():
            fresh, rerun = min(p[0] for p in pairs), min(p[1] for p in pairs)
            print(f"| timeline run, fresh warehouse ({mode}) | {code.name} | {fresh:.2f} "
                  f"| {fresh / bare:.2f}x |")  # fmt: skip
            print(f"| timeline run, no-op rerun ({mode}) | {code.name} | {rerun:.2f} | |")
        if args.no_breakdown:
            return
        breakdown: list[tuple[str, float]] = [
            ("python -c pass", best(lambda: wall([sys.executable, "-c", "pass"], env), args.repeat))
        ]
        for module in ("cli.run", "prefect", "flows.ingest", "warehouse", "transforms.frames",
                       "transforms.charts", "prefect.server.api.server"):  # fmt: skip
            breakdown.append((f"import {module}", import_seconds(module, env, args.repeat)))
        if server is not None:
            probe_env = {**env, "PREFECT_API_URL": server.url}
            _, start, artifacts, finish = flow_probe(probe_env, args.repeat)
            breakdown += [
                ("empty flow: call to body (server)", start),
                ("4 artifact calls (server)", artifacts),
                ("empty flow: return to caller (server)", finish),
            ]
        start, stop = temporary_api_seconds(env, args.repeat)
        breakdown += [("temporary API: start to healthy", start), ("temporary API: stop", stop)]
        warehouse = next((args.data / args.modes[0]).glob("code*/w.duckdb"))
        breakdown += in_process_parts(args.corpus, warehouse, args.repeat).items()
        print("\n| fixed cost | s |\n|---|---:|")
        for name, seconds in breakdown:
            print(f"| {name} | {seconds:.2f} |")
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    main()

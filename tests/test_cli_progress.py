"""Progress of `timeline run`: it moves as batches are normalised, not only when they load, and
stays out of output that is not a terminal; `-q` and `--log-format json` shape the logs."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from concurrent.futures import Future
from pathlib import Path

import pytest

from cli.run import _progress_printer
from flows import progress

ROOT = Path(__file__).resolve().parents[1]


def _articles(path: Path, count: int) -> Path:
    lines = [
        json.dumps(
            {
                "id": f"p{i}",
                "source": "progress-test",
                "published": "2024-11-29",
                "title": f"Story {i}",
                "text": f"Talks on item {i} resumed on Monday and will end next week.",
            }
        )
        for i in range(count)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_tracked_future_counts_as_staged_and_reports_normalised_when_it_finishes() -> None:
    seen: list[progress.Progress] = []
    progress.listen(seen.append)
    try:
        future: Future = Future()
        assert progress.track(future, "a.jsonl") is future
        assert len(seen) == 1
        future.set_result(None)
        progress.notify(1, 2, "a.jsonl")
    finally:
        progress.forget(seen.append)
    assert seen == [
        progress.Progress(normalised=0, loaded=0, total=1, source="a.jsonl"),
        progress.Progress(normalised=1, loaded=0, total=1, source="a.jsonl"),
        progress.Progress(normalised=1, loaded=1, total=2, source="a.jsonl"),
    ]
    assert seen[-1].fraction == 0.5


def test_listening_again_starts_the_counts_from_zero() -> None:
    first: list[progress.Progress] = []
    progress.listen(first.append)
    progress.normalised("a")
    progress.forget(first.append)
    second: list[progress.Progress] = []
    progress.listen(second.append)
    progress.normalised("b")
    progress.forget(second.append)
    assert second == [progress.Progress(normalised=1, loaded=0, total=1, source="b")]


def test_terminal_bar_redraws_one_line_with_normalised_and_loaded_batches() -> None:
    stream = io.StringIO()
    show = _progress_printer(stream)
    show(progress.Progress(normalised=2, loaded=0, total=4, source="news.jsonl"))
    show(progress.Progress(normalised=4, loaded=4, total=4, source="news.jsonl"))
    frames = stream.getvalue().split("\r")[1:]
    assert frames[0].startswith("[#######.......................] 4 batches: 2 normalised, 0")
    assert frames[1].startswith("[##############################] 4 batches: 4 normalised, 4")
    assert "news.jsonl" in frames[1]
    assert "\n" not in stream.getvalue()


@pytest.mark.slow
def test_progress_moves_while_batches_are_normalised_before_any_load(
    prefect_harness, tmp_path
) -> None:
    from flows.ingest import ingest

    source = _articles(tmp_path / "news.jsonl", 40)
    seen: list[progress.Progress] = []
    progress.listen(seen.append)
    try:
        result = ingest(
            sources=[str(source)],
            warehouse=str(tmp_path / "w.duckdb"),
            batch_size=10,
            load_size=1_000,
        )
    finally:
        progress.forget(seen.append)
    assert result["status"] == "completed"
    normalised_before_load = sorted({p.normalised for p in seen if p.loaded == 0})
    assert normalised_before_load == list(range(len(normalised_before_load)))
    assert len(normalised_before_load) >= 5
    last = seen[-1]
    assert last.normalised == last.loaded == last.total >= 4 and last.source == str(source)


def _timeline(*args: str) -> subprocess.CompletedProcess:
    """`timeline ARGS…` in a fresh interpreter, on the session's Prefect API (the harness's), so
    that it does not start and stop a temporary server of its own."""
    from prefect.settings import PREFECT_API_URL

    env = {
        **os.environ,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_API_URL": PREFECT_API_URL.value(),
    }
    return subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


@pytest.mark.slow
def test_redirected_run_output_has_no_progress_bar_and_quiet_keeps_only_the_summary(
    prefect_harness, tmp_path
) -> None:
    source = _articles(tmp_path / "news.jsonl", 30)
    warehouse = str(tmp_path / "w.duckdb")
    plain = _timeline("run", str(source), "--warehouse", warehouse, "--batch-size", "10")
    assert plain.returncode == 0, plain.stderr
    assert "\r" not in plain.stderr and "normalised," not in plain.stderr
    assert " loaded" in plain.stderr

    quiet = _timeline("-q", "run", str(source), "--warehouse", warehouse, "--full-refresh")
    assert quiet.returncode == 0, quiet.stderr
    assert quiet.stderr == ""
    assert quiet.stdout.startswith("run ") and "TOTAL" in quiet.stdout


@pytest.mark.slow
def test_json_log_format_writes_one_json_object_per_stderr_line(prefect_harness, tmp_path) -> None:
    source = _articles(tmp_path / "news.jsonl", 5)
    result = _timeline(
        "run", str(source), "--warehouse", str(tmp_path / "w.duckdb"), "--log-format", "json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stderr.splitlines()]
    assert records and all({"level", "logger", "message"} <= set(r) for r in records)
    assert any(" loaded" in r["message"] for r in records)

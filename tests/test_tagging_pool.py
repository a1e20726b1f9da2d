"""The tagging pool: batches tagged in worker processes give exactly what in-process tagging
gives, small batches start no worker, and the pool is opt-in (call or environment)."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from flows import tagging_pool
from flows.staging import read_frame, write_frame
from tests.conftest import ROOT, SILVER


def _silver_batch(directory: Path, name: str, size: int) -> str:
    rows = []
    with gzip.open(SILVER, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            rows.append(
                {
                    "id": str(record.get("id") or len(rows)),
                    "published": date.fromisoformat(str(record["published"])[:10]),
                    "title": record.get("title"),
                    "text": record["text"],
                }
            )
            if len(rows) == size:
                break
    return write_frame(pl.DataFrame(rows), directory, f"{name}-articles")


@pytest.fixture(autouse=True)
def fresh_run():
    """Each test starts as a run does (an in-process flow that failed earlier in this process
    leaves batches untagged until the next run starts)."""
    tagging_pool.new_run()


@pytest.fixture
def pool():
    tagging_pool.enable(2)
    yield
    tagging_pool.disable()


def _frames(done: tagging_pool.AnalysedBatch) -> tuple[pl.DataFrame, pl.DataFrame]:
    return read_frame(done.timexes), read_frame(done.events)


@pytest.mark.slow
def test_a_batch_tagged_in_worker_processes_equals_the_batch_tagged_in_process(
    tmp_path, pool
) -> None:
    path = _silver_batch(tmp_path, "b00000", tagging_pool.POOL_MIN_ARTICLES)
    pooled = tagging_pool.analyse(path, tagging_pool.POOL_MIN_ARTICLES)
    workers = tagging_pool.worker_pids()
    pooled_frames = _frames(pooled)
    inline = tagging_pool.analyse_staged(path)
    assert workers, "a batch of POOL_MIN_ARTICLES articles was tagged without a worker"
    assert pooled.timex_count == inline.timex_count > 0
    assert pooled.event_count == inline.event_count > 0
    for got, expected in zip(pooled_frames, _frames(inline), strict=True):
        assert_frame_equal(got, expected)


def test_a_small_batch_is_tagged_in_process_without_starting_a_worker(tmp_path, pool) -> None:
    path = _silver_batch(tmp_path, "b00000", 3)
    done = tagging_pool.analyse(path, 3)
    assert done.timex_count > 0
    assert not tagging_pool.worker_pids()


def test_the_pool_is_off_unless_enabled_or_named_in_the_environment() -> None:
    code = "from flows import tagging_pool; print(tagging_pool.enabled())"
    env = {k: v for k, v in os.environ.items() if k != tagging_pool.WORKERS_ENV}
    outputs = []
    for setting in (None, "0", "auto", "2"):
        if setting is not None:
            env[tagging_pool.WORKERS_ENV] = setting
        done = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
        )
        outputs.append(done.stdout.strip())
    assert outputs == ["False", "False", "True", "True"]


def test_an_over_long_article_is_reported_with_its_length(tmp_path, pool) -> None:
    frame = pl.DataFrame(
        {
            "id": ["long", "short"],
            "published": [date(2024, 11, 29)] * 2,
            "text": ["On Monday the talks resumed. " * 40, "Talks ended on Friday."],
        }
    )
    path = write_frame(frame, tmp_path, "b00000-articles")
    done = tagging_pool.analyse(path, 2, limit=200)
    assert done.too_long == 1
    assert done.too_long_example == ("long", len("On Monday the talks resumed. " * 40))


def test_a_worker_is_started_ahead_only_for_large_local_sources_that_changed(tmp_path) -> None:
    from flows.sources.files import file_state

    big, small = tmp_path / "big.jsonl", tmp_path / "small.jsonl"
    big.write_text('{"id": "a"}\n' * 100_000)
    small.write_text('{"id": "a"}\n')
    never_read = lambda key: None  # noqa: E731
    read_before = lambda key: {"reader_state": file_state(big)}  # noqa: E731
    assert tagging_pool.worth_prewarming([str(big)], never_read)
    assert not tagging_pool.worth_prewarming([str(small)], never_read)
    assert not tagging_pool.worth_prewarming([str(big)], read_before)
    assert tagging_pool.worth_prewarming([str(big)], read_before, full_refresh=True)
    assert not tagging_pool.worth_prewarming(["http://127.0.0.1:9/feed"], never_read)


def test_a_failing_run_leaves_batches_not_yet_started_untagged_until_the_next_run(
    tmp_path,
) -> None:
    from concurrent.futures import CancelledError

    path = _silver_batch(tmp_path, "b00000", 2)
    tagging_pool.cancel_queued()
    try:
        with pytest.raises(CancelledError):
            tagging_pool.analyse(path, 2)
    finally:
        tagging_pool.new_run()
    assert tagging_pool.analyse(path, 2).timex_count >= 0

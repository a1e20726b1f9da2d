"""The garbage-collector pause around tagging batches (transforms.collector)."""

from __future__ import annotations

import gc
import threading
from datetime import date

import polars as pl

from transforms.collector import collector_paused
from transforms.frames import analyse


def test_collector_is_off_inside_and_back_on_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_collector_stays_off_when_it_was_off_before() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_collector_comes_back_after_a_failing_batch() -> None:
    try:
        with collector_paused():
            raise RuntimeError("batch failed")
    except RuntimeError:
        pass
    assert gc.isenabled()


def test_overlapping_batches_resume_the_collector_only_when_the_last_ends() -> None:
    first_inside = threading.Event()
    first_may_end = threading.Event()
    seen_after_second: list[bool] = []

    def first() -> None:
        with collector_paused():
            first_inside.set()
            first_may_end.wait(10)

    thread = threading.Thread(target=first)
    thread.start()
    first_inside.wait(10)
    with collector_paused():
        pass
    seen_after_second.append(gc.isenabled())
    first_may_end.set()
    thread.join(10)
    assert seen_after_second == [False]
    assert gc.isenabled()


def test_analyse_leaves_the_collector_on() -> None:
    articles = pl.DataFrame(
        {
            "id": ["a"],
            "published": [date(2024, 11, 29)],
            "text": ["Talks resumed on Friday after a pause, officials said."],
        }
    )
    timexes, events = analyse(articles)
    assert timexes.height >= 1 and events.height >= 1
    assert gc.isenabled()

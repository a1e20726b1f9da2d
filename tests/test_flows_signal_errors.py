"""Which errors reaching the ingest flow count as a stop signal (`flows.ingest.caused_by_signal`):
an interrupted run must wait for `timeline run`'s stopper, which records it Cancelled."""

from __future__ import annotations

import signal

import pytest
from prefect.exceptions import TerminationSignal
from pydantic import BaseModel, model_serializer

from flows.ingest import caused_by_signal


class _Interrupted(BaseModel):
    """A model whose serialiser is where SIGTERM lands, as when Prefect serialises a request."""

    value: int = 1

    @model_serializer(mode="wrap")
    def _ser_model(self, handler):
        raise TerminationSignal(signal.SIGTERM)


class _Request(BaseModel):
    body: _Interrupted


def test_sigterm_landing_inside_pydantic_serialisation_still_counts_as_a_signal() -> None:
    with pytest.raises(Exception) as raised:
        _Request(body=_Interrupted()).model_dump_json()
    assert not isinstance(raised.value, TerminationSignal)
    assert caused_by_signal(raised.value)


def test_signal_exceptions_and_errors_caused_by_them_count_as_signals() -> None:
    assert caused_by_signal(KeyboardInterrupt())
    assert caused_by_signal(TerminationSignal(signal.SIGTERM))
    try:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as interrupt:
            raise RuntimeError("batch abandoned") from interrupt
    except RuntimeError as wrapped:
        assert caused_by_signal(wrapped)


def test_ordinary_failures_are_not_signals() -> None:
    assert not caused_by_signal(OSError(28, "No space left on device"))
    assert not caused_by_signal(ValueError("bad date"))
    try:
        try:
            raise OSError("disk full")
        except OSError as cause:
            raise RuntimeError("load failed") from cause
    except RuntimeError as wrapped:
        assert not caused_by_signal(wrapped)


def test_a_flow_run_the_api_cannot_cancel_in_time_is_reported_not_assumed(monkeypatch) -> None:
    import socket

    from cli import run

    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    monkeypatch.setattr(run, "_CANCEL_WAIT", 0.5)
    api = f"http://127.0.0.1:{port}/api"
    assert run._cancel_flow_runs(api, ["00000000-0000-0000-0000-000000000000"], "SIGINT") is False
    assert run._cancel_flow_runs(api, [], "SIGINT") is True

"""An in-process progress hook: the flow reports loaded batches, a terminal front end listens."""

from __future__ import annotations

from collections.abc import Callable

Listener = Callable[[int, int, str], None]
_listeners: list[Listener] = []


def listen(listener: Listener) -> None:
    """Call `listener(done, total, source)` after every loaded batch in this process."""
    _listeners.append(listener)


def forget(listener: Listener) -> None:
    """Stop calling `listener`."""
    if listener in _listeners:
        _listeners.remove(listener)


def notify(done: int, total: int, source: str) -> None:
    """Tell every listener that `done` of the `total` batches staged so far are loaded."""
    for listener in list(_listeners):
        listener(done, total, source)

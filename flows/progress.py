"""An in-process progress hook: the flow reports normalised and loaded batches, a terminal front
end listens.

Loads come in groups of several thousand articles, so a bar fed by loads alone stands still for
minutes on a big source; normalised batches (`track`) make it move while the work is done.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Progress:
    """Where a run is: batches normalised and loaded so far, out of `total` staged so far, and
    the source being worked on."""

    normalised: int
    loaded: int
    total: int
    source: str

    @property
    def fraction(self) -> float:
        """Share of the work done, normalising and loading weighing half each."""
        return min(1.0, (self.normalised + self.loaded) / (2 * max(self.total, 1)))


Listener = Callable[[Progress], None]
_listeners: list[Listener] = []
_lock = threading.Lock()
_state = {"normalised": 0, "loaded": 0, "total": 0, "source": ""}


def listen(listener: Listener) -> None:
    """Call `listener(progress)` after every normalised and every loaded batch in this process.

    The counts start again from zero: one listener follows one run."""
    with _lock:
        _state.update(normalised=0, loaded=0, total=0, source="")
        _listeners.append(listener)


def forget(listener: Listener) -> None:
    """Stop calling `listener`."""
    with _lock:
        if listener in _listeners:
            _listeners.remove(listener)


def _publish(added: dict[str, int], changes: dict[str, Any], total_at_least: int = 0) -> None:
    """Apply `added` counts and `changes`, then call every listener with the new state."""
    with _lock:
        for key, count in added.items():
            _state[key] += count
        _state.update(changes)
        _state["total"] = max(
            _state["total"], total_at_least, _state["normalised"], _state["loaded"]
        )
        snapshot = Progress(**_state)
        for listener in list(_listeners):
            listener(snapshot)


def notify(done: int, total: int, source: str) -> None:
    """Tell every listener that `done` of the `total` batches staged so far are loaded."""
    _publish({}, {"loaded": done, "source": source}, total_at_least=total)


def normalised(source: str) -> None:
    """Tell every listener that one more batch of `source` is normalised."""
    _publish({"normalised": 1}, {"source": source})


def track(future: Any, source: str) -> Any:
    """Count `future` (a submitted normalise task) as a staged batch and report it as normalised
    once it finishes; return the future. A future that cannot take a callback is only counted."""
    _publish({"total": 1}, {"source": source})
    add_callback = getattr(future, "add_done_callback", None)
    if add_callback is not None:
        add_callback(lambda _done: normalised(source))
    return future

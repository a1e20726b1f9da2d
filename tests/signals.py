"""Start the processes a test will press Ctrl-C on with Ctrl-C working in them."""

from __future__ import annotations

import signal


def sigint_default() -> None:
    """`preexec_fn` for a child a test sends SIGINT: SIGINT at its default disposition, so
    Python installs its KeyboardInterrupt handler there. A child inherits an ignored SIGINT
    (a suite started in the background by a non-interactive shell ignores it), and `timeline
    sql` and `timeline serve` rightly keep ignoring it then; the test would wait in vain."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)

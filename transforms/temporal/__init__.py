"""The temporal engine: recognise, interpret and resolve temporal expressions in English news."""

from typing import Any

from transforms.temporal.model import Timex

__all__ = ["Timex", "tag"]


def __getattr__(name: str) -> Any:
    """Load the tagger (its rules compile on import) on first use of `tag`."""
    if name == "tag":
        from transforms.temporal.tagger import tag

        return tag
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""The temporal engine: recognise, interpret and resolve temporal expressions in English news."""

from transforms.temporal.model import Timex
from transforms.temporal.tagger import tag

__all__ = ["Timex", "tag"]

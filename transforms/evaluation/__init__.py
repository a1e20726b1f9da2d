"""Scoring the temporal engine against TimeML gold annotations (TempEval-3 metrics)."""

from transforms.evaluation.scoring import Span, score
from transforms.evaluation.timeml import GoldDocument, read_timeml, read_timeml_paths

__all__ = ["GoldDocument", "Span", "read_timeml", "read_timeml_paths", "score"]

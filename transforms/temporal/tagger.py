"""Public entry point of the temporal engine: text + publication date -> TIMEX3 records."""

from __future__ import annotations

from datetime import date, datetime

from transforms.temporal.meaning import Direction, Kind, Meaning, Reference
from transforms.temporal.model import Resolved, Timex, TimexType
from transforms.temporal.recognise import recognise
from transforms.temporal.resolve import Context, is_narrative, resolve, resolve_range
from transforms.temporal.tense import TenseReader

SUPPORTED_LANGUAGES = ("en",)
_TENSE_KINDS = frozenset({Kind.CALENDAR, Kind.WEEKEND, Kind.SEASON, Kind.HOLIDAY})


def _needs_tense(meaning: Meaning, narrative: bool) -> bool:
    """Whether the clause's tense decides this meaning. A story is told in the past tense
    throughout, so there tense says nothing about the story's own time; "in two weeks" is a
    date ahead in a future clause and a length in a past one, in any text."""
    if meaning.kind == Kind.DURATION:
        return meaning.reference == Reference.DCT and bool(meaning.offset)
    return (
        not narrative
        and meaning.kind in _TENSE_KINDS
        and meaning.year is None
        and meaning.direction in (None, Direction.THIS)
    )


def tag(text: str, published: date | datetime, language: str = "en") -> list[Timex]:
    """Find and normalise every temporal expression in `text`, published on `published`.

    Returns records in text order with non-overlapping spans. Underspecified expressions are
    resolved against the publication date and the clause's tense; "a year earlier" and the like
    against the last date the text mentioned.
    """
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"language {language!r} is not supported (supported: en)")
    if isinstance(published, datetime):
        published = published.date()
    candidates = recognise(text)
    ctx = Context(dct=published, published=published)
    ctx.narrative = is_narrative([c.meaning for c in candidates], published)
    out: list[Timex] = []
    reader: TenseReader | None = None
    pending: Resolved | None = None
    for i, cand in enumerate(candidates):
        ctx.dct = ctx.reference_time()
        if pending is not None:
            resolved, pending = pending, None
        else:
            ctx.tense = None
            partner = candidates[i + 1] if cand.opens_range else None
            if _needs_tense(cand.meaning, ctx.narrative) or (
                partner and _needs_tense(partner.meaning, ctx.narrative)
            ):
                reader = reader or TenseReader(text)
                ctx.tense = reader.tense_at(cand.start, (partner or cand).end)
            pair = resolve_range(cand.meaning, partner.meaning, ctx) if partner else None
            if pair is not None:
                resolved, pending = pair
            else:
                resolved = resolve(cand.meaning, ctx)
        if resolved is None:
            continue
        end = cand.end
        if resolved.type == TimexType.DATE and cand.meaning.offset_end is not None:
            end = cand.meaning.offset_end
        out.append(Timex.at(resolved, cand.start, end, text[cand.start : end], cand.rule.name))
        ctx.remember(resolved)
    return out

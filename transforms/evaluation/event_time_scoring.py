"""Event-Time anchoring metrics (when events happened), as `event_eval.py --eventtime` computes
them, so `timeline eval --eventtime` prints the reference scorer's numbers.

Gold labels come from the Event-Time corpus (Reimers, Dehghani & Gurevych, ACL 2016): a day
`1998-01-08`; a bounded day `before…`, `after…`, `after…before…` (bounds inclusive); a
multi-day event `beginPoint=<point>endPoint=<point>` (a point is a single-day form or
`xxxx-xx-xx`); comma-separated alternatives; `n/a` (not scored). A prediction's half-open
`[earliest, latest)` is read as the inclusive range `[earliest, latest - 1 day]`.

strict: a single day's range equals the gold range (one alternative); a multi-day event's range
equals the span when both its begin and end are certain days, or equals both points.
relaxed: the range overlaps the gold range (one alternative); for a multi-day event it overlaps
the begin point and the end point and can hold both (UKP's mutual-exclusion rule).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

Point = tuple[date | None, date | None]
"""An inclusive day range; None is an open side."""

ONE_DAY = timedelta(days=1)
CATEGORIES = ("exact", "inside", "contains", "overlap", "disjoint")
_DAY = r"\d{4}-\d{2}-\d{2}"
_POINT_FORMS = (
    (re.compile(rf"({_DAY})"), lambda a: (a[0], a[0])),
    (re.compile(rf"before({_DAY})"), lambda a: (None, a[0])),
    (re.compile(rf"after({_DAY})"), lambda a: (a[0], None)),
    (re.compile(rf"after({_DAY})before({_DAY})"), lambda a: (a[0], a[1])),
)


@dataclass
class Label:
    """One gold label: `kind` is single, alts, multi or na; `points` its ranges (multi: begin
    and end)."""

    kind: str
    raw: str
    points: list[Point] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Predicted:
    """A predicted event for Event-Time scoring: span and inclusive answer range (or None)."""

    start: int
    end: int
    answer: Point | None


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """A gold event of the TimeML document: its eid, trimmed span, trigger text and tense."""

    eid: str
    start: int
    end: int
    text: str
    tense: str


def parse_point(text: str) -> Point | None:
    """A single-day label form as an inclusive range; `xxxx-xx-xx` is fully open."""
    text = text.strip()
    if text == "xxxx-xx-xx":
        return (None, None)
    for pattern, make in _POINT_FORMS:
        found = pattern.fullmatch(text)
        if found:
            return make([date.fromisoformat(g) for g in found.groups()])
    return None


def parse_label(raw: str) -> Label:
    """Read one Event-Time label; anything unreadable is `na`."""
    raw = raw.strip()
    if raw in ("", "n/a", "undefined"):
        return Label("na", raw)
    if raw.startswith("beginPoint="):
        begin, _, end = raw.removeprefix("beginPoint=").partition("endPoint=")
        b, e = parse_point(begin), parse_point(end)
        return Label("na", raw) if b is None or e is None else Label("multi", raw, [b, e])
    points = [parse_point(p) for p in raw.split(",")]
    if any(p is None for p in points):
        return Label("na", raw)
    return Label("alts" if len(points) > 1 else "single", raw, points)  # type: ignore[arg-type]


def read_labels(path: str) -> dict[str, dict[str, Label]]:
    """`doc -> eid -> Label` from an Event-Time .tab file (the label is the last column)."""
    out: dict[str, dict[str, Label]] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) >= 8:
                out.setdefault(cols[0], {})[cols[4]] = parse_label(cols[-1])
    return out


def answer_range(earliest: date | None, latest: date | None) -> Point | None:
    """A half-open `[earliest, latest)` as the scorer's inclusive range; None when both open."""
    if earliest is None and latest is None:
        return None
    return (earliest, latest - ONE_DAY if latest is not None else None)


def _low(p: Point) -> date:
    return p[0] or date.min


def _high(p: Point) -> date:
    return p[1] or date.max


def _overlaps(a: Point, b: Point) -> bool:
    return max(_low(a), _low(b)) <= min(_high(a), _high(b))


def _inside(a: Point, b: Point) -> bool:
    return _low(b) <= _low(a) and _high(a) <= _high(b)


def _category(s: Point, g: Point) -> str:
    if s == g:
        return "exact"
    if _inside(s, g):
        return "inside"
    if _inside(g, s):
        return "contains"
    return "overlap" if _overlaps(s, g) else "disjoint"


def shape(label: Label) -> str:
    """The gold shape a label is reported under."""
    if label.kind == "multi":
        return "multi-day"
    if label.kind == "alts":
        return "alternatives"
    lo, hi = label.points[0]
    if lo is not None and lo == hi:
        return "single: day"
    return "single: open bound" if lo is None or hi is None else "single: bounded range"


def judge(s: Point, label: Label) -> dict:
    """strict, relaxed, category and gold-in-interval of answer `s` against `label`."""
    if label.kind in ("single", "alts"):
        certain = [g for g in label.points if g[0] is not None and g[0] == g[1]]
        return {
            "strict": any(s == g for g in label.points),
            "relaxed": any(_overlaps(s, g) for g in label.points),
            "cat": min((_category(s, g) for g in label.points), key=CATEGORIES.index),
            "gold_in": any(_inside(g, s) for g in certain) if certain else None,
        }
    b, e = label.points
    certain = b[0] is not None and b[0] == b[1] and e[0] is not None and e[0] == e[1]
    span: Point = (b[0], e[1])
    strict = (certain and s == span) or (s == b and s == e)
    relaxed = (
        _overlaps(s, b) and _overlaps(s, e) and max(_low(s), _low(b)) <= min(_high(s), _high(e))
    )
    category = "exact" if strict else _category(s, span)
    return {
        "strict": strict,
        "relaxed": relaxed,
        "cat": "contains" if category == "exact" and not strict else category,
        "gold_in": _inside(span, s) if certain else None,
    }


def _dct_answer(row: dict) -> Point:
    return (row["dct"], row["dct"])


def _tense_answer(row: dict) -> Point:
    if row["tense"] in ("PAST", "PASTPART"):
        return (None, row["dct"])
    if row["tense"] == "FUTURE":
        return (row["dct"], None)
    return (row["dct"], row["dct"])


def _own_answer(row: dict) -> Point | None:
    return row["answer"]


def _or(fallback: Callable[[dict], Point]) -> Callable[[dict], Point]:
    return lambda row: row["answer"] if row["answer"] is not None else fallback(row)


def _tally(rows: list[dict], answer: Callable[[dict], Point | None]) -> dict:
    counts: Counter[str] = Counter()
    for row in rows:
        s = answer(row)
        if s is None:
            continue
        verdict = judge(s, row["label"])
        counts["answered"] += 1
        counts["strict"] += verdict["strict"]
        counts["relaxed"] += verdict["relaxed"]
        counts[verdict["cat"]] += 1
        if verdict["gold_in"] is not None:
            counts["gold_in_n"] += 1
            counts["gold_in"] += verdict["gold_in"]
    n = len(rows)
    out = {
        "n": n,
        "answered": counts["answered"],
        "strict": counts["strict"] / n if n else 0.0,
        "relaxed": counts["relaxed"] / n if n else 0.0,
        "gold_in": counts["gold_in"] / counts["gold_in_n"] if counts["gold_in_n"] else None,
        "gold_in_n": counts["gold_in_n"],
    }
    out.update({c: counts[c] / n if n else 0.0 for c in CATEGORIES})
    return out


def _best(candidates: Iterable[Predicted], g: GoldEvent) -> Predicted | None:
    """The prediction used for gold `g`: an exact span first, then the largest overlap, then
    the shortest; the earliest in input order among equals."""
    best, best_key = None, None
    for p in candidates:
        overlap = min(p.end, g.end) - max(p.start, g.start)
        if overlap <= 0:
            continue
        key = ((p.start, p.end) == (g.start, g.end), overlap, -(p.end - p.start))
        if best_key is None or key > best_key:
            best, best_key = p, key
    return best


def score_event_times(
    labels: dict[str, dict[str, Label]],
    gold: dict[str, tuple[date, list[GoldEvent]]],
    predicted: dict[str, list[Predicted]],
    errors: list[dict] | None = None,
) -> dict:
    """The Event-Time report of `predicted` against `labels` (docs in `gold` only).

    `gold` maps a document to its DCT day and its gold events; `errors`, when given, receives
    one row per scored gold event."""
    labels = {d: v for d, v in labels.items() if d in gold}
    rows: list[dict] = []
    missing = 0
    for doc_id in sorted(labels):
        dct, events = gold[doc_id]
        by_eid = {g.eid: g for g in events}
        for eid, label in labels[doc_id].items():
            if label.kind == "na":
                continue
            g = by_eid.get(eid)
            if g is None:
                missing += 1
                continue
            best = _best(predicted.get(doc_id, []), g)
            rows.append(
                {
                    "doc_id": doc_id,
                    "eid": eid,
                    "gold": g,
                    "label": label,
                    "shape": shape(label),
                    "dct": dct,
                    "tense": g.tense or "NONE",
                    "pred": best,
                    "answer": best.answer if best is not None else None,
                }
            )
    answered = [r for r in rows if r["answer"] is not None]
    n = len(rows)
    matched = sum(r["pred"] is not None for r in rows)
    exact = sum(
        r["pred"] is not None
        and (r["pred"].start, r["pred"].end) == (r["gold"].start, r["gold"].end)
        for r in rows
    )
    in_docs = [p for d in labels for p in predicted.get(d, [])]
    result = {
        "docs": len(labels),
        "events": n,
        "events_na_skipped": sum(1 for d in labels.values() for x in d.values() if x.kind == "na"),
        "eids_missing_in_tml": missing,
        "coverage": {
            "matched": matched,
            "matched_exact_span": exact,
            "answered": len(answered),
            "rate_matched": matched / n if n else 0.0,
            "rate_answered": len(answered) / n if n else 0.0,
        },
        "predicted_events_in_docs": len(in_docs),
        "predicted_with_interval_in_docs": sum(p.answer is not None for p in in_docs),
        "answered_events": {
            "prediction": _tally(answered, _own_answer),
            "baseline DCT": _tally(answered, _dct_answer),
            "baseline tense": _tally(answered, _tense_answer),
        },
        "all_events": {
            "prediction (unanswered = wrong)": _tally(rows, _own_answer),
            "prediction + DCT fallback": _tally(rows, _or(_dct_answer)),
            "prediction + tense fallback": _tally(rows, _or(_tense_answer)),
            "baseline DCT": _tally(rows, _dct_answer),
            "baseline tense": _tally(rows, _tense_answer),
        },
        "by_shape": {},
    }
    for name, count in Counter(r["shape"] for r in rows).most_common():
        chosen = [r for r in rows if r["shape"] == name]
        with_answer = [r for r in chosen if r["answer"] is not None]
        result["by_shape"][name] = {
            "n": count,
            "answered": len(with_answer),
            "prediction_on_answered": _tally(with_answer, _own_answer),
            "baseline_DCT_all": _tally(chosen, _dct_answer),
            "baseline_tense_all": _tally(chosen, _tense_answer),
        }
    if errors is not None:
        errors.extend(_error_row(r) for r in rows)
    return result


def show(p: Point) -> str:
    """A range as the scorer prints it: one day, or `[lo .. hi]` with ±inf for open sides."""
    lo, hi = p
    if lo is not None and lo == hi:
        return lo.isoformat()
    return f"[{lo.isoformat() if lo else '-inf'} .. {hi.isoformat() if hi else '+inf'}]"


def _error_row(r: dict) -> dict:
    verdict = judge(r["answer"], r["label"]) if r["answer"] is not None else None
    g, p = r["gold"], r["pred"]
    return {
        "doc_id": r["doc_id"],
        "eid": r["eid"],
        "trigger": g.text,
        "start": g.start,
        "end": g.end,
        "gold": r["label"].raw,
        "shape": r["shape"],
        "dct": r["dct"].isoformat(),
        "matched": p is not None,
        "answer": show(r["answer"]) if r["answer"] is not None else None,
        "strict": verdict["strict"] if verdict else False,
        "relaxed": verdict["relaxed"] if verdict else False,
        "category": verdict["cat"] if verdict else "unanswered",
    }


def _pct(x: float | None) -> str:
    return f"{100 * x:7.1f}%" if x is not None else f"{'-':>8}"


def format_event_times(r: dict) -> str:
    """The report as `event_eval.py --eventtime` prints it."""
    cov, n = r["coverage"], r["events"]
    lines = [
        f"Event-Time: docs {r['docs']}  scored gold events {n} (n/a skipped: "
        f"{r['events_na_skipped']})  predicted events in these docs "
        f"{r['predicted_events_in_docs']} "
        f"(with an interval {r['predicted_with_interval_in_docs']})",
        f"coverage: matched {cov['matched']}/{n} = {_pct(cov['rate_matched'])} (exact span "
        f"{cov['matched_exact_span']}); answered (matched event has an interval) "
        f"{cov['answered']}/{n} = {_pct(cov['rate_answered'])}",
        "",
    ]
    header = (
        f"  {'system':32}{'n':>6}{'strict':>9}{'relaxed':>9}{'exact':>8}{'inside':>8}"
        f"{'contains':>9}{'overlap':>8}{'disjoint':>9}{'gold-in':>9}"
    )
    for title, key in (
        ("ANSWERED gold events (prediction has an interval)", "answered_events"),
        ("ALL scored gold events (unmatched/unanswered = wrong)", "all_events"),
    ):
        lines += [title, header]
        for name, v in r[key].items():
            lines.append(
                f"  {name:32}{v['n']:6d}{_pct(v['strict']):>9}{_pct(v['relaxed']):>9}"
                f"{_pct(v['exact']):>8}{_pct(v['inside']):>8}{_pct(v['contains']):>9}"
                f"{_pct(v['overlap']):>8}{_pct(v['disjoint']):>9}{_pct(v['gold_in']):>9}"
            )
        lines.append("")
    lines.append(
        "by gold shape: n, answered, prediction strict/relaxed on answered | "
        "DCT strict/relaxed | tense strict/relaxed (all)"
    )
    for name, v in r["by_shape"].items():
        p, d, t = v["prediction_on_answered"], v["baseline_DCT_all"], v["baseline_tense_all"]
        lines.append(
            f"  {name:22}{v['n']:6d}{v['answered']:6d}  {_pct(p['strict'])}{_pct(p['relaxed'])} |"
            f" {_pct(d['strict'])}{_pct(d['relaxed'])} | {_pct(t['strict'])}{_pct(t['relaxed'])}"
        )
    return "\n".join(lines)

"""TempEval-3 timex metrics over character spans (UzZaman et al. 2013).

strict: a system span counts when it equals a gold span; relaxed: when it overlaps one.
value/type: every relaxed-matched gold timex is compared with its best system timex (an exact
span first, then the largest overlap, then the earliest in system order); accuracy is the share
that agree and the attribute F1 is relaxed F1 times that accuracy. `mod` is reported the same
way (not a TE3 metric; two absent mods agree).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A timex for scoring: [start, end) offsets, type, value, mod ('' when absent)."""

    start: int
    end: int
    type: str
    value: str
    mod: str = ""


def _overlap(a: Span, b: Span) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def _prf(hits_p: int, n_sys: int, hits_r: int, n_gold: int) -> dict[str, float]:
    precision = hits_p / n_sys if n_sys else 0.0
    recall = hits_r / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"P": precision, "R": recall, "F1": f1}


def _best(gold: Span, system: list[Span]) -> Span | None:
    best, best_key = None, None
    for s in system:
        overlap = _overlap(s, gold)
        if overlap <= 0:
            continue
        key = ((s.start, s.end) == (gold.start, gold.end), overlap)
        if best_key is None or key > best_key:
            best, best_key = s, key
    return best


def score(
    gold: dict[str, list[Span]],
    system: dict[str, list[Span]],
    errors: list[dict] | None = None,
) -> dict:
    """Score system timexes against gold ones, document by document (ids of `gold`).

    A gold document without system output counts as all missed; system documents not in
    `gold` are ignored. If `errors` is a list, missed, spurious and mismatched timexes are
    appended to it.
    """
    n = Counter()
    per_type: dict[str, Counter] = {}
    for doc_id, gold_spans in gold.items():
        sys_spans = system.get(doc_id, [])
        n["gold"] += len(gold_spans)
        n["sys"] += len(sys_spans)
        gold_keys = {(g.start, g.end) for g in gold_spans}
        for s in sys_spans:
            n["strict_p"] += (s.start, s.end) in gold_keys
            overlapping = any(_overlap(s, g) > 0 for g in gold_spans)
            n["relaxed_p"] += overlapping
            if not overlapping and errors is not None:
                errors.append({"doc_id": doc_id, "kind": "spurious", "sys": _as_dict(s)})
        for g in gold_spans:
            counts = per_type.setdefault(g.type, Counter())
            counts["gold"] += 1
            best = _best(g, sys_spans)
            if best is None:
                if errors is not None:
                    errors.append({"doc_id": doc_id, "kind": "missed", "gold": _as_dict(g)})
                continue
            exact = (best.start, best.end) == (g.start, g.end)
            n["strict_r"] += exact
            n["relaxed_r"] += 1
            n["value_ok"] += best.value == g.value
            n["type_ok"] += best.type == g.type
            n["mod_ok"] += best.mod == g.mod
            counts["matched"] += 1
            counts["value_ok"] += best.value == g.value
            if errors is not None and not (exact and best.value == g.value and best.type == g.type):
                errors.append(
                    {
                        "doc_id": doc_id,
                        "kind": "mismatch",
                        "gold": _as_dict(g),
                        "sys": _as_dict(best),
                    }
                )
    strict = _prf(n["strict_p"], n["sys"], n["strict_r"], n["gold"])
    relaxed = _prf(n["relaxed_p"], n["sys"], n["relaxed_r"], n["gold"])
    matched = n["relaxed_r"]

    def attribute(key: str) -> dict[str, float]:
        accuracy = n[key] / matched if matched else 0.0
        return {"accuracy": accuracy, "F1": relaxed["F1"] * accuracy}

    return {
        "docs": len(gold),
        "gold": n["gold"],
        "sys": n["sys"],
        "matched": matched,
        "strict": strict,
        "relaxed": relaxed,
        "value": attribute("value_ok"),
        "type": attribute("type_ok"),
        "mod": attribute("mod_ok"),
        "per_type": {
            t: {
                "gold": c["gold"],
                "matched": c["matched"],
                "recall": c["matched"] / c["gold"] if c["gold"] else 0.0,
                "value_acc": c["value_ok"] / c["matched"] if c["matched"] else 0.0,
            }
            for t, c in sorted(per_type.items(), key=lambda kv: _type_order(kv[0]))
        },
    }


TIMEX_TYPE_ORDER = ("DATE", "TIME", "DURATION", "SET")


def _type_order(timex_type: str) -> tuple[int, str]:
    known = timex_type in TIMEX_TYPE_ORDER
    return (TIMEX_TYPE_ORDER.index(timex_type) if known else len(TIMEX_TYPE_ORDER), timex_type)


def _as_dict(s: Span) -> dict:
    return {"start": s.start, "end": s.end, "type": s.type, "value": s.value, "mod": s.mod}


def format_scores(r: dict) -> str:
    """The scores as a fixed-width table (percentages)."""

    def pct(x: float) -> str:
        return f"{100 * x:8.2f}"

    lines = [
        f"docs {r['docs']}  gold {r['gold']}  system {r['sys']}"
        f"  relaxed-matched gold {r['matched']}",
        f"{'':10}{'P':>8}{'R':>8}{'F1':>8}",
    ]
    lines += [
        f"{k:10}{pct(r[k]['P'])}{pct(r[k]['R'])}{pct(r[k]['F1'])}" for k in ("strict", "relaxed")
    ]
    lines.append(f"{'':10}{'acc':>8}{'F1':>8}")
    lines += [f"{k:10}{pct(r[k]['accuracy'])}{pct(r[k]['F1'])}" for k in ("value", "type", "mod")]
    lines.append(f"{'gold type':10}{'n':>8}{'recall':>8}{'val acc':>8}")
    lines += [
        f"{t:10}{v['gold']:8d}{pct(v['recall'])}{pct(v['value_acc'])}"
        for t, v in r["per_type"].items()
    ]
    return "\n".join(lines)

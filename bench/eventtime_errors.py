"""Error analysis of the anchoring engine on the Event-Time dev file, by the rule that placed
each event (not a test; a development aid).

    python bench/eventtime_errors.py ../shared/data/eventtime/event-times.dev.tab \
        ../shared/data/timebank [--docs A,B] [--rows rows.jsonl]

Prints, per anchoring kind (timex, reporting, governing, story, tense, ...) and per gold shape,
how many events it placed and how many are strict / relaxed right, and what the DCT day would
have scored on the same events. `--rows` writes one JSON line per gold event with the trigger,
its sentence, its class/tense/aspect/modality, the kind, our answer and the gold label.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from transforms.evaluation import read_timeml_paths  # noqa: E402
from transforms.evaluation.event_time_scoring import (  # noqa: E402
    answer_range,
    judge,
    read_labels,
    shape,
    show,
)
from transforms.events import anchoring  # noqa: E402
from transforms.events.mentions import find_mentions  # noqa: E402
from transforms.temporal import tag  # noqa: E402

_KIND: dict[int, str] = {}


def _patch() -> None:
    """Record the rule kind of every EventTime the engine makes."""
    make = anchoring.Anchoring._make
    includes = anchoring.Anchoring._includes

    def _make(self, m, interval, relation, anchor, kind, words=""):  # type: ignore[no-untyped-def]
        r = make(self, m, interval, relation, anchor, kind, words)
        _KIND[id(r)] = kind
        return r

    def _includes(self, reference, anchor, governor):  # type: ignore[no-untyped-def]
        r = includes(self, reference, anchor, governor)
        _KIND[id(r)] = f"includes_{anchor}"
        return r

    def _anchor(self, i, depth):  # type: ignore[no-untyped-def]
        r = original(self, i, depth)
        if id(r) not in _KIND:
            _KIND[id(r)] = "host"
        return r

    original = anchoring.Anchoring._anchor
    anchoring.Anchoring._make = _make
    anchoring.Anchoring._includes = _includes
    anchoring.Anchoring._anchor = _anchor


def _norm(t, dct: date) -> str:
    """An interval with the DCT written DCT and other days D."""
    ans = answer_range(t.earliest, t.latest)
    return _norm_label(show(ans) if ans else "none", dct)


def _norm_label(raw: str, dct: date) -> str:
    return re.sub(r"\d{4}-\d\d-\d\d", "D", raw.replace(dct.isoformat(), "DCT"))


def main() -> int:
    """Anchor every labelled document and print the tallies by rule kind."""
    parser = argparse.ArgumentParser()
    parser.add_argument("tab")
    parser.add_argument("gold")
    parser.add_argument("--docs", default="")
    parser.add_argument("--rows", default="")
    args = parser.parse_args()
    _patch()
    labels = read_labels(args.tab)
    wanted = set(args.docs.split(",")) if args.docs else None
    rows = []
    for doc in read_timeml_paths([args.gold]):
        if doc.doc_id not in labels or (wanted and doc.doc_id not in wanted):
            continue
        dct = date.fromisoformat(doc.dct[:10])
        _KIND.clear()
        mentions = find_mentions(doc.text)
        a = anchoring.Anchoring(doc.text, dct, mentions, tag(doc.text, dct))
        times = a.run()
        by_span = {
            (m.start, m.end): (k, m, t)
            for k, (m, t) in enumerate(zip(mentions, times, strict=True))
        }
        for e, eid in zip(doc.events, doc.event_ids, strict=True):
            label = labels[doc.doc_id].get(eid)
            if label is None or label.kind == "na":
                continue
            hit = by_span.get((e.start, e.end))
            if hit is None:
                rows.append({"doc": doc.doc_id, "eid": eid, "kind": "unmatched", "strict": False})
                continue
            k, m, t = hit
            ans = answer_range(t.earliest, t.latest)
            v = judge(ans, label) if ans else {"strict": False, "relaxed": False}
            dv = judge((dct, dct), label)
            cands = {
                "c_dct": (dct, dct),
                "c_before": (None, dct),
                "c_after": (dct, None),
                "c_yday": (dct - timedelta(days=1), dct - timedelta(days=1)),
            }
            cand = {k: judge(v, label)["strict"] for k, v in cands.items()}
            g = a.discourse.placed[k].governor
            s0 = doc.text.rfind("\n", 0, m.start) + 1
            s1 = doc.text.find("\n", m.end)
            rows.append(
                {
                    "doc": doc.doc_id,
                    "eid": eid,
                    "trigger": m.text,
                    "cls": m.event_class,
                    "ta": f"{m.tense}/{m.aspect}",
                    "mod": m.modality,
                    "kind": _KIND.get(id(t), "?"),
                    "gov": a.mentions[g].text if g is not None else "",
                    "gov_cls": a.mentions[g].event_class if g is not None else "",
                    "gov_ta": f"{a.mentions[g].tense}/{a.mentions[g].aspect}"
                    if g is not None
                    else "",
                    "gov_kind": _KIND.get(id(times[g]), "?") if g is not None else "",
                    "gov_answer": _norm(times[g], dct) if g is not None else "",
                    "norm_answer": _norm(t, dct),
                    "norm_gold": _norm_label(label.raw, dct),
                    "wire": a.discourse.wire,
                    "sent": a.discourse.placed[k].sentence,
                    "nsent": a.discourse.placed[-1].sentence + 1,
                    **cand,
                    "dct": dct.isoformat(),
                    "answer": show(ans) if ans else "none",
                    "gold": label.raw,
                    "shape": shape(label),
                    "strict": v["strict"],
                    "relaxed": v["relaxed"],
                    "dct_strict": dv["strict"],
                    "dct_relaxed": dv["relaxed"],
                    "context": doc.text[max(s0, m.start - 120) : m.start]
                    + "[["
                    + m.text
                    + "]]"
                    + doc.text[m.end : min(s1 if s1 > 0 else len(doc.text), m.end + 80)],
                }
            )
    n = len(rows)
    print(
        f"{n} events strict {sum(r['strict'] for r in rows) / n:.1%} "
        f"relaxed {sum(r.get('relaxed', False) for r in rows) / n:.1%}"
    )
    groups: dict[str, list] = defaultdict(list)
    for r in rows:
        groups[r["kind"]].append(r)
    print(f"{'kind':24}{'n':>5}{'strict':>8}{'relax':>8}{'dctS':>6}{'dctR':>6}  gold shapes")
    for kind, rs in sorted(groups.items(), key=lambda x: -len(x[1])):
        shapes = Counter(r.get("shape", "?") for r in rs)
        print(
            f"{kind:24}{len(rs):5d}{sum(r['strict'] for r in rs):8d}"
            f"{sum(r.get('relaxed', False) for r in rs):8d}"
            f"{sum(r.get('dct_strict', False) for r in rs):6d}"
            f"{sum(r.get('dct_relaxed', False) for r in rs):6d}  {dict(shapes)}"
        )
    if args.rows:
        with open(args.rows, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""TempEval-3 Task B (event extraction) metrics over character spans, as `event_eval.py` and the
official TE3 toolkit compute them.

TE3 tokenises the text (TreeTagger's tokenize.pl) and matches a gold and a system event when
both open on the same token: that is the *relaxed* match; *strict* also needs the same span.
Several system events opening on one token count once (a span equal to a gold one is kept, else
the first). Class, tense, aspect and polarity are compared on every relaxed-matched gold event;
attribute F1 = relaxed F1 x accuracy ("class F1" is the Task B ranking score). The "overlap"
line (any shared character) is a diagnostic only.
"""

from __future__ import annotations

import bisect
import re
import sys
from collections import Counter
from dataclasses import dataclass

CLASSES = (
    "OCCURRENCE",
    "REPORTING",
    "STATE",
    "I_STATE",
    "I_ACTION",
    "ASPECTUAL",
    "PERCEPTION",
)
ATTRIBUTES = ("tense", "aspect", "polarity")


@dataclass(frozen=True, slots=True)
class EventSpan:
    """An event for scoring: [start, end) offsets, class and attributes ('' when absent)."""

    start: int
    end: int
    event_class: str
    tense: str = ""
    aspect: str = ""
    polarity: str = ""
    modality: str = ""


_OPENERS = '[{(`"“‘«'
_CLOSERS = "]}'`\"),;:!?%”’»"
_CLITICS = re.compile(r"(?<=.)(?:'(?:s|re|ve|d|m|em|ll)|n't|’(?:s|re|ve|d|m|em|ll)|n’t)$")
_INITIALS = re.compile(r"^(?:[A-Za-z]\.)+$")


def te3_token_ends(text: str) -> list[int]:
    """End offsets of the tokens of tokenize.pl's English rules, in text order."""
    ends: list[int] = []
    for chunk in re.finditer(r"\S+", text):
        word, base = chunk.group(), chunk.start()
        cuts = {0, len(word)}
        for dots in re.finditer(r"\.\.\.", word):
            cuts.update(dots.span())
        for i in range(len(word) - 1):
            ch = word[i]
            if ch in ";!?/" or (ch == "," and word[i + 1] not in "0123456789."):
                cuts.add(i + 1)
        for m in re.finditer(r"[A-Za-z][A-Za-z][.:](?=[A-Z])", word):
            cuts.add(m.end())
        bounds = sorted(cuts)
        for a, b in zip(bounds, bounds[1:], strict=False):
            ends.extend(base + a + e for e in _piece_ends(word[a:b]))
    return ends


def _piece_ends(piece: str) -> list[int]:
    """Token end offsets within one piece: peel openers, closers, a final period, clitics."""
    lo, hi = 0, len(piece)
    head: list[int] = []
    tail: list[int] = []
    while hi - lo > 1:
        if piece[lo] in _OPENERS:
            lo += 1
            head.append(lo)
        elif piece[hi - 1] in _CLOSERS:
            tail.insert(0, hi)
            hi -= 1
        elif hi - lo > 2 and piece[hi - 1] == "." and piece[hi - 2] in _CLOSERS:
            tail[:0] = [hi - 1, hi]
            hi -= 2
        else:
            break
    core = piece[lo:hi]
    if len(core) > 1 and core.endswith(".") and core != "..." and not _INITIALS.match(core):
        tail.insert(0, hi)
        hi -= 1
    while True:
        m = _CLITICS.search(piece[lo:hi])
        if m is None or m.start() == 0:
            break
        tail.insert(0, hi)
        hi = lo + m.start()
    return head + ([hi] if hi > lo else []) + tail


def _trim(text: str, event: EventSpan) -> EventSpan:
    """The event with whitespace at either end of its span dropped, as the scorers read it."""
    start, end = event.start, event.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if (start, end) == (event.start, event.end):
        return event
    return EventSpan(start, end, *(getattr(event, k) for k in _REST))


_REST = ("event_class", "tense", "aspect", "polarity", "modality")


def _prf(hits_p: int, n_sys: int, hits_r: int, n_gold: int) -> dict[str, float]:
    precision = hits_p / n_sys if n_sys else 0.0
    recall = hits_r / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"P": precision, "R": recall, "F1": f1}


def _overlaps(a: EventSpan, b: EventSpan) -> bool:
    return min(a.end, b.end) > max(a.start, b.start)


def score_events(
    texts: dict[str, str],
    gold: dict[str, list[EventSpan]],
    system: dict[str, list[EventSpan]],
    outside_text: int = 0,
) -> dict:
    """Score system events against gold ones for the documents of `gold` (texts by doc id).

    `outside_text` is the number of gold events outside <TEXT> (reported, not scored).
    """
    n: Counter = Counter()
    per_class: dict[str, Counter] = {k: Counter() for k in CLASSES}
    dropped = 0
    for doc_id, gold_events in gold.items():
        ends = te3_token_ends(texts[doc_id])

        def token(offset: int, ends: list[int] = ends) -> int:
            return bisect.bisect_right(ends, offset)

        gold_spans = {(g.start, g.end) for g in gold_events}
        on_token: dict[int, EventSpan] = {}
        for s in system.get(doc_id, []):
            s = _trim(texts[doc_id], s)
            t = token(s.start)
            kept = on_token.get(t)
            if kept is None:
                on_token[t] = s
                continue
            dropped += 1
            if (kept.start, kept.end) not in gold_spans and (s.start, s.end) in gold_spans:
                on_token[t] = s
        gold_on_token = {token(g.start): g for g in gold_events}
        n["gold"] += len(gold_events)
        n["collisions"] += len(gold_events) - len(gold_on_token)
        n["sys"] += len(on_token)
        for t, s in on_token.items():
            g = gold_on_token.get(t)
            if g is not None:
                n["relaxed_p"] += 1
                n["strict_p"] += (s.start, s.end) == (g.start, g.end)
            n["overlap_p"] += any(_overlaps(s, g2) for g2 in gold_events)
        for g in gold_events:
            counts = per_class.setdefault(g.event_class, Counter())
            counts["gold"] += 1
            n["overlap_r"] += any(_overlaps(s, g) for s in on_token.values())
            s = on_token.get(token(g.start))
            if s is None:
                continue
            n["relaxed_r"] += 1
            n["strict_r"] += (s.start, s.end) == (g.start, g.end)
            n["class_ok"] += s.event_class == g.event_class
            counts["matched"] += 1
            counts["class_ok"] += s.event_class == g.event_class
            for k in ATTRIBUTES:
                same = getattr(s, k) == getattr(g, k)
                n[k + "_ok"] += same
                if getattr(s, k):
                    n[k + "_n"] += 1
                    n[k + "_ok_pred"] += same
    if dropped:
        print(
            f"warning: {dropped} system event(s) open on a token already used by another "
            "system event; counted once per token, as TE3 does",
            file=sys.stderr,
        )
    relaxed = _prf(n["relaxed_p"], n["sys"], n["relaxed_r"], n["gold"])
    matched = n["relaxed_r"]

    def attribute(k: str) -> dict:
        accuracy = n[k + "_ok"] / matched if matched else 0.0
        out: dict = {"accuracy": accuracy, "F1": relaxed["F1"] * accuracy}
        if k != "class":
            out["predicted"] = n[k + "_n"]
            out["accuracy_where_predicted"] = (
                n[k + "_ok_pred"] / n[k + "_n"] if n[k + "_n"] else None
            )
        return out

    return {
        "docs": len(gold),
        "gold": n["gold"],
        "sys": n["sys"],
        "sys_dropped_same_token": dropped,
        "matched": matched,
        "gold_outside_text_not_scored": outside_text,
        "gold_sharing_a_first_token": n["collisions"],
        "strict": _prf(n["strict_p"], n["sys"], n["strict_r"], n["gold"]),
        "relaxed": relaxed,
        "overlap": _prf(n["overlap_p"], n["sys"], n["overlap_r"], n["gold"]),
        "class": attribute("class"),
        **{k: attribute(k) for k in ATTRIBUTES},
        "attributes_in_prediction": {
            k: any(getattr(e, k) for d in gold for e in system.get(d, [])) for k in ATTRIBUTES
        },
        "per_class": {
            k: {
                "gold": c["gold"],
                "matched": c["matched"],
                "recall": c["matched"] / c["gold"] if c["gold"] else 0.0,
                "class_acc": c["class_ok"] / c["matched"] if c["matched"] else 0.0,
            }
            for k, c in per_class.items()
            if c["gold"]
        },
    }


def format_event_scores(r: dict) -> str:
    """The scores as the text table `event_eval.py` prints."""

    def pct(x: float | None) -> str:
        return f"{100 * x:8.2f}" if x is not None else f"{'-':>8}"

    lines = [
        f"docs {r['docs']}  gold events {r['gold']}  system {r['sys']}  "
        f"relaxed-matched gold {r['matched']}",
        f"{'':10}{'P':>8}{'R':>8}{'F1':>8}",
    ]
    notes = {
        "relaxed": "  (TE3: same first token)",
        "overlap": "  (diagnostic, not TE3: any overlap)",
    }
    for k in ("strict", "relaxed", "overlap"):
        row = r[k]
        lines.append(f"{k:10}{pct(row['P'])}{pct(row['R'])}{pct(row['F1'])}{notes.get(k, '')}")
    lines.append(f"{'':10}{'acc':>8}{'F1':>8}{'n pred':>8}{'acc|pred':>9}")
    lines.append(f"{'class':10}{pct(r['class']['accuracy'])}{pct(r['class']['F1'])}")
    for k in ATTRIBUTES:
        a = r[k]
        lines.append(
            f"{k:10}{pct(a['accuracy'])}{pct(a['F1'])}{a['predicted']:8d}"
            f"{pct(a['accuracy_where_predicted'])} "
        )
    lines.append(f"{'gold class':11}{'n':>7}{'recall':>8}{'cls acc':>8}")
    for k, v in r["per_class"].items():
        lines.append(f"{k:11}{v['gold']:7d}{pct(v['recall'])}{pct(v['class_acc'])}")
    if r["gold_outside_text_not_scored"]:
        lines.append(
            f"(gold events outside <TEXT>, not scored: {r['gold_outside_text_not_scored']})"
        )
    return "\n".join(lines)

"""`timeline eval`: tag TimeML gold documents and print TempEval-3 timex metrics, or with
`--events` the Task B event metrics, or with `--eventtime TAB` the Event-Time metrics (when each
event happened, against the Event-Time corpus labels in TAB).

The numbers are those of the reference scorers (`timex_eval.py`, `event_eval.py`) on the same
predictions; `--predictions FILE` writes those predictions so anyone can check. `--events --cv K`
scores event models trained on the other folds of the gold only (cross-validation by document),
the fair number on the corpus the shipped models learnt from.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from datetime import date

from cli.common import InputError, parse_date

EXAMPLES = """\
  timeline eval data/timebank/                    every .tml file in the folder
  timeline eval gold/*.tml --json --errors misses.jsonl
  timeline eval --events data/timebank/ --cv 5    event F1 and class F1, 5-fold CV by document
  timeline eval --events gold/*.tml --predictions events.jsonl
  timeline eval --eventtime event-times.dev.tab data/timebank/ --docs APW19980227.0487
  timeline eval --eventtime event-times.dev.tab data/timebank/ --cv 5   mentions by CV models
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of `timeline eval`."""
    parser.add_argument("gold", nargs="+", help="TimeML .tml files and/or directories of them")
    parser.add_argument(
        "--errors", metavar="FILE", help="write every miss, spurious and wrong value as JSONL"
    )
    parser.add_argument("--predictions", metavar="FILE", help="write the system's timexes as JSONL")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument(
        "--events",
        action="store_true",
        help="score event mentions (TempEval-3 Task B) instead of temporal expressions",
    )
    parser.add_argument(
        "--eventtime",
        metavar="TAB",
        help="score when events happened against this Event-Time .tab (its documents in GOLD)",
    )
    parser.add_argument(
        "--docs",
        metavar="LIST",
        help="with --eventtime: only these documents (ids separated by commas, or a file of ids)",
    )
    parser.add_argument(
        "--cv",
        type=int,
        metavar="K",
        help="with --events or --eventtime: K-fold cross-validation by document (the mention "
        "models of each document trained on the other folds)",
    )


def run(args: argparse.Namespace) -> int:
    """Tag every gold document with its DCT and score the result."""
    from transforms.evaluation import Span, read_timeml_paths, score
    from transforms.evaluation.scoring import format_scores
    from transforms.temporal import tag

    try:
        documents = read_timeml_paths(args.gold)
    except (FileNotFoundError, ValueError) as exc:
        print(f"timeline eval: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # malformed XML names the file in its message
        print(f"timeline eval: cannot read gold: {exc}", file=sys.stderr)
        return 2
    if args.cv is not None and not (args.events or args.eventtime):
        print("timeline eval: --cv needs --events or --eventtime", file=sys.stderr)
        return 2
    if args.cv is not None and not 2 <= args.cv <= len(documents):
        print(f"timeline eval: --cv must be 2..{len(documents)} (documents)", file=sys.stderr)
        return 2
    if args.eventtime and args.events:
        print("timeline eval: --eventtime cannot be combined with --events", file=sys.stderr)
        return 2
    if args.docs and not args.eventtime:
        print("timeline eval: --docs needs --eventtime", file=sys.stderr)
        return 2
    if args.eventtime:
        return _run_event_times(args, documents)
    if args.events:
        return _run_events(args, documents)
    gold: dict[str, list[Span]] = {}
    system: dict[str, list[Span]] = {}
    predictions: list[dict] = []
    started = time.perf_counter()
    for doc in documents:
        gold[doc.doc_id] = doc.timexes
        try:
            dct = parse_date(doc.dct, "DCT")
        except InputError as exc:
            print(
                f"timeline eval: {doc.doc_id}: {exc}; document scored as all missed",
                file=sys.stderr,
            )
            continue
        spans = []
        for t in tag(doc.text, dct):
            spans.append(Span(t.start, t.end, t.type, t.value, t.mod or ""))
            predictions.append(
                {
                    "doc_id": doc.doc_id,
                    "start": t.start,
                    "end": t.end,
                    "text": t.text,
                    "type": t.type,
                    "value": t.value,
                    "mod": t.mod,
                }  # fmt: skip
            )
        system[doc.doc_id] = spans
    elapsed = time.perf_counter() - started
    errors: list[dict] | None = [] if args.errors else None
    result = score(gold, system, errors)
    texts = {d.doc_id: d.text for d in documents}
    if args.errors:
        with open(args.errors, "w", encoding="utf-8") as f:
            for e in errors or []:
                for side in ("gold", "sys"):
                    if side in e:
                        e[side]["text"] = texts[e["doc_id"]][e[side]["start"] : e[side]["end"]]
                f.write(json.dumps(e, ensure_ascii=False) + "\n")
    if args.predictions:
        with open(args.predictions, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(p, ensure_ascii=False) + "\n" for p in predictions)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(format_scores(result))
        print(f"tagged {len(documents)} documents in {elapsed:.2f} s", file=sys.stderr)
    return 0


def _run_events(args: argparse.Namespace, documents: list) -> int:
    """Find (or cross-validate) event mentions of every gold document and score them."""
    from transforms.evaluation.event_scoring import EventSpan, format_event_scores, score_events
    from transforms.events.mentions import find_mentions

    started = time.perf_counter()
    if args.cv is not None:
        from transforms.events.training import cross_validate

        system = cross_validate(documents, args.cv)
    else:
        system = {
            d.doc_id: [
                EventSpan(m.start, m.end, m.event_class, m.tense, m.aspect, m.polarity, m.modality)
                for m in find_mentions(d.text)
            ]
            for d in documents
        }
    elapsed = time.perf_counter() - started
    texts = {d.doc_id: d.text for d in documents}
    result = score_events(
        texts,
        {d.doc_id: d.events for d in documents},
        system,
        sum(d.events_outside_text for d in documents),
    )
    if args.predictions:
        with open(args.predictions, "w", encoding="utf-8") as f:
            for doc_id, events in system.items():
                for e in events:
                    row = {
                        "doc_id": doc_id,
                        "start": e.start,
                        "end": e.end,
                        "text": texts[doc_id][e.start : e.end],
                        "class": e.event_class,
                        "tense": e.tense,
                        "aspect": e.aspect,
                        "polarity": e.polarity,
                    }
                    f.write(json.dumps(row, ensure_ascii=False) + "\n")
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(format_event_scores(result))
        print(f"events of {len(documents)} documents in {elapsed:.2f} s", file=sys.stderr)
    return 0


def _doc_list(spec: str) -> set[str]:
    """Document ids from a file (one a line) or a comma-separated list."""
    from pathlib import Path

    path = Path(spec)
    try:
        is_file = path.is_file()
    except OSError:
        is_file = False
    if is_file:
        return {
            line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
        }
    return {d.strip() for d in spec.split(",") if d.strip()}


def _with_models(
    documents: list, labels: dict, cv: int | None
) -> Iterator[tuple[object, tuple[object, ...]]]:
    """Each labelled document with the mention models to read it with: the shipped ones, or
    with `cv` ones trained on the other folds of all the gold documents (by document), so no
    document is read by models that learnt its own triggers."""
    if cv is None:
        for doc in documents:
            if doc.doc_id in labels:
                yield doc, ()
        return
    from transforms.events.training import fold_models

    for test, models in fold_models(documents, cv, lambda d: d.doc_id in labels):
        for doc in test:
            yield doc, models


def _run_event_times(args: argparse.Namespace, documents: list) -> int:
    """Find the events of every labelled gold document, anchor them, and score when they
    happened as `event_eval.py --eventtime` does."""
    from transforms.evaluation.event_time_scoring import (
        GoldEvent,
        Predicted,
        answer_range,
        format_event_times,
        read_labels,
        score_event_times,
    )
    from transforms.events.mentions import mention_records

    try:
        labels = read_labels(args.eventtime)
    except OSError as exc:
        print(f"timeline eval: cannot read {args.eventtime}: {exc.strerror}", file=sys.stderr)
        return 2
    except UnicodeDecodeError:
        print(f"timeline eval: {args.eventtime} is not UTF-8 text", file=sys.stderr)
        return 2
    if args.docs:
        wanted = _doc_list(args.docs)
        labels = {d: v for d, v in labels.items() if d in wanted}
    started = time.perf_counter()
    gold, predicted, rows = {}, {}, []
    for doc, models in _with_models(documents, labels, args.cv):
        try:
            dct = parse_date(doc.dct[:10], "DCT")
        except InputError as exc:
            print(f"timeline eval: {doc.doc_id}: {exc}; document skipped", file=sys.stderr)
            continue
        gold[doc.doc_id] = (
            dct,
            [
                GoldEvent(eid, e.start, e.end, doc.text[e.start : e.end], e.tense)
                for e, eid in zip(doc.events, doc.event_ids, strict=True)
            ],
        )
        records = mention_records(doc.text, dct, models)
        predicted[doc.doc_id] = [
            Predicted(
                r["start"],
                r["end"],
                answer_range(
                    date.fromisoformat(r["earliest"]) if r["earliest"] else None,
                    date.fromisoformat(r["latest"]) if r["latest"] else None,
                ),
            )
            for r in records
        ]
        rows += [{"doc_id": doc.doc_id, **r} for r in records]
    if not gold:
        print(f"timeline eval: no document of {args.eventtime} among the gold", file=sys.stderr)
        return 2
    elapsed = time.perf_counter() - started
    errors: list[dict] | None = [] if args.errors else None
    result = score_event_times(labels, gold, predicted, errors)
    result["predictions_in_other_docs_ignored"] = 0
    if args.predictions:
        with open(args.predictions, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if args.errors:
        with open(args.errors, "w", encoding="utf-8") as f:
            f.writelines(json.dumps(e, ensure_ascii=False) + "\n" for e in errors or [])
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(format_event_times(result))
        print(f"event times of {len(gold)} documents in {elapsed:.2f} s", file=sys.stderr)
    return 0

"""TempEval-3 Task B on TimeML gold by k-fold cross-validation by document.

Each fold's documents are tagged by event models trained on the other folds only, so the numbers
are fair on the corpus the shipped models are trained on. The table is `event_eval.py`'s;
`--predictions FILE` writes the pooled predictions so the reference scorer can recheck them:

    python bench/bench_event_cv.py ../shared/data/timebank --folds 5 --predictions cv.jsonl
    python ../shared/tools/event_eval.py ../shared/data/timebank cv.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from transforms.evaluation import read_timeml_paths  # noqa: E402
from transforms.evaluation.event_scoring import format_event_scores, score_events  # noqa: E402
from transforms.events.training import cross_validate  # noqa: E402


def main() -> int:
    """Cross-validate and print the Task B table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="+", help="TimeML .tml files and/or directories")
    parser.add_argument("--folds", type=int, default=5, help="number of folds (default 5)")
    parser.add_argument("--predictions", metavar="FILE", help="write the CV predictions as JSONL")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args()
    documents = read_timeml_paths(args.gold)
    started = time.perf_counter()
    system = cross_validate(documents, args.folds)
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
    print(json.dumps(result, indent=2) if args.json else format_event_scores(result))
    print(
        f"{args.folds}-fold CV by document over {len(documents)} documents "
        f"in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

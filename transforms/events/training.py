"""Train the event-mention models from TimeML gold, and cross-validate them by document.

`python -m transforms.events.training GOLD_DIR` rewrites the shipped models in
`transforms/events/data/`; training is deterministic (L-BFGS from zero weights), so running it
again on the same gold gives the same bytes, which a test checks.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from transforms.evaluation.event_scoring import EventSpan
from transforms.evaluation.timeml import GoldDocument
from transforms.events.mentions import (
    ATTRIBUTE_MODEL,
    CLASS_MODEL,
    TRIGGER_ATTRIBUTES,
    TRIGGER_MODEL,
    attribute_features,
    class_features,
    find_mentions,
    known_attributes,
    sentence_features,
    sentences,
    tokenize,
)

TRIGGER_PARAMS = {"c1": 0.05, "c2": 0.3, "max_iterations": 150, "feature.minfreq": 1}
ATTRIBUTE_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150}
CLASS_PARAMS = {"c1": 0.2, "c2": 4.0, "max_iterations": 200, "feature.possible_states": 1}
"""Class CRF: with `feature.possible_states` every attribute gets a weight for every class, so
a cue seen only with OCCURRENCE can also count against I_ACTION. 5-fold CV on TimeBank, class
accuracy: c1 0.2 / c2 2.0 without it 82.71; with it 82.79, c2 3.0 82.96, c2 4.0 82.98, c2 5.0
82.96, c1 0.3 / c2 4.0 83.00, c1 0.1 / c2 3.0 82.89; c2 4.0 without it 82.76."""
DATA_DIR = Path(__file__).parent / "data"


def labelled_sentences(doc: GoldDocument) -> Iterable[tuple[list[str], list[str], list]]:
    """(words, labels, gold event on each token or None) per sentence of a gold document.

    A token is labelled with the class of the gold event that starts inside it, else `O`.
    """
    spans = tokenize(doc.text)
    by_token: dict[int, EventSpan] = {}
    starts = [s for s, _ in spans]
    import bisect

    for event in doc.events:
        i = bisect.bisect_right(starts, event.start) - 1
        if i >= 0 and spans[i][0] <= event.start < spans[i][1]:
            by_token.setdefault(spans[i][0], event)
    for sentence in sentences(doc.text, spans):
        words = [doc.text[s:e] for s, e in sentence]
        golds = [by_token.get(s) for s, _ in sentence]
        labels = [g.event_class if g else "O" for g in golds]
        yield words, labels, golds


def _attribute_label(event: EventSpan) -> str:
    return f"{event.tense or 'NONE'}|{event.aspect or 'NONE'}"


HELD_OUT_FILE = DATA_DIR / "held_out_documents.txt"
"""Documents the shipped models never learn from (see the file's header)."""


def held_out_documents() -> frozenset[str]:
    """Ids listed in `HELD_OUT_FILE` (comments and blank lines skipped)."""
    lines = HELD_OUT_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def shipped_training_documents(documents: list[GoldDocument]) -> list[GoldDocument]:
    """`documents` without the held-out ones: what the shipped models are trained on."""
    held_out = held_out_documents()
    return [doc for doc in documents if doc.doc_id not in held_out]


def train(documents: list[GoldDocument], out_dir: Path) -> tuple[Path, Path, Path]:
    """Train the trigger, attribute and class models on `documents`; write them into `out_dir`
    and return their paths."""
    import pycrfsuite

    triggers = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    triggers.set_params(TRIGGER_PARAMS)
    attributes = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    attributes.set_params(ATTRIBUTE_PARAMS)
    classes = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    classes.set_params(CLASS_PARAMS)
    for doc in documents:
        for words, labels, golds in labelled_sentences(doc):
            triggers.append(sentence_features(words), labels)
            events = [(i, gold) for i, gold in enumerate(golds) if gold is not None]
            if events:
                classes.append(
                    [class_features(words, i) for i, _ in events],
                    [gold.event_class for _, gold in events],
                )
            for i, gold in events:
                attributes.append(
                    [attribute_features(words, i, gold.event_class)], [_attribute_label(gold)]
                )
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = out_dir / TRIGGER_MODEL, out_dir / ATTRIBUTE_MODEL, out_dir / CLASS_MODEL
    for trainer, path in zip((triggers, attributes, classes), paths, strict=True):
        trainer.train(str(path))
    write_known_attributes(paths[0], out_dir / TRIGGER_ATTRIBUTES)
    return paths


def write_known_attributes(model: Path, out: Path) -> None:
    """The trigger model's known attributes, sorted, one per line (`TRIGGER_ATTRIBUTES`)."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    out.write_text("".join(a + "\n" for a in sorted(known_attributes(tagger))), encoding="utf-8")


def open_models(*paths: Path) -> tuple[object, ...]:
    """Taggers for model files (trigger, attribute, class), for freshly trained models."""
    import pycrfsuite

    taggers = []
    for path in paths:
        tagger = pycrfsuite.Tagger()
        tagger.open(str(path))
        taggers.append(tagger)
    return tuple(taggers)


def folds(documents: list[GoldDocument], k: int) -> list[list[GoldDocument]]:
    """`k` folds by document: documents sorted by id, dealt round-robin."""
    ordered = sorted(documents, key=lambda d: d.doc_id)
    return [ordered[i::k] for i in range(k)]


def fold_models(
    documents: list[GoldDocument], k: int, wanted: Callable[[GoldDocument], bool] = lambda d: True
) -> Iterator[tuple[list[GoldDocument], tuple[object, ...]]]:
    """For each of `k` folds by document that holds a `wanted` document: its wanted documents
    and models trained on the other folds (their files live until the next fold is asked for)."""
    parts = folds(documents, k)
    with tempfile.TemporaryDirectory() as tmp:
        for n, test in enumerate(parts):
            chosen = [d for d in test if wanted(d)]
            if not chosen:
                continue
            train_docs = [d for j, part in enumerate(parts) if j != n for d in part]
            yield chosen, open_models(*train(train_docs, Path(tmp, f"fold{n}")))


def cross_validate(documents: list[GoldDocument], k: int) -> dict[str, list[EventSpan]]:
    """System events of every document, each predicted by models trained on the other folds."""
    system: dict[str, list[EventSpan]] = {}
    for test, models in fold_models(documents, k):
        for doc in test:
            system[doc.doc_id] = [
                EventSpan(m.start, m.end, m.event_class, m.tense, m.aspect, m.polarity, m.modality)
                for m in find_mentions(doc.text, *models)
            ]
    return system


def main(argv: list[str] | None = None) -> int:
    """Retrain the shipped models from a folder of TimeML files (held-out documents left out)."""
    from transforms.evaluation import read_timeml_paths

    parser = argparse.ArgumentParser(description="train the event-mention models")
    parser.add_argument("gold", nargs="+", help="TimeML .tml files and/or directories")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="where to write the models")
    args = parser.parse_args(argv)
    documents = shipped_training_documents(read_timeml_paths(args.gold))
    for path in train(documents, args.out):
        print(f"wrote {path} ({path.stat().st_size} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

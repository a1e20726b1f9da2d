"""Event mentions in the TimeML sense: every event trigger of a text with its character span,
class, tense, aspect, polarity and modality.

Two small CRFsuite models, trained from the TimeBank gold by `python -m
transforms.events.training` and shipped as package data, do the work:

- the **trigger** model labels each token of a sentence with the TimeML class of the event that
  starts on it, or `O`;
- the **attribute** model (a one-token sequence, i.e. a maximum-entropy classifier) gives each
  trigger its `TENSE|ASPECT` pair.

Polarity and modality come from cue words before the trigger ("not", "never"; "would", "may",
"plans to"). Tokens come from a regex, features from the words around each token and the
`lemminflect` lexicon; nothing is downloaded at run time. Each model is loaded once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import resources

CLASSES = (
    "OCCURRENCE",
    "REPORTING",
    "STATE",
    "I_ACTION",
    "I_STATE",
    "ASPECTUAL",
    "PERCEPTION",
)
TRIGGER_MODEL = "event_triggers.crfsuite"
ATTRIBUTE_MODEL = "event_attributes.crfsuite"
CLASS_MODEL = "event_classes.crfsuite"
EVENT_THRESHOLD = 0.7
"""A token whose probability of being no event start is below this becomes an event."""

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*|[^\w\s]")
_SENTENCE_END = {".", "!", "?"}

AUXILIARIES = frozenset(
    "be am is are was were been being have has had having do does did will would shall "
    "should can could may might must 's 're 've 'd 'll".split()
)
MODALS = frozenset("would could may might must should can shall will 'll 'd ought".split())
MODAL_PHRASES = (("plan", "to"), ("plans", "to"), ("planned", "to"), ("going", "to"))
NEGATIONS = frozenset("not n't never no without nor neither".split())

# Small seed lexicons: the CRF learns the rest from the gold; these help on unseen lemmas.
LEXICON = {
    "REPORTING": "say tell report announce state add note claim quote write declare confirm "
    "explain disclose testify comment insist reply respond warn predict describe",
    "ASPECTUAL": "begin start continue stop finish end resume complete cease halt initiate "
    "launch terminate quit keep remain",
    "I_STATE": "want believe think expect hope fear feel need wish doubt suspect know "
    "consider worry prefer like love hate intend assume",
    "I_ACTION": "try attempt seek plan propose promise offer ask urge demand order request "
    "agree refuse decide allow permit prevent avoid call investigate vow pledge threaten",
    "PERCEPTION": "see hear watch observe notice witness view spot listen glimpse",
}
_LEXICON_OF = {word: cls for cls, words in LEXICON.items() for word in words.split()}


@dataclass(frozen=True, slots=True)
class Mention:
    """One event trigger: [start, end) offsets into the text and its TimeML attributes."""

    start: int
    end: int
    text: str
    event_class: str
    tense: str
    aspect: str
    polarity: str
    modality: str


def tokenize(text: str) -> list[tuple[int, int]]:
    """Token spans: words (inner hyphens and apostrophes kept) and single punctuation marks."""
    return [m.span() for m in _TOKEN.finditer(text)]


def sentences(text: str, spans: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Group token spans into sentences: a ., ! or ? ends one when a capital, quote or line
    break follows (or the text ends), and so does a blank line."""
    out: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for i, (s, e) in enumerate(spans):
        if current and "\n\n" in text[current[-1][1] : s]:
            out.append(current)
            current = []
        current.append((s, e))
        if text[s:e] in _SENTENCE_END:
            nxt = spans[i + 1][0] if i + 1 < len(spans) else None
            if nxt is None or not text[nxt].islower():
                out.append(current)
                current = []
    if current:
        out.append(current)
    return out


@lru_cache(maxsize=65536)
def _lexical(word: str) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """(parts of speech the word can have, its verb lemma or '', Penn verb tags of the form)."""
    import lemminflect

    lemmas = lemminflect.getAllLemmas(word) or lemminflect.getAllLemmas(word.lower())
    pos = tuple(sorted(lemmas))
    verb = lemmas.get("VERB", ("",))[0]
    tags: tuple[str, ...] = ()
    if verb:
        forms = lemminflect.getAllInflections(verb, upos="VERB")
        low = word.lower()
        tags = tuple(sorted(tag for tag, words in forms.items() if low in words))
    return pos, verb, tags


def _shape(word: str) -> str:
    shape = re.sub(r"[A-Z]+", "X", word)
    shape = re.sub(r"[a-z]+", "x", shape)
    return re.sub(r"[0-9]+", "d", shape)


def _context_cues(words: list[str], i: int) -> tuple[str, str, bool]:
    """(nearest auxiliary in the 3 words before, nearest modal cue, a negation before)."""
    aux = modal = ""
    negated = False
    for j in range(i - 1, max(-1, i - 5), -1):
        w = words[j].lower()
        if not aux and w in AUXILIARIES:
            aux = w
        if not modal and w in MODALS:
            modal = w
        if w in NEGATIONS:
            negated = True
        if w in {",", ";", ":", ".", "and", "or", "but", "that", "which", "who"}:
            break
    if not modal and i >= 2:
        pair = (words[i - 2].lower(), words[i - 1].lower())
        if pair in MODAL_PHRASES:
            modal = " ".join(pair)
    return aux, modal, negated


@lru_cache(maxsize=65536)
def _word_features(w: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(features of the word itself, its pos-1 features for the next word, its pos+1 features
    for the previous word), cached: most of a text's words were seen before."""
    low = w.lower()
    pos, verb, tags = _lexical(w)
    own = [
        "b",
        "w=" + low,
        "s2=" + low[-2:],
        "s3=" + low[-3:],
        "s4=" + low[-4:],
        "p3=" + low[:3],
        "shape=" + _shape(w),
        "title=" + str(w[:1].isupper()),
        "verb=" + verb,
        "lemma=" + _lemma(w),
        "lex=" + _LEXICON_OF.get(verb or low, ""),
    ]
    own += ["pos=" + p for p in pos]
    own += ["tag=" + t for t in tags]
    if not pos:
        own.append("oov")
    return tuple(own), tuple("pos-1=" + p for p in pos), tuple("pos+1=" + p for p in pos)


def token_features(words: list[str], i: int) -> list[str]:
    """Features of the i-th word of a sentence for the trigger model."""
    low = words[i].lower()
    feats = list(_word_features(words[i])[0])
    feats.append("first=" + str(i == 0))
    for off in (-2, -1, 1, 2):
        j = i + off
        feats.append(f"w{off}=" + (words[j].lower() if 0 <= j < len(words) else "<s>"))
    if i > 0:
        feats.append("bi-1=" + words[i - 1].lower() + "|" + low)
        feats += _word_features(words[i - 1])[1]
    if i + 1 < len(words):
        feats.append("bi+1=" + low + "|" + words[i + 1].lower())
        feats += _word_features(words[i + 1])[2]
    aux, modal, negated = _context_cues(words, i)
    feats += ["aux=" + aux, "modal=" + str(bool(modal)), "neg=" + str(negated)]
    return feats


def attribute_features(words: list[str], i: int, event_class: str) -> list[str]:
    """Features of a trigger (the i-th word) for the tense/aspect model."""
    w = words[i]
    low = w.lower()
    pos, verb, tags = _lexical(w)
    feats = ["b", "w=" + low, "s2=" + low[-2:], "s3=" + low[-3:], "cls=" + event_class]
    feats += ["pos=" + p for p in pos] + ["tag=" + t for t in tags]
    chain = []
    for j in range(i - 1, max(-1, i - 5), -1):
        word = words[j].lower()
        if word in AUXILIARIES or word in NEGATIONS or word in {"to", "not"}:
            chain.append(word)
            feats.append("aux=" + word)
        elif j < i - 1 and chain:
            break
        elif j == i - 1:
            feats.append("w-1=" + word)
            if word not in {"the", "a", "an"}:
                break
    feats.append("chain=" + " ".join(reversed(chain)))
    if chain:
        feats.append("nearest=" + chain[0])
        feats.append("nearest|tag=" + chain[0] + "|" + ",".join(tags))
    return feats


@lru_cache(maxsize=65536)
def _lemma(word: str) -> str:
    """The verb lemma of a word, else its noun or adjective lemma, else the lowercase word."""
    import lemminflect

    lemmas = lemminflect.getAllLemmas(word.lower())
    for pos in ("VERB", "NOUN", "ADJ"):
        if pos in lemmas:
            return lemmas[pos][0]
    return word.lower()


def class_features(words: list[str], i: int) -> list[str]:
    """Features of a trigger (the i-th word) for the class model: its lemma and the words that
    govern it or that it governs ("to", "that" complements make intensional classes)."""
    w = words[i]
    low = w.lower()
    lemma = _lemma(w)
    pos, verb, tags = _lexical(w)
    after = [x.lower() for x in words[i + 1 : i + 4]]
    feats = [
        "b",
        "w=" + low,
        "lemma=" + lemma,
        "s3=" + low[-3:],
        "s4=" + low[-4:],
        "lex=" + _LEXICON_OF.get(lemma, ""),
        "to=" + str("to" in after[:2]),
        "that=" + str(bool({"that", "whether", "if"} & set(after))),
    ]
    feats += ["pos=" + p for p in pos] + ["tag=" + t for t in tags]
    for off in (-3, -2, -1, 1, 2):
        j = i + off
        feats.append(f"w{off}=" + (words[j].lower() if 0 <= j < len(words) else "<s>"))
    if after:
        feats.append("lemma|w+1=" + lemma + "|" + after[0])
        feats.append("lemma|to=" + lemma + "|" + str("to" in after[:2]))
        feats.append("lemma|that=" + lemma + "|" + str("that" in after))
    if i > 0:
        prev = words[i - 1].lower()
        feats.append("det-1=" + str(prev in {"the", "a", "an", "its", "their", "his", "her"}))
        feats.append("lex-1=" + _LEXICON_OF.get(_lemma(words[i - 1]), ""))
    if i > 0:
        feats.append("w-1|lemma=" + words[i - 1].lower() + "|" + lemma)
    aux, modal, negated = _context_cues(words, i)
    feats += ["aux=" + aux, "modal=" + str(bool(modal))]
    return feats


@cache
def _tagger(name: str):
    """A CRFsuite tagger for the shipped model `name`, opened once per process."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    path = resources.files("transforms.events").joinpath("data", name)
    with resources.as_file(path) as file:
        tagger.open(str(file))
    return tagger


def _split_attributes(label: str) -> tuple[str, str]:
    tense, _, aspect = label.partition("|")
    return tense or "NONE", aspect or "NONE"


def _decide(triggers, features: list[list[str]]) -> list[str]:
    """Labels of a sentence: the Viterbi path, except that a token the path leaves `O` becomes
    its likeliest class when P(O) < `EVENT_THRESHOLD` (the CRF is shy; recall pays more)."""
    labels = triggers.tag(features)
    classes = [c for c in triggers.labels() if c != "O"]
    for i, label in enumerate(labels):
        if label != "O" or triggers.marginal("O", i) >= EVENT_THRESHOLD:
            continue
        labels[i] = max(classes, key=lambda c: triggers.marginal(c, i))
    return labels


def find_mentions(
    text: str,
    trigger_model: object = None,
    attribute_model: object = None,
    class_model: object = None,
) -> list[Mention]:
    """Every event mention of `text`, in text order. The models default to the shipped ones."""
    triggers = trigger_model or _tagger(TRIGGER_MODEL)
    attributes = attribute_model or _tagger(ATTRIBUTE_MODEL)
    classes = class_model or _tagger(CLASS_MODEL)
    out: list[Mention] = []
    for sentence in sentences(text, tokenize(text)):
        words = [text[s:e] for s, e in sentence]
        labels = _decide(triggers, [token_features(words, i) for i in range(len(words))])
        for i, label in enumerate(labels):
            if label == "O":
                continue
            label = classes.tag([class_features(words, i)])[0]
            tense, aspect = _split_attributes(
                attributes.tag([attribute_features(words, i, label)])[0]
            )
            _, modal, negated = _context_cues(words, i)
            s, e = sentence[i]
            out.append(
                Mention(s, e, text[s:e], label, tense, aspect, "NEG" if negated else "POS", modal)
            )
    return out


def mention_records(text: str, published: date) -> list[dict]:
    """Event mentions of one article as scorer rows (without `doc_id`).

    `earliest`/`latest` ([earliest, latest), ISO days, `null` for an open side) come from
    `timing.time_events`.
    """
    from transforms.events.timing import time_events
    from transforms.temporal import tag

    mentions = find_mentions(text)
    times = time_events(text, published, mentions, tag(text, published)) if mentions else []
    return [
        {
            "start": m.start,
            "end": m.end,
            "text": m.text,
            "class": m.event_class,
            "tense": m.tense,
            "aspect": m.aspect,
            "polarity": m.polarity,
            "modality": m.modality or None,
            "earliest": t.earliest.isoformat() if t.earliest else None,
            "latest": t.latest.isoformat() if t.latest else None,
        }
        for m, t in zip(mentions, times, strict=True)
    ]

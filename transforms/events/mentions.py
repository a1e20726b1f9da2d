"""Event mentions in the TimeML sense: every event trigger of a text with its character span,
class, tense, aspect, polarity and modality.

Three small CRFsuite models, trained from the TimeBank gold by `python -m
transforms.events.training` and shipped as package data, do the work:

- the **trigger** model labels each token of a sentence with the TimeML class of the event that
  starts on it, or `O` (punctuation, numbers and closed-class words get a single feature, so
  half the tokens cost almost nothing);
- the **class** model (a CRF over the triggers of a sentence) gives the final class from each
  trigger's lemma, its lexicon class and the complement it takes ("to" + verb, "that"), which
  the sequence model sees less well;
- the **attribute** model (maximum entropy) gives each trigger its `TENSE|ASPECT` pair.

Polarity and modality come from cue words before the trigger ("not", "never"; "would", "may",
"plans to"). Tokens come from a regex, features from the words around each token, the
`lemminflect` lexicon and WordNet's supersenses (`supersenses`, shipped as a table); nothing is
downloaded at run time. Each model is loaded once per process.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import resources

from transforms.events.supersenses import supersense_features
from transforms.text.documents import TOKEN, document_tokens

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
EVENT_THRESHOLD = 0.75
"""A token whose probability of being no event start is below this becomes an event (with the
trigger model's c2 = 0.3, 0.75 is the best of 0.6-0.95 by 5-fold CV on TimeBank: event F1 82.84,
vs 82.70 at 0.7 and 82.56 at 0.8; with the auxiliary rule and the present closed class, 82.98,
vs 82.98 at 0.74, 82.88 at 0.76 and 82.82 at 0.72; with WordNet supersense features, 83.36)."""

_SENTENCE_END = {".", "!", "?"}

AUXILIARIES = frozenset(
    "be am is are was were been being have has had having do does did will would shall "
    "should can could may might must 's 're 've 'd 'll".split()
)
MODALS = frozenset("would could may might must should can shall will 'll 'd ought".split())
MODAL_PHRASES = (("plan", "to"), ("plans", "to"), ("planned", "to"), ("going", "to"))
NEGATIONS = frozenset("not n't never no without nor neither".split())

# Seed lexicons by lemma: the CRFs learn the rest from the gold; these help on unseen lemmas.
LEXICON = {
    "REPORTING": "say tell report announce state add note claim quote write declare confirm "
    "explain disclose testify comment insist reply respond warn predict describe cite according "
    "inform acknowledge reiterate stress emphasize mention assert contend argue remark recount",
    "ASPECTUAL": "begin start continue stop finish end resume complete cease halt initiate "
    "terminate quit keep commence proceed discontinue interrupt suspend restart renew",
    "I_STATE": "want believe think expect hope fear feel need wish doubt suspect know "
    "consider worry prefer like love hate intend assume plan estimate anticipate desire imagine "
    "suppose require able unable willing unwilling likely confident afraid sure certain aware "
    "eager ready reluctant determined pleased seem appear deserve",
    "I_ACTION": "try attempt seek propose promise offer ask urge demand order request "
    "agree refuse decline decide allow permit prevent avoid call investigate vow pledge threaten "
    "name nominate appoint approve authorize accuse charge deny persuade convince encourage "
    "force help delay postpone cancel reject accept undertake vote elect effort campaign bid "
    "fail manage",
    "PERCEPTION": "see hear watch observe notice witness view spot listen glimpse perceive "
    "overhear look",
    "STATE": "own have hold remain stay belong contain control possess live exist lack depend "
    "consist reside resemble",
}
_LEXICON_OF = {word: cls for cls, words in LEXICON.items() for word in words.split()}
CLASS_LEXICON = {
    "REPORTING": "affirm allege concede admit retort reveal recall relate brief notify telegraph "
    "complain caution suggest indicate answer tout boast lament quip",
    "STATE": "equal total cost weigh measure amount comprise involve include chairman president "
    "director officer manager leader chief head member executive commander boss consultant "
    "trustee treasurer producer seller owner holder tenure presidency role duty position "
    "situation condition status crisis occupation available payable pending due capable "
    "responsible dependent vulnerable liable eligible absent alive dead free",
    "I_ACTION": "forbid prohibit ban bar block hinder obstruct impede stall resist oppose blame "
    "praise hail honor criticize condemn denounce applaud welcome endorse support recommend "
    "advise invite instruct direct command compel oblige induce tempt lure enable empower "
    "license schedule arrange organize plot conspire scheme strive struggle endeavor hesitate "
    "neglect ignore overlook tolerate verify check examine review analyze study probe inquire "
    "consolidate pursue mislead deceive invalidate nullify overturn revoke repeal veto "
    "petition sue appeal push press lobby ratify sign consent ensure guarantee assure select "
    "choose pick designate",
    "I_STATE": "regret foresee presume understand favor dread envision contemplate expectation "
    "ability keen careful unhappy happy glad sorry concerned anxious hopeful optimistic "
    "pessimistic skeptical convinced content satisfied disappointed dismayed shocked surprised "
    "worried fearful mean aim entitle qualify tend prepare",
    "ASPECTUAL": "conclude launch open close culminate originate unfold reignite wrap abandon "
    "persist",
    "PERCEPTION": "sense detect",
}
"""More class words by lemma, for the class model's own lexicon class only: with them the
trigger model finds fewer events (event F1 82.62 vs 82.84 by 5-fold CV), while the class model
gains (class accuracy 82.51 vs 82.32). The governor the class model looks for before a trigger
stays a seed word: a role noun ("Their leader decided to stay") governs nothing."""
_CLASS_LEXICON_OF = _LEXICON_OF | {
    word: cls for cls, words in CLASS_LEXICON.items() for word in words.split()
}
_NOMINAL_SUFFIXES = (
    ("ation", ""),
    ("ation", "e"),
    ("ition", "e"),
    ("tion", "te"),
    ("ment", ""),
    ("al", ""),
    ("al", "e"),
    ("ance", ""),
    ("ence", ""),
    ("sion", "de"),
    ("ure", ""),
    ("ing", ""),
    ("ing", "e"),
)
"""Nominalisation endings and what replaces them to give the verb ("decision" -> "decide")."""

EVENT_NOUNS = frozenset(
    """war crisis election referendum summit conference meeting talks strike attack genocide
    embargo earthquake storm hurricane flood fire explosion blast crash accident scandal trial
    hearing ceremony funeral wedding campaign protest riot rally coup revolution invasion
    offensive battle fighting violence massacre ceasefire truce visit trip tour deal merger
    takeover bankruptcy recession boom slump surge drop decline rise fall increase loss gain
    growth sale race match game tournament festival boycott sanctions dispute conflict uprising
    insurgency raid bombing shooting murder killing arrest kidnapping hijacking disaster
    epidemic outbreak drought famine shortage inquiry probe audit review debate vote ballot
    session negotiation crackdown reform bailout layoff""".split()
)
"""Nouns that name events (by their lemma), for words the gold has not shown."""

COPULAS = frozenset("be am is are was were been being 's 're become became remain".split())
DETERMINERS = frozenset(
    "the a an this that these those its their his her our your my some any no each every "
    "another".split()
)
CLOSED_CLASS = DETERMINERS | frozenset(
    """all both either neither of in on at by for from with without within into onto upon
    over under about above below between among through during before after since until till
    against toward towards across along around behind beyond despite near off out per than via
    regarding concerning excluding
    amid to and or but nor so yet if because while although though unless whether as when where
    which who whom whose what why how i me you he him she it we us they them myself himself
    herself itself themselves ourselves not n't also very just only even too there here then
    now""".split()
)
"""Words that are (nearly) never TimeML events; 18 of TimeBank's 6,698 events are one of them."""


NEVER_EVENTS = frozenset("gmt utc est edt cst cdt mst mdt pst pdt bst cet am pm".split())
"""Time-zone and clock words, which a story's clock times ("around 1115 GMT") put in
sentences where the trigger model reads them as events; they never are."""

AMOUNT_UNITS = frozenset(
    """dollar dollars dlrs cent cents euro euros pound pounds mark marks franc francs yen yuan
    rupee rupees percent point points ton tons tonne tonnes barrel barrels share shares""".split()
)
"""Units and currencies: right after a number ("23.37 million marks") they name an amount,
not an event."""

_AMOUNT_BEFORE = frozenset("million billion trillion thousand hundred dozen".split())


def _never_event(words: list[str], i: int) -> bool:
    """Whether the i-th word cannot be an event trigger whatever the model says: a single
    letter, a time-zone or clock word, or a unit right after a number (`AMOUNT_UNITS`)."""
    low = words[i].lower()
    if len(low) == 1 or low in NEVER_EVENTS:
        return True
    if low not in AMOUNT_UNITS or i == 0:
        return False
    before = words[i - 1].lower()
    return before[:1].isdigit() or before in _AMOUNT_BEFORE


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
    return [m.span() for m in TOKEN.finditer(text)]


def sentences(
    text: str, spans: Sequence[tuple[int, int]], decimals: bool = False
) -> list[list[tuple[int, int]]]:
    """Group token spans into sentences: a ., ! or ? ends one when a capital, quote or line
    break follows (or the text ends), and so does a blank line. With `decimals`, a point
    between digits is a decimal point ("fell 0.38 percent"), not an end: the event phrase reads
    sentences so. The trigger model reads them without (trained and cross-validated both ways
    on TimeBank, event F1 83.02 without and 82.90 with)."""
    out: list[list[tuple[int, int]]] = []
    first = 0  # the current sentence's first token: a sentence is cut from `spans` at its end
    end = 0
    for i, (s, e) in enumerate(spans):
        if i > first and s - end > 1 and "\n\n" in text[end:s]:
            out.append(list(spans[first:i]))
            first = i
        end = e
        if e - s == 1 and text[s] in _SENTENCE_END:
            nxt = spans[i + 1][0] if i + 1 < len(spans) else None
            if nxt is not None and text[s:e] == "." and i > 0 and _abbreviation(text, spans[i - 1]):
                continue
            if decimals and nxt == e and s > 0 and text[nxt].isdigit() and text[s - 1].isdigit():
                continue
            if nxt is None or not text[nxt].islower():
                out.append(list(spans[first : i + 1]))
                first = i + 1
    if first < len(spans):
        out.append(list(spans[first:]))
    return out


_TITLES = frozenset("mr mrs ms dr gen sen rep gov lt col sgt capt prof st".split())


def _abbreviation(text: str, span: tuple[int, int]) -> bool:
    """The token before a '.' makes it an abbreviation's dot: an initial (the S of U.S.) or a
    title before a name (Mr., Gen.)."""
    word = text[span[0] : span[1]]
    return (len(word) == 1 and word.isupper()) or word.lower() in _TITLES


@lru_cache(maxsize=131072)
def _entry(low: str) -> tuple[tuple[str, ...], str, tuple[str, ...], str]:
    """lemminflect's view of a lowercase word, looked up once per process: (parts of speech
    it can have, its verb lemma or '', Penn verb tags of the form, its verb/noun/adjective
    lemma or the word)."""
    import lemminflect

    lemmas = lemminflect.getAllLemmas(low)
    pos = tuple(sorted(lemmas))
    verb = lemmas.get("VERB", ("",))[0]
    tags: tuple[str, ...] = ()
    if verb:
        tags = tuple(sorted(tag for tag, forms in _inflections(verb).items() if low in forms))
    lemma = low
    for upos in ("VERB", "NOUN", "ADJ"):
        if upos in lemmas:
            lemma = lemmas[upos][0]
            break
    return pos, verb, tags, lemma


@lru_cache(maxsize=16384)
def _inflections(verb: str) -> dict[str, tuple[str, ...]]:
    import lemminflect

    return lemminflect.getAllInflections(verb, upos="VERB")


def lexical(word: str) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """(parts of speech the word can have, its verb lemma or '', Penn verb tags of the form)."""
    return _entry(word.lower())[:3]


def word_lemma(word: str) -> str:
    """The verb lemma of a word, else its noun or adjective lemma, else the lowercase word."""
    return _entry(word.lower())[3]


_SHAPE = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "X" * 26 + "x" * 26 + "d" * 10
)
_RUNS = re.compile(r"([Xxd])\1+")


def _shape(word: str) -> str:
    """The word's shape: runs of capitals, small letters and digits as X, x and d."""
    return _RUNS.sub(r"\1", word.translate(_SHAPE))


_CUE_WORDS = AUXILIARIES | MODALS | NEGATIONS | {"to"}
"""A window free of these words has no cue: the common case, answered without a loop."""
_CUE_STOPS = frozenset({",", ";", ":", ".", "and", "or", "but", "that", "which", "who"})


_AUXILIARY_VERBS = frozenset(
    "have has had having 've 'd be is are was were been being am 's 're do does did".split()
)
_BETWEEN_AUXILIARY = frozenset(
    "not n't never already also since long just still yet ever even once all itself himself "
    "herself themselves".split()
)


_SEMI_MODALS = frozenset("have has had having going".split())
_AUXILIARY_WORDS = _AUXILIARY_VERBS | _SEMI_MODALS


def _auxiliary(lows: list[str], i: int) -> bool:
    """Whether the i-th lowercase word is a form of have/be/do followed by a participle, adverbs
    and negations between ("had probably been killed", "has since sold"), or the have/going of
    "have to" / "going to" before a verb: an auxiliary or modal, which TimeML never marks as an
    event. lemminflect tags a regular participle ("killed") as the past form only, so either
    tag counts."""
    low = lows[i]
    if low in _SEMI_MODALS and i + 2 < len(lows) and lows[i + 1] == "to":
        after = lows[i + 2]
        return after not in DETERMINERS and "VB" in _entry(after)[2]
    if low not in _AUXILIARY_VERBS:
        return False
    for w in lows[i + 1 : i + 4]:
        if w in _BETWEEN_AUXILIARY or (len(w) > 4 and w.endswith("ly")):
            continue
        tags = _entry(w)[2]
        return "VBN" in tags or "VBD" in tags
    return False


def _context_cues(lows: list[str], i: int) -> tuple[str, str, bool]:
    """(nearest auxiliary in the 4 lowercase words before, nearest modal cue, a negation
    before), looking back no further than a clause boundary."""
    aux = modal = ""
    negated = False
    if _CUE_WORDS.isdisjoint(lows[max(0, i - 4) : i]):
        return aux, modal, negated
    for j in range(i - 1, max(-1, i - 5), -1):
        w = lows[j]
        if not aux and w in AUXILIARIES:
            aux = w
        if not modal and w in MODALS:
            modal = w
        if w in NEGATIONS:
            negated = True
        if w in _CUE_STOPS:
            break
    if not modal and i >= 2 and (lows[i - 2], lows[i - 1]) in MODAL_PHRASES:
        modal = lows[i - 2] + " " + lows[i - 1]
    return aux, modal, negated


@dataclass(frozen=True, slots=True)
class _Word:
    """Everything the models need from a word alone, computed once per distinct word."""

    low: str
    closed: bool
    own: tuple[str, ...]
    pos_before: tuple[str, ...]
    pos_after: tuple[str, ...]
    cat: str = ""
    posset: str = ""


_NUMBERLIKE = re.compile(r"[\d.,:/%-]+")


@lru_cache(maxsize=131072)
def _word(w: str) -> _Word:
    """The cached per-word part of the trigger features. Punctuation, numbers and closed-class
    words (almost never TimeML events) get the single feature of their lowercase form, which
    keeps tagging cheap: about half the tokens of news text are of that kind."""
    low = w.lower()
    if low in CLOSED_CLASS or not w[0].isalnum() or _NUMBERLIKE.fullmatch(w):
        return _Word(low, True, ("w=" + low,), ("c-1=" + low,), ("c+1=" + low,), _category(low))
    pos, verb, tags = lexical(w)
    lemma = word_lemma(w)
    own = [
        "b",
        "w=" + low,
        "s3=" + low[-3:],
        "s4=" + low[-4:],
        "shape=" + _shape(w),
        "lemma=" + lemma,
        "lex=" + lexicon_class(w),
    ]
    own += ["pos=" + p for p in pos]
    own += ["tag=" + t for t in tags]
    if verb:
        own.append("verb=" + verb)
    if not pos:
        own.append("oov")
    if lemma in EVENT_NOUNS:
        own.append("evnoun")
    source = deverbal(w)
    if source:
        own += ["deverbal", "deverbal-lex=" + _LEXICON_OF.get(source, "")]
    own += supersense_features(low, lemma)
    posset = ",".join(pos)
    return _Word(low, False, tuple(own), ("pos-1=" + posset,), ("pos+1=" + posset,), "open", posset)


_PRONOUN_WORDS = frozenset(
    "i me you he him she it we us they them myself himself herself itself themselves".split()
)


def _category(low: str) -> str:
    """The kind of a closed-class word or mark, which tells a noun use from a verb use of the
    word after it ("the offer" / "to offer" / "would offer")."""
    if low in DETERMINERS:
        return "det"
    if low == "to":
        return "to"
    if low in MODALS:
        return "modal"
    if low in AUXILIARIES:
        return "aux"
    if low in _PRONOUN_WORDS:
        return "pron"
    if low in CLOSED_CLASS:
        return "func"
    return "punct" if not low[0].isalnum() else "num"


def sentence_features(words: list[str]) -> list[list[str] | tuple[str, ...]]:
    """Trigger-model features of every word of a sentence: the cached features of the word, its
    neighbours two either side, and the auxiliary, modal and negation cues before it (only
    when present: a feature that is always there costs a lookup per token and says nothing)."""
    info = [_word(w) for w in words]
    lows = [x.low for x in info]
    padded = ["<s>", "<s>", *lows, "<s>", "<s>"]
    last = len(words) - 1
    last_cue = -5
    out: list[list[str] | tuple[str, ...]] = []
    for i, x in enumerate(info):
        if i and lows[i - 1] in _CUE_WORDS:
            last_cue = i - 1
        if x.closed:
            out.append(x.own)
            continue
        low = x.low
        f = [
            *x.own,
            "w-2=" + padded[i],
            "w-1=" + padded[i + 1],
            "w1=" + padded[i + 3],
            "w2=" + padded[i + 4],
        ]
        f.append("cat-1|pos=" + (info[i - 1].cat if i else "<s>") + "|" + x.posset)
        if i > 0:
            f.append("bi-1=" + lows[i - 1] + "|" + low)
            f += info[i - 1].pos_before
        if i < last:
            f.append("bi+1=" + low + "|" + lows[i + 1])
            f += info[i + 1].pos_after
        if i - last_cue <= 4:
            aux, modal, negated = _context_cues(lows, i)
            if aux:
                f.append("aux=" + aux)
            if modal:
                f.append("modal")
            if negated:
                f.append("neg")
        out.append(f)
    return out


@lru_cache(maxsize=65536)
def _attribute_word(w: str) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """The per-word part of `attribute_features`: (the features before the class, the part
    of speech and tag features after it, the word's verb tags joined by ',')."""
    low = w.lower()
    pos, _, tags = lexical(w)
    head = ("b", "w=" + low, "s2=" + low[-2:], "s3=" + low[-3:])
    tail = tuple(["pos=" + p for p in pos] + ["tag=" + t for t in tags])
    return head, tail, ",".join(tags)


def attribute_features(words: list[str], i: int, event_class: str) -> list[str]:
    """Features of a trigger (the i-th word) for the tense/aspect model. They read the words
    lowercased, so the sentence's lowercase words give the same features."""
    head, tail, tags = _attribute_word(words[i])
    feats = [*head, "cls=" + event_class, *tail]
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
        feats.append("nearest|tag=" + chain[0] + "|" + tags)
    return feats


@lru_cache(maxsize=65536)
def lexicon_class(word: str, wide: bool = False) -> str:
    """The seed-lexicon class of a word's lemma, or of the verb a nominalisation comes from
    ("investigation" -> investigate -> I_ACTION), else ''. `wide` adds `CLASS_LEXICON`."""
    low = word.lower()
    table = _CLASS_LEXICON_OF if wide else _LEXICON_OF
    for candidate in (word_lemma(word), low):
        if candidate in table:
            return table[candidate]
    for suffix, replacement in _NOMINAL_SUFFIXES:
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            base = low[: -len(suffix)] + replacement
            if base in table:
                return table[base]
    return ""


_DEVERBAL_SUFFIXES = (
    ("ation", "e"),
    ("ation", ""),
    ("ition", "e"),
    ("ion", "e"),
    ("ion", ""),
    ("sion", "d"),
    ("sion", "de"),
    ("ment", ""),
    ("al", ""),
    ("al", "e"),
    ("ance", ""),
    ("ence", ""),
    ("ure", ""),
    ("ure", "e"),
    ("ing", ""),
    ("ing", "e"),
)


@lru_cache(maxsize=65536)
def deverbal(word: str) -> str:
    """The verb a noun is made from ("withdrawal" -> withdraw, "negotiations" -> negotiate,
    "departure" -> depart), by lemminflect's lexicon, else ''. Such nouns often name events."""
    pos, _, _, lemma = _entry(word.lower())
    if "NOUN" not in pos:
        return ""
    for suffix, replacement in _DEVERBAL_SUFFIXES:
        if lemma.endswith(suffix) and len(lemma) > len(suffix) + 2:
            base = lemma[: -len(suffix)] + replacement
            if _entry(base)[1] == base:
                return base
    return ""


@dataclass(frozen=True, slots=True)
class _ClassWord:
    """The class model's view of a trigger word alone, computed once per distinct word."""

    lemma: str
    lex: str
    """Its lexicon class (`lexicon_class` with `CLASS_LEXICON`)."""
    posset: str
    own: tuple[str, ...]
    """Its own features, the first of `class_features`."""
    root: str
    """The verb a noun is made from (`deverbal`), else the lemma."""
    adjective_only: bool


@lru_cache(maxsize=65536)
def _class_word(w: str) -> _ClassWord:
    """The per-word part of `class_features`. No word endings: with the lemma, the lexicon and
    `deverbal` they only add noise (5-fold CV on TimeBank, class accuracy 83.07 without vs 82.98
    with; unseen lemmas score the same)."""
    low = w.lower()
    pos, _, tags = lexical(w)
    lemma = word_lemma(w)
    lex = lexicon_class(w, wide=True)
    posset = ",".join(pos)
    own = [
        "b",
        "w=" + low,
        "lemma=" + lemma,
        "lex=" + lex,
        "posset=" + posset,
    ]
    own += ["pos=" + p for p in pos] + ["tag=" + t for t in tags]
    adjective_only = "ADJ" in posset and "VERB" not in posset
    return _ClassWord(lemma, lex, posset, tuple(own), deverbal(w) or lemma, adjective_only)


def class_features(words: list[str], i: int, lows: list[str] | None = None) -> list[str]:
    """Features of a trigger (the i-th word) for the class model: its lemma and lexicon class,
    the complement it takes ("to" + verb, "that"), a copula or determiner before it, and the
    nearest lexicon word that may govern it ("expected to rise"). `lows` are the words
    lowercased, when the caller has them already."""
    w = words[i]
    word = _class_word(w)
    lemma, lex, posset = word.lemma, word.lex, word.posset
    n = len(words)
    # The lowercase words the features read; the trigger is near[k].
    if lows is None:
        near = [x.lower() for x in words[max(0, i - 4) : i + 3]]
    else:
        near = lows[max(0, i - 4) : i + 3]
    k = min(i, 4)
    nxt = near[k + 1] if i + 1 < n else "</s>"
    nxt2 = near[k + 2] if i + 2 < n else "</s>"
    prev = near[k - 1] if i > 0 else "<s>"
    prev2 = near[k - 2] if i > 1 else "<s>"
    copula = prev in COPULAS or prev2 in COPULAS
    be = "True" if copula else "False"
    det = "True" if prev in DETERMINERS else "False"
    f = [
        *word.own,
        "w+1=" + nxt,
        "w+2=" + nxt2,
        "that=True" if nxt in _THAT else "that=False",
        "lemma|w+1=" + lemma + "|" + nxt,
        "w-1=" + prev,
        "w-2=" + prev2,
        "det-1=" + det,
        "be-before=" + be,
        "be|posset=" + be + "|" + posset,
        "w-1|lemma=" + prev + "|" + lemma,
        "prev_to=True" if prev == "to" else "prev_to=False",
        "title=True" if i > 0 and w[:1].isupper() else "title=False",
    ]
    if nxt == "to":
        kind = "toN"
        if i + 2 < n and nxt2 not in DETERMINERS:
            npos, nverb, ntags = _entry(nxt2)[:3]
            if "VB" in ntags or (nverb and "NOUN" not in npos):
                kind = "toV"
        f += ["to=" + kind, "lex|to=" + lex + "|" + kind, "lemma|to=" + lemma + "|" + kind]
    else:
        f.append("to=none")
    if nxt in _THAT:
        f.append("lex|that=" + lex)
    if i + 1 < n:
        f += _next_pos(nxt)
    if nxt.endswith("ing"):
        f.append("ing+1")
    for j in range(i - 1, max(-1, i - 6), -1):
        governor = lexicon_class(words[j])
        if governor:
            f += ["govlex=" + governor, "govlex|d=" + governor + str(min(i - j, 3))]
            break
    aux, modal, _ = _context_cues(near, k)
    root = word.root
    f += [
        "aux=" + aux,
        "modal=True" if modal else "modal=False",
        "root=" + root,
        "root|to=" + root + "|" + nxt,
        "root|det=" + root + det,
        "lemma|aux=" + lemma + "|" + aux,
        "lemma|be=" + lemma + be,
    ]
    f += _number_features(words, i, lemma)
    if word.adjective_only:
        f += ["adjonly", "adjonly|be=" + be]
    return f


_NUMBER_STARTS = frozenset("0123456789$%")


def _number_features(words: list[str], i: int, lemma: str) -> list[str]:
    """An amount just after or before the trigger: financial nouns and verbs with one ("a net
    loss of $8 million", "sales totaled $1 billion") are more often STATEs."""
    f = []
    if _amount_among(words[i + 1 : i + 4]):
        f += ["num-after", "lemma|num-after=" + lemma]
    if _amount_among(words[max(0, i - 2) : i]):
        f += ["num-before", "lemma|num-before=" + lemma]
    return f


def _amount_among(words: list[str]) -> bool:
    """Whether one of `words` starts with a digit, '$' or '%' (a plain loop: asked twice per
    trigger, it is half the cost of a generator)."""
    for w in words:
        if w[0] in _NUMBER_STARTS:
            return True
    return False


@lru_cache(maxsize=65536)
def _next_pos(low: str) -> tuple[str, ...]:
    """The class model's features of the parts of speech of the word after the trigger."""
    return tuple("pos+1=" + p for p in _entry(low)[0])


_THAT = frozenset({"that", "whether", "if"})


@cache
def _tagger(name: str):
    """A CRFsuite tagger for the shipped model `name`, opened once per process."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    path = resources.files("transforms.events").joinpath("data", name)
    with resources.as_file(path) as file:
        tagger.open(str(file))
    _SHIPPED[id(tagger)] = name
    return tagger


_SHIPPED: dict[int, str] = {}
"""The file name of each shipped model opened by `_tagger`, by the tagger's id (they live as
long as the process, so an id is never reused)."""


def _split_attributes(label: str) -> tuple[str, str]:
    tense, _, aspect = label.partition("|")
    return tense or "NONE", aspect or "NONE"


@dataclass(frozen=True, slots=True)
class _Known:
    """A word's trigger features as one model can use them: only the attributes the model has a
    weight for (CRFsuite skips the others, so leaving them out changes no score and saves
    their conversion and look-up), split by the role the word plays around a token. The
    attributes are UTF-8 bytes: the tagger copies bytes as they are but encodes a str anew on
    every call, and the same name is the same attribute either way."""

    low: str
    cat: str
    posset: str
    closed: bool
    own: tuple[bytes, ...]
    as_w_2: tuple[bytes, ...]
    as_w_1: tuple[bytes, ...]
    as_w1: tuple[bytes, ...]
    as_w2: tuple[bytes, ...]
    pos_before: tuple[bytes, ...]
    pos_after: tuple[bytes, ...]
    after_kind: dict[str, bytes]
    bigram_before: dict[str, bytes]
    """The known `bi-1` attributes of this word, by the lowercase word before it."""
    bigram_after: dict[str, bytes]
    """The known `bi+1` attributes of this word, by the lowercase word after it."""


_NO_BIGRAMS: dict[str, bytes] = {}

_KINDS = ("<s>", "open", "det", "to", "modal", "aux", "pron", "func", "punct", "num")
"""Every `_category` of a word before a token, the sentence start and an open-class word."""


class _TriggerFeatures:
    """`sentence_features` restricted to the attributes of one trained trigger model, with the
    per-word part cached by word: the same scores, a fraction of the strings. Attributes are
    handed to the tagger as UTF-8 bytes (see `_Known`)."""

    def __init__(self, tagger) -> None:
        self.known = _known_attributes(tagger)
        self.encoded = {name: name.encode() for name in self.known}
        """Each known attribute's bytes, made once and shared by every word that has it."""
        self.bigrams_before: dict[str, dict[str, bytes]] = {}
        for (before, word), name in _pairs(self.known, "bi-1=").items():
            self.bigrams_before.setdefault(word, {})[before] = self.encoded[name]
        self.bigrams_after: dict[str, dict[str, bytes]] = {}
        for (word, after), name in _pairs(self.known, "bi+1=").items():
            self.bigrams_after.setdefault(word, {})[after] = self.encoded[name]
        self.cache: dict[str, _Known] = {}
        self.after_kinds: dict[str, dict[str, bytes]] = {}
        self.pad = self._make(_Word("<s>", True, (), (), (), "<s>"))

    def _keep(self, *features: str) -> tuple[bytes, ...]:
        encoded = self.encoded
        return tuple(encoded[f] for f in features if f in encoded)

    def _make(self, x: _Word) -> _Known:
        low = x.low
        return _Known(
            low,
            x.cat,
            x.posset,
            x.closed,
            self._keep(*x.own),
            self._keep("w-2=" + low),
            self._keep("w-1=" + low),
            self._keep("w1=" + low),
            self._keep("w2=" + low),
            self._keep(*x.pos_before),
            self._keep(*x.pos_after),
            self._after_kind(x.posset),
            self.bigrams_before.get(low, _NO_BIGRAMS),
            self.bigrams_after.get(low, _NO_BIGRAMS),
        )

    def _after_kind(self, posset: str) -> dict[str, bytes]:
        """The known `cat-1|pos` attributes of a word with these parts of speech, by the kind of
        the word before it (one dict per distinct set of parts of speech, shared)."""
        kinds = self.after_kinds.get(posset)
        if kinds is None:
            kinds = self.after_kinds[posset] = {
                kind: self.encoded[attribute]
                for kind in _KINDS
                if (attribute := "cat-1|pos=" + kind + "|" + posset) in self.known
            }
        return kinds

    def word(self, w: str) -> _Known:
        known = self.cache.get(w)
        if known is None:
            if len(self.cache) > 200_000:
                self.cache.clear()
            known = self.cache[w] = self._make(_word(w))
        return known

    def sentence(
        self, words: list[str]
    ) -> tuple[list[tuple[bytes, ...] | list[bytes]], list[bool], list[str]]:
        """(features of every word, whether it is closed-class, the lowercase words) of a
        sentence.

        The features of a word come in `sentence_features`' order (the model sums their
        weights in that order, so the scores are the same to the last bit). Each word is read
        with its two neighbours either side (the padding `<s>` is never a cue word)."""
        get = self.cache.get
        info = [get(w) or self.word(w) for w in words]
        lows = [x.low for x in info]
        closed = [x.closed for x in info]
        known = self.known
        pad = self.pad
        padded = [pad, pad, *info, pad, pad]
        cue_words = _CUE_WORDS
        last_cue = -5
        out: list[tuple[bytes, ...] | list[bytes]] = []
        append = out.append
        # Each word with the two before and the two after it; `info` ends the windows.
        windows = zip(padded, padded[1:], info, padded[3:], padded[4:], strict=False)
        for i, (far_before, before, x, after, far_after) in enumerate(windows):
            if before.low in cue_words:
                last_cue = i - 1
            if x.closed:
                append(x.own)
                continue
            f = [
                *x.own,
                *far_before.as_w_2,
                *before.as_w_1,
                *after.as_w1,
                *far_after.as_w2,
                *before.pos_before,
                *after.pos_after,
            ]
            conj = x.after_kind.get(before.cat)
            if conj:
                f.append(conj)
            if x.bigram_before:
                bigram = x.bigram_before.get(before.low)
                if bigram:
                    f.append(bigram)
            if x.bigram_after:
                bigram = x.bigram_after.get(after.low)
                if bigram:
                    f.append(bigram)
            if i - last_cue <= 4:
                aux, modal, negated = _context_cues(lows, i)
                if aux and "aux=" + aux in known:
                    f.append(self.encoded["aux=" + aux])
                if modal and "modal" in known:
                    f.append(b"modal")
                if negated and "neg" in known:
                    f.append(b"neg")
            append(f)
        return out, closed, lows


TRIGGER_ATTRIBUTES = "event_triggers.attributes.txt"
"""The shipped trigger model's known attributes (`known_attributes`), one per line, written by
training beside the model: read in a few milliseconds, where asking the model costs every
process that tags events 0.2-0.8 s (pycrfsuite parses its text dump line by line)."""


def known_attributes(tagger) -> frozenset[str]:
    """The attributes a trained model has a non-zero weight for (its state features').

    Asked of pycrfsuite's `info()`. Not of `Tagger.dump(filename)`: that closes its file
    descriptor twice, which, with another thread opening a file in between (a Parquet writer, a
    DuckDB file), closes that thread's file under it."""
    return frozenset(attribute for attribute, _ in tagger.info().state_features)


def _known_attributes(tagger) -> frozenset[str]:
    """`known_attributes` of `tagger`: from `TRIGGER_ATTRIBUTES` for the shipped trigger model."""
    if _SHIPPED.get(id(tagger)) == TRIGGER_MODEL:
        path = resources.files("transforms.events").joinpath("data", TRIGGER_ATTRIBUTES)
        return frozenset(path.read_text(encoding="utf-8").splitlines())
    return known_attributes(tagger)


def _pairs(known: frozenset[str], prefix: str) -> dict[tuple[str, str], str]:
    """The known bigram attributes `prefix + a + "|" + b` by (a, b), so that a bigram is looked
    up without building its string ("|" inside a word is tried at every split)."""
    out: dict[tuple[str, str], str] = {}
    for attribute in known:
        if attribute.startswith(prefix):
            rest = attribute[len(prefix) :]
            for k, char in enumerate(rest):
                if char == "|":
                    out[(rest[:k], rest[k + 1 :])] = attribute
    return out


@lru_cache(maxsize=16)
def _trigger_features(tagger) -> _TriggerFeatures:
    return _TriggerFeatures(tagger)


def _events(triggers, sentence: list[str]) -> tuple[list[int], list[str]]:
    """The indexes of the words of a sentence that start an event: those the Viterbi path
    labels, and the open-class words it leaves `O` whose P(O) is below `EVENT_THRESHOLD` (the
    CRF is shy; recall pays more), except auxiliaries (`_auxiliary`). Marginals are asked for
    only where the path says `O` on an open-class word. Also the sentence's lowercase words,
    made for the features once and read again by the cues and the class and attribute
    features."""
    features, closed, lows = _trigger_features(triggers).sentence(sentence)
    labels = triggers.tag(features)
    events = [
        i
        for i, label in enumerate(labels)
        if (label != "O" or (not closed[i] and triggers.marginal("O", i) < EVENT_THRESHOLD))
        and not (lows[i] in _AUXILIARY_WORDS and _auxiliary(lows, i))
    ]
    return events, lows


_Found = tuple[list[str], list[str], int, int, int]
"""A trigger as `find_mentions` finds it: (its sentence's words, those words lowercased, its
index in the sentence, its start and end in the text)."""

CLASS_OWN_WEIGHT = 0.6
"""A trigger's class scores are this much its own marginals and the rest the mean marginals of
the other triggers of the document with the same lemma: one class per lemma and discourse, as
annotators tend to give. By 5-fold CV on TimeBank, class accuracy: Viterbi 82.60, own marginals
alone (1.0) 82.65, 0.8 82.73, 0.7 82.73, 0.6 82.78, 0.5 82.75. Pooling only lemmas the document
repeats (the Viterbi path for the rest) scores the same (82.77 vs 82.76) for less work."""


def _classes(classes, found: list[_Found]) -> list[str]:
    """The class of every trigger of `found` (in text order): the class model's path, sentence
    by sentence, except for a lemma the document has more than once, whose class comes from its
    marginals pooled over the document's triggers of that lemma (`CLASS_OWN_WEIGHT`)."""
    labels = classes.labels()
    marginal = classes.marginal
    lemmas = [word_lemma(words[i]) for words, _, i, _, _ in found]
    by_lemma: dict[str, list[int]] = {}
    for k, lemma in enumerate(lemmas):
        by_lemma.setdefault(lemma, []).append(k)
    out: list[str] = []
    marginals: dict[int, list[float]] = {}
    first = 0
    while first < len(found):
        words = found[first][0]
        last = first
        while last < len(found) and found[last][0] is words:
            last += 1
        classes.set([class_features(words, i, lows) for _, lows, i, _, _ in found[first:last]])
        out += classes.tag()
        for k in range(first, last):
            if len(by_lemma[lemmas[k]]) > 1:
                marginals[k] = [marginal(y, k - first) for y in labels]
        first = last
    for ks in by_lemma.values():
        if len(ks) > 1:
            total = [sum(col) for col in zip(*(marginals[k] for k in ks), strict=True)]
            rest = (1 - CLASS_OWN_WEIGHT) / (len(ks) - 1)
            for k in ks:
                score = [
                    CLASS_OWN_WEIGHT * p + rest * (t - p)
                    for p, t in zip(marginals[k], total, strict=True)
                ]
                out[k] = labels[max(range(len(labels)), key=score.__getitem__)]
    return out


def find_mentions(
    text: str,
    trigger_model: object = None,
    attribute_model: object = None,
    class_model: object = None,
) -> list[Mention]:
    """Every event mention of `text`, in text order. The models default to the shipped ones.

    The class model reads the triggers of a sentence as one sequence (a REPORTING verb and
    the I_STATE or OCCURRENCE it introduces go together); see `_classes`. The attribute model is a
    maximum-entropy classifier (no transition weights), so all triggers of the text are labelled
    in one call: item by item, that is the same answer as one call per trigger, for a fraction
    of the cost.
    """
    triggers = trigger_model or _tagger(TRIGGER_MODEL)
    attributes = attribute_model or _tagger(ATTRIBUTE_MODEL)
    classes = class_model or _tagger(CLASS_MODEL)
    found: list[_Found] = []
    for sentence in sentences(text, document_tokens(text)):
        words = [text[s:e] for s, e in sentence]
        events, lows = _events(triggers, words)
        for i in events:
            if not _never_event(words, i):
                found.append((words, lows, i, *sentence[i]))
    if not found:
        return []
    labels = _classes(classes, found)
    tenses = attributes.tag(
        [
            attribute_features(lows, i, c)
            for (_, lows, i, _, _), c in zip(found, labels, strict=True)
        ]
    )
    out: list[Mention] = []
    previous: tuple[list[str], int, Mention] | None = None
    for (words, lows, i, s, e), label, pair in zip(found, labels, tenses, strict=True):
        tense, aspect = _split_attributes(pair)
        _, modal, negated = _context_cues(lows, i)
        mention = Mention(s, e, text[s:e], label, tense, aspect, "NEG" if negated else "POS", modal)
        if previous is not None and previous[0] is words:
            mention = _coordinated(words, i, mention, previous[1], previous[2])
        out.append(mention)
        previous = (words, i, mention)
    return out


COORDINATORS = frozenset({"and", "or"})
COORDINATED_WITHIN = 8
"""At most this many words from a verb to the base-form verb coordinated with it."""
SHARED_TENSES = frozenset({"FUTURE", "INFINITIVE"})
"""Tenses a coordinated base-form verb shares with the verb before it ("will visit Paris and
*meet* Macron", "promised to withdraw and *release* soldiers"): in TimeBank, 16 of 20 such
verbs carry the first verb's tense, and every modal one its modality."""


def _coordinated(words: list[str], i: int, m: Mention, j: int, first: Mention) -> Mention:
    """Mention `m` (the i-th word) with the tense and modality of the future, infinitive or
    modal verb `first` (the j-th word) when `m` is a base-form verb coordinated with it
    ("will visit Paris next month and *meet* Macron"): the auxiliary or "to" is not repeated,
    and the attribute model, reading only the words before `m`, sees none."""
    if (
        i - j > COORDINATED_WITHIN
        or words[i - 1].lower() not in COORDINATORS
        or m.modality
        or not (first.tense in SHARED_TENSES or first.modality)
        or "VB" not in lexical(words[i])[2]
        or not ("VB" in lexical(words[j])[2] or first.tense == "FUTURE")
    ):
        return m
    return Mention(
        m.start,
        m.end,
        m.text,
        m.event_class,
        first.tense,
        first.aspect,
        m.polarity,
        first.modality,
    )


def mention_records(text: str, published: date, models: Sequence[object] = ()) -> list[dict]:
    """Event mentions of one article as scorer rows (without `doc_id`).

    `earliest`/`latest` ([earliest, latest), ISO days, `null` for an open side) come from
    `timing.time_events`. `models` are `find_mentions`' (trigger, attribute, class) models; the
    shipped ones by default.
    """
    from transforms.events.timing import time_events
    from transforms.temporal import tag

    mentions = find_mentions(text, *models)
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

"""A readable `event` phrase for an event mention, as a headline would say it.

`headline(text, mention)` returns the trigger with who did it to whom, cut from the mention's own
sentence: "Russia attacked Ukraine's power grid", not a fragment such as "a UEFA spokesman said".
No parser is available at run time, so rules over the words decide:

- a **verbal** trigger takes the noun phrase before its verb group as subject (walking left over
  auxiliaries, adverbs and "plans to"-style control verbs) and the words after it up to the next
  clause boundary as object; a reporting verb keeps its reported clause; a verbless aside
  between commas ("A total of 7,655 candidates, nearly twice as many as in 2018, competed") is
  stepped over; a verb with no subject of its own (an infinitive, a coordinated verb, a
  participle after a comma) reaches back to the subject of the finite verb governing it;
- a **nominal** trigger ("the attack on the grid", "Russia's invasion of Ukraine") keeps its
  determiner, modifiers and one prepositional phrase after it; a bare noun phrase right after a
  verb takes that verb's clause ("The delegation will present a draft resolution");
- trailing dates and clock times ("on Monday", "at 0200 GMT") are cut: the timeline has the
  date in its own columns.

The phrase is always a contiguous stretch of the sentence, with its white space collapsed, so an
analyst can find it in the article.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import lru_cache

from transforms.events.mentions import (
    AUXILIARIES,
    DETERMINERS,
    NEGATIONS,
    Mention,
    lexical,
    sentences,
    tokenize,
)

MAX_SUBJECT = 8
MAX_OBJECT = 8
MAX_REPORTED = 10

_BOUNDARY_WORDS = frozenset(
    "and but or nor yet so because while although though unless whether which who whom whose "
    "where when after before since until as if than".split()
)
_PREPOSITIONS = frozenset(
    "of on in at by for from with against over into onto to toward towards about between among "
    "near across through during under amid after before since until".split()
)
_NOMINAL_PREPOSITIONS = frozenset(
    "of on in against by with for over into to at from between among".split()
)
_POSSESSIVES = frozenset("his her its their our my your".split())
_PRONOUNS = frozenset("i you he she it we they this that these those who".split())
_ADVERBS = frozenset(
    "also still already just now then never not n't again recently reportedly allegedly "
    "formally officially apparently finally even only later earlier once soon long".split()
)
_TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today tonight yesterday "
    "tomorrow january february march april may june july august september october november "
    "december jan feb mar apr jun jul aug sep sept oct nov dec gmt utc morning afternoon "
    "evening night weekend midnight noon ago week month year".split()
)
_TIME_SHIFTS = frozenset("last next this early late earlier later".split())
_QUOTES = "\"'`“”‘’«»"
_QUOTE_MARK = frozenset(_QUOTES).__contains__
"""Whether a token is a quotation mark (tokens are words or single marks, so this is `low in
_QUOTES`), as a function `map` can count with: the quotes before a trigger are counted for
every verbal mention."""
_SPACE = re.compile(r"\s+")


def headline(text: str, mention: Mention) -> str:
    """The event phrase of `mention` (a trigger inside `text`): subject, trigger and object of
    its clause for a verb, the trigger with its modifiers for a noun."""
    return headline_at(text, _split(text), mention.start, mention.end, mention.text)


def headline_at(text: str, split: tuple[_Sentence, ...], start: int, end: int, trigger: str) -> str:
    """`headline` of the trigger `text[start:end]` (`trigger`), with `text`'s sentences given
    as `_split` or `window_split` makes them (offsets into `text`)."""
    if not split:
        return _clean(trigger)
    sentence, starts, words, lows = _sentence_of(split, start)
    t = max(0, bisect.bisect_right(starts, start) - 1)
    if _is_nominal(words, lows, t):
        first, last = _nominal_left(words, lows, t), _nominal_right(words, lows, t)
        if last == t and first > 0:
            first = _clause_of_object(words, lows, first)
    else:
        first, last = _subject_left(words, lows, t), _verbal_right(words, lows, t)
    last = _cut_time(words, lows, t, last)
    if last == t and first > 1 and lows[first - 1] == ",":
        first = _reported_before(words, lows, first - 1, t)
    return _clean(text[min(sentence[first][0], start) : max(sentence[last][1], end)])


def _reported_before(words: list[str], lows: list[str], comma: int, t: int) -> int:
    """Start of what a sentence-final reporting verb reports ("Trading was halted, a
    spokesman said"): the clause before its comma, when it is short; else the subject."""
    if _lexical(words[t])[1] not in _CLAUSE_VERBS:
        return comma + 1
    j = comma - 1
    while j >= 0 and lows[j] not in {",", ";", ":", "(", ")"}:
        j -= 1
    if j > 0 and lows[j] in {",", ";", ":", "(", ")"} or comma - j - 1 > MAX_REPORTED:
        return comma + 1
    return j + 1


_Sentence = tuple[list[tuple[int, int]], list[int], list[str], list[str]]


@lru_cache(maxsize=32)
def _split(text: str) -> tuple[_Sentence, ...]:
    """`text`'s sentences as (token spans, token starts, words, lower-case words). Cached: the
    mentions of one sentence (two or three on average) ask for the same text in a row."""
    out = []
    for sentence in sentences(text, tokenize(text), decimals=True):
        words = [text[s:e] for s, e in sentence]
        out.append((sentence, [s for s, _ in sentence], words, [w.lower() for w in words]))
    return tuple(out)


def window_split(
    text: str, tokens: Sequence[tuple[int, int]], starts: Sequence[int], low: int, high: int
) -> tuple[_Sentence, ...] | None:
    """`_split(text[low:high])` with offsets into `text`, read from `text`'s own tokens
    (`tokens`, with their `starts`) instead of tokenising the stretch again; None when a token
    crosses `low` or `high` (the stretch would cut it, so its tokens differ from `text`'s).

    The same: the token regex finds the same tokens from any point that is not inside a token,
    and `sentences` reads only the tokens it is given and the text between them."""
    a = bisect.bisect_left(starts, low)
    b = bisect.bisect_left(starts, high)
    if (a > 0 and tokens[a - 1][1] > low) or (b > 0 and tokens[b - 1][1] > high):
        return None
    out = []
    for sentence in sentences(text, tokens[a:b], decimals=True):
        words = [text[s:e] for s, e in sentence]
        out.append((sentence, [s for s, _ in sentence], words, [w.lower() for w in words]))
    return tuple(out)


def _sentence_of(split: tuple[_Sentence, ...], offset: int) -> _Sentence:
    for sentence in split:
        spans = sentence[0]
        if spans[0][0] <= offset < spans[-1][1] or offset < spans[0][0]:
            return sentence
    return split[-1]


_STRIPPED = _QUOTES + ",;:"


def _clean(phrase: str) -> str:
    """The phrase with its white space collapsed and the marks at its ends stripped, but for a
    closing quotation mark whose opening one is inside it."""
    spaced = _SPACE.sub(" ", phrase).strip()
    out = spaced.strip(_STRIPPED).strip()
    end = spaced[len(spaced.rstrip(_STRIPPED)) :]
    if '"' in end and out.count('"') % 2:
        return out + '"'
    if "”" in end and out.count("“") > out.count("”"):
        return out + "”"
    return out


def _is_word(word: str) -> bool:
    return word[:1].isalnum()


_LEXICAL: dict[str, tuple[tuple[str, ...], str, tuple[str, ...]]] = {}
_LEXICAL_KEPT = 200_000


def _lexical(word: str) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """`mentions.lexical(word)`, remembered by the word as written (the phrase rules ask for
    the same words many times; this skips the lowercasing and the slice)."""
    found = _LEXICAL.get(word)
    if found is None:
        if len(_LEXICAL) >= _LEXICAL_KEPT:
            _LEXICAL.clear()
        found = _LEXICAL[word] = lexical(word)
    return found


def _can_be(word: str, pos: str) -> bool:
    return pos in _lexical(word)[0]


def _is_nominal(words: list[str], lows: list[str], t: int) -> bool:
    """A trigger is nominal when it cannot be a verb, or a determiner, possessive or adjective
    stands right before it and it can be a noun."""
    word = words[t]
    pos = _lexical(word)[0]
    if "VERB" not in pos:
        return "NOUN" in pos or not pos
    if t == 0:
        return False
    prev = lows[t - 1]
    if prev in _VERB_GROUP:
        return False
    if prev in DETERMINERS or prev in _POSSESSIVES or prev.endswith(("'s", "’s")):
        return "NOUN" in pos
    if "NOUN" not in pos:
        return False
    before = _lexical(words[t - 1])[0]
    if before == ("ADJ",):
        return True
    return (
        "ADJ" in before
        and t > 1
        and (lows[t - 2] in DETERMINERS or lows[t - 2] in _POSSESSIVES)
        and _INFLECTED_VERB.isdisjoint(_lexical(word)[2])
    )


_INFLECTED_VERB = frozenset({"VBZ", "VBD", "VBN", "VBG"})
"""Verb forms a noun never takes: after "the military", "attacks" is a verb, "attack" a noun."""


_VERB_GROUP = frozenset({"to", *AUXILIARIES, *NEGATIONS})
_NOUN_PHRASE_WORDS = DETERMINERS | _POSSESSIVES | _PRONOUNS
_NOT_NOUN_PHRASE_WORDS = _BOUNDARY_WORDS | _PREPOSITIONS | AUXILIARIES | NEGATIONS


_NOUNISH: dict[str, bool] = {}


def _nounish(word: str, low: str) -> bool:
    """Could be part of a noun phrase: a name, number, determiner, noun or adjective (`low` is
    the word lowercased). Remembered by the word, like `_lexical`: the phrase rules ask about
    the words around every trigger, the same words many times over."""
    found = _NOUNISH.get(word)
    if found is None:
        if len(_NOUNISH) >= _LEXICAL_KEPT:
            _NOUNISH.clear()
        found = _NOUNISH[word] = _read_nounish(word, low)
    return found


def _read_nounish(word: str, low: str) -> bool:
    if low in _NOUN_PHRASE_WORDS:
        return True
    if low in _NOT_NOUN_PHRASE_WORDS:
        return False
    if not word[:1].isalnum():
        return False
    if word[0].isupper() or word[0].isdigit():
        return True
    pos, verb, tags = _lexical(word)
    if verb and verb != low and ("VBD" in tags or "VBN" in tags):
        return False
    return not pos or "NOUN" in pos or "ADJ" in pos or "PROPN" in pos


def _verb_form(word: str) -> bool:
    """An inflected verb form that is not capitalised (a governing verb such as "plans")."""
    return bool(_lexical(word)[2]) and not word[0].isupper()


def _noun_phrase_left(words: list[str], lows: list[str], end: int) -> int:
    """First index of the noun phrase that ends at `end` (inclusive), or end + 1 if none."""
    first = end + 1
    j = end
    while j >= 0 and end - j < MAX_SUBJECT:
        low = lows[j]
        if (low == "." and _abbreviation_dot(words, j)) or (
            low == "," and first <= end and _inside_number(words, j)
        ):
            j -= 1
            continue
        if low in _INSIDE_NOUN_PHRASE and first <= end and j > 0:
            if _nounish(words[j - 1], lows[j - 1]) and lows[j - 1] not in _PRONOUNS:
                j -= 1
                continue
        if not _nounish(words[j], low):
            break
        first = j
        if low in DETERMINERS or low in _PRONOUNS or low in _CONTRACTED_PRONOUNS:
            break
        j -= 1
    if first <= end and lows[first] in {"least", "most"} and first > 0 and lows[first - 1] == "at":
        first -= 1
    return first


_CONTRACTED_PRONOUNS = frozenset(
    pronoun + mark + ending
    for pronoun in _PRONOUNS
    for mark in "'’"
    for ending in ("s", "re", "ve", "ll", "d", "m")
)
"""A pronoun with a contracted auxiliary, written as one word ("it's", "they're")."""


_INSIDE_NOUN_PHRASE = frozenset({"of", "and", "between"})


def _abbreviation_dot(words: list[str], j: int) -> bool:
    """A '.' inside an abbreviation such as U.S. (after a single capital letter)."""
    if words[j] != "." or j == 0:
        return False
    before = words[j - 1]
    return (len(before) == 1 and before.isupper()) or before.lower() in _TITLES


def _verbal_left(words: list[str], lows: list[str], t: int) -> int:
    """Start of the subject: walk left over the verb group (auxiliaries, negations, adverbs and
    up to two "wants to"-style governing verbs), then take the noun phrase there."""
    j = t - 1
    controls = 0
    aside = False
    while j >= 0:
        low = lows[j]
        if low in AUXILIARIES or low in NEGATIONS or low in _ADVERBS or low.endswith("ly"):
            j -= 1
        elif j == t - 1 and low in _QUOTES and j > 0 and lows[j - 1] in AUXILIARIES:
            j -= 1  # a quoted verb group: they can 'get away with' it
        elif low == "to" and j > 0 and controls < 2 and _verb_form(words[j - 1]):
            controls += 1
            j -= 2
        elif low == "," and (opening := _parenthetical_start(words, lows, j)) is not None:
            j = opening - 1
            aside = True
        elif low == ")" and (opening := _bracket_start(words, j)) is not None:
            j = opening - 1  # the subject's name in brackets: "mortgages (ARMs) decreased"
        elif (when := _time_before_verb(lows, j)) is not None:
            j = when - 1
        else:
            break
    if j < 0:
        return 0
    if lows[j] == "to" and j > 1:
        # The infinitive's own subject: "for Donald Trump to take office", "urged Iran to halt"
        subject = _noun_phrase_left(words, lows, j - 1)
        if 0 < subject <= j - 1 and (
            lows[subject - 1] == "for" or _lexical(words[subject - 1])[1] in _OBJECT_CONTROL
        ):
            return subject
    first = _noun_phrase_left(words, lows, j)
    while first < j and (lows[first] in _DAY_NAMES or lows[first] in _PARTS_OF_DAY):
        first += 1  # "On Monday Peruvian President Alberto Fujimori met"
    if aside and first > 1 and first <= j and lows[first - 1] == "of":
        first = min(first, _noun_phrase_left(words, lows, first - 2))
    if first > j or (aside and first > 0 and lows[first - 1] in _PREPOSITIONS):
        return t
    if lows[first] in _RELATIVES and first > 0:
        before = first - 2 if first > 1 and lows[first - 1] == "," else first - 1
        if lows[before] == ")" and "(" in lows[max(0, before - 6) : before]:
            before = before - 1 - lows[before - 1 :: -1].index("(") - 1  # "UMNO (…) that"
        antecedent = _noun_phrase_left(words, lows, before)
        if antecedent <= before:
            return antecedent
    return first


_DAY_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today tonight yesterday".split()
)
_PARTS_OF_DAY = frozenset("morning afternoon evening night".split())


def _time_before_verb(lows: list[str], j: int) -> int | None:
    """Start of a date that ends at `j` and stands between a subject and its verb, as wire copy
    puts it ("The council *on Tuesday* capped ...", "Police *late Friday* arrested ..."), or
    None. Only "on", "late" or "early" may lead it, so a preposition phrase that ends in a day
    ("the deadline of Friday") is never taken for one."""
    k = j
    if lows[k] in _PARTS_OF_DAY and k > 0 and lows[k - 1] in _DAY_NAMES:
        k -= 1
    if lows[k] not in _DAY_NAMES or k == 0:
        return None
    if lows[k - 1] in {"on", "late", "early"}:
        k -= 1
    return k if k > 0 else None


_OBJECT_CONTROL = frozenset(
    "urge ask press pressure push tell allow permit enable force compel persuade order "
    "instruct direct authorize encourage invite require want expect prompt advise beg "
    "warn".split()
)
"""Verbs whose object does what their infinitive says ("urged Iran to halt enrichment": Iran
halts), unlike a purpose clause ("invest $1 billion to expand")."""

MAX_REACH = 20
_GOVERNOR_STOPS = frozenset({",", ";", ":", "(", ")", ".", "--", *_QUOTES})
_FINITE = frozenset({"VBD", "VBZ", "VBP"})
_LINKING_PARTICIPLES = frozenset(
    "according including regarding following concerning excluding considering "
    "depending starting beginning".split()
)


def _subject_left(words: list[str], lows: list[str], t: int) -> int:
    """`_verbal_left`, and for a verb with no subject of its own (an infinitive "... gained 45
    cents to settle", a coordinated "selected ... and used", a participle ", noting ...") the
    subject of the finite verb that governs it, when that stays within `MAX_REACH` words."""
    first = _verbal_left(words, lows, t)
    hops = 0
    verb = t
    while first == verb and hops < 3 and verb > 0:
        governor = _governor(words, lows, verb)
        if governor is None:
            return t
        hops += 1
        verb = governor
        first = _verbal_left(words, lows, verb)
    if hops == 0:
        return first
    if lows[first] == "that" and first + 1 < verb:
        first += 1
    if (
        first == verb
        or t - first > MAX_REACH
        or not _nounish(words[first], lows[first])
        or lows[first] in _RELATIVES
        or (first > 0 and lows[first - 1] in _PREPOSITIONS)
    ):
        return t
    return first


def _governor(words: list[str], lows: list[str], verb: int) -> int | None:
    """The nearest finite verb left of `verb`'s verb group within its clause part (no comma,
    quote or bracket between), or None: the verb whose subject a subjectless verb shares. A
    verb after "and"/"or" passes over noun-or-verb words of another form ("concern about
    missile *exports* and pressed": a noun), looking for the verb it is coordinated with."""
    j = verb - 1
    while j >= 0 and (lows[j] in _ADVERBS or lows[j] in AUXILIARIES or lows[j] in NEGATIONS):
        j -= 1
    if j < 1 or (lows[j] in _GOVERNOR_STOPS and lows[j] != ","):
        return None
    if lows[j] == "," and (not lows[verb].endswith("ing") or lows[verb] in _LINKING_PARTICIPLES):
        return None
    coordinated = lows[j] in {"and", "or"}
    forms = _FINITE.intersection(_lexical(words[verb])[2])
    k = j - 1
    while k >= 0 and j - k <= MAX_OBJECT + 6:
        low = lows[k]
        if (low in _GOVERNOR_STOPS and not _inside_number(words, k)) or low in _RELATIVES:
            return None
        finite = _FINITE.intersection(_lexical(words[k])[2])
        if (low in AUXILIARIES or finite) and not (
            words[k][0].isupper() or _is_nominal(words, lows, k)
        ):
            if not (
                coordinated
                and forms
                and forms.isdisjoint(finite)
                and "NOUN" in _lexical(words[k])[0]
            ):
                return k
        k -= 1
    return None


def _inside_number(words: list[str], k: int) -> bool:
    """A ',' or '.' between digits: a thousands separator or a decimal point (5,000; 0.38)."""
    return (
        words[k] in {",", "."}
        and 0 < k < len(words) - 1
        and words[k - 1][-1:].isdigit()
        and words[k + 1][:1].isdigit()
    )


def _clause_of_object(words: list[str], lows: list[str], first: int) -> int:
    """Start of the clause whose verb takes a bare noun phrase starting at `first` as object
    ("The Danish delegation will present a draft resolution"), or `first` when no verb
    stands right before it."""
    v = first - 1
    word = words[v]
    pos, verb, tags = _lexical(word)
    if (
        not tags
        or "ADV" in pos
        or verb in _CLAUSE_VERBS
        or word[0].isupper()
        or _is_nominal(words, lows, v)
    ):
        return first
    return min(_subject_left(words, lows, v), v)


_TITLES = frozenset("mr mrs ms dr gen sen rep gov lt col sgt capt prof st".split())
_RELATIVES = frozenset({"who", "which", "that"})


def _parenthetical_start(words: list[str], lows: list[str], j: int) -> int | None:
    """Index of the comma opening the stretch that the comma at `j` closes between a subject
    and its verb: a ", which ...," clause or a verbless aside ("A total of 7,655 candidates,
    nearly twice as many as in 2018, competed"); None for anything else."""
    verbless = True
    for p in range(j - 1, max(-1, j - 10), -1):
        low = lows[p]
        if low in {";", ":", ".", "(", ")"} or low in _QUOTES:
            return None
        if low == ",":
            if _inside_number(words, p):
                continue
            if p + 1 < j and lows[p + 1] in {"who", "which"}:
                return p
            if verbless and p + 1 < j and p > 0 and _nounish(words[p - 1], lows[p - 1]):
                return p
            return None
        if (
            low in AUXILIARIES
            or low in _SUBORDINATORS
            or _PRESENT.intersection(_lexical(words[p])[2])
        ):
            verbless = False
    return None


MAX_BRACKETED = 4


def _bracket_start(words: list[str], j: int) -> int | None:
    """Index of the "(" that the ")" at `j` closes around a name or a number of at most
    `MAX_BRACKETED` words ("the ruling party (UMNO)", "Otto Hahn (1879-1968)") after a word,
    else None. Brackets around lower-case words ("(both rested)") are an aside, not a name."""
    for p in range(j - 1, max(0, j - MAX_BRACKETED - 1), -1):
        word = words[p]
        if word == "(":
            return p if p < j - 1 and words[p - 1][:1].isalnum() else None
        if word == ")" or word in _QUOTES or word[:1].islower():
            return None
    return None


_PRESENT = frozenset({"VBZ", "VBP"})
_SUBORDINATORS = frozenset(
    "and but or because while although though unless whether which who whom whose where when "
    "if that".split()
)


def _verbal_right(words: list[str], lows: list[str], t: int) -> int:
    """Last index of the object: the words after the trigger up to a clause boundary; a verb
    taking a clause (said, "that ...") keeps up to `MAX_REPORTED` words of it."""
    limit = MAX_OBJECT
    k = t + 1
    if k < len(words) and lows[k] in {"that", "whether", "if"}:
        limit, k = MAX_REPORTED, k + 1
    elif k < len(words) and _lexical(words[t])[1] in _CLAUSE_VERBS:
        limit = MAX_REPORTED
    last = t
    n = len(words)
    quoted = t > 0 and lows[t - 1] in _QUOTES
    # Outside a quotation, a quoted word or phrase of the object is read through ("said
    # hundreds of "ghosts" were drawing pay"); inside one, its closing mark ends the object.
    outside = not quoted and sum(map(_QUOTE_MARK, lows[:t])) % 2 == 0
    while k < n and k - t <= limit:
        low = lows[k]
        if quoted and low == lows[t - 1]:
            quoted = False
        elif outside and low in _QUOTES and 0 < k + 1 < n and words[k + 1][:1].isalnum():
            pass
        elif (
            not words[k][:1].isalnum()
            and not _abbreviation_dot(words, k)
            and low not in _IN_WORDS
            and not _inside_number(words, k)
        ):
            break
        if low in _BOUNDARY_WORDS and k > t + 1 and not _joins_nouns(words, lows, k, t, limit):
            break
        last = k
        k += 1
    if k - t > limit:
        last = _noun_phrase_end(words, lows, _number_end(words, last))
    opened = [i for i in range(t + 1, last + 1) if lows[i] in _QUOTES]
    if outside and len(opened) % 2:
        if last + 1 < n and lows[last + 1] in _QUOTES:
            last += 1  # the quotation ends right here: keep its closing mark
        else:
            last = opened[-1] - 1  # never leave a quotation open
    while last > t and (
        lows[last] in _PREPOSITIONS or lows[last] in DETERMINERS or lows[last] in _IN_WORDS
    ):
        last -= 1
    return last


_WH = frozenset({"how", "why", "what"})


def _joins_nouns(words: list[str], lows: list[str], k: int, t: int, limit: int) -> bool:
    """The "and"/"or" at `k` joins a second noun phrase to the object of the trigger at `t`
    ("wounded four civilians and a US marine", "offered language and computer training"), and
    that noun phrase ends within `limit` words of the trigger at a mark, a preposition or the
    sentence's end, so a second clause ("and the military said") still ends the object."""
    n = len(words)
    if lows[k] not in {"and", "or"} or k + 1 >= n:
        return False
    before, after = words[k - 1], words[k + 1]
    if not (_nounish(before, lows[k - 1]) and before[:1].isalnum()):
        return False
    if lows[k + 1] in _PRONOUNS or lows[k + 1] in _WH or not _nounish(after, lows[k + 1]):
        return False
    if lows[k + 1] not in _NOUN_PHRASE_WORDS and "VERB" in _lexical(after)[0]:
        return False
    j = k + 1
    while j < n and _nounish(words[j], lows[j]) and lows[j] not in _PRONOUNS:
        j += 1
    return j - t <= limit + 1 and (j == n or not words[j][:1].isalnum() or lows[j] in _PREPOSITIONS)


MAX_NOUN_TAIL = 3


def _number_end(words: list[str], last: int) -> int:
    """`last`, or the last token of the number that the object's length limit cut at `last`
    ("from 5 . | 60" reads on to "60"): a phrase never ends inside a number."""
    while last + 1 < len(words) and (
        _inside_number(words, last) or _inside_number(words, last + 1)
    ):
        last += 1
    return last


def _noun_phrase_end(words: list[str], lows: list[str], last: int) -> int:
    """`last`, or the end of the noun phrase that the object's length limit cut at `last` ("at
    the Asian | Games", "its promises to Hong | Kong"): up to `MAX_NOUN_TAIL` more words that
    carry a name on, or a noun after a modifier."""
    if lows[last] in _NOUN_PHRASE_WORDS or not _nounish(words[last], lows[last]):
        return last
    end = last
    while end + 1 < len(words) and end - last < MAX_NOUN_TAIL:
        word, low = words[end + 1], lows[end + 1]
        if low in _NOUN_PHRASE_WORDS or not _nounish(word, low):
            break
        if words[end][:1].isupper() != word[:1].isupper() and not _can_be(words[end], "ADJ"):
            break
        end += 1
    return end


_IN_WORDS = frozenset({"-", "%", "/", "$", "&"})
_CLAUSE_VERBS = frozenset(
    "say tell report announce state add note claim confirm warn believe think expect know "
    "hope fear predict insist argue deny acknowledge".split()
)


def _nominal_left(words: list[str], lows: list[str], t: int) -> int:
    """Start of a nominal trigger's noun phrase: its determiner, possessor and modifiers."""
    if t == 0:
        return 0
    first = _noun_phrase_left(words, lows, t - 1)
    if first == t and t > 1 and (lows[t - 2] in DETERMINERS or lows[t - 2] in _POSSESSIVES):
        return t - 2  # a participle between them: "the *expected* return"
    return min(first, t)


def _nominal_right(words: list[str], lows: list[str], t: int) -> int:
    """End of a nominal trigger's phrase: one prepositional phrase after it ("on the grid"),
    extended through "of" ("the sale of its stake in the unit" stops before "in")."""
    k = t + 1
    if k >= len(words) or lows[k] not in _NOMINAL_PREPOSITIONS:
        return t
    last = t
    k += 1
    while k < len(words) and k - t <= MAX_OBJECT:
        word, low = words[k], lows[k]
        if _abbreviation_dot(words, k):
            k += 1
            continue
        if low == "of" and last > t + 1:
            k += 1
            continue
        if not (_nounish(word, low) or _ing_modifier(words, lows, k)) or (
            low in _PRONOUNS and low not in _POSSESSIVES and k > t + 2
        ):
            break
        last = k
        k += 1
    while last > t and (
        lows[last] in _PREPOSITIONS or lows[last] in DETERMINERS or lows[last] in _ADVERBS
    ):
        last -= 1
    return last if last > t + 1 else t


def _ing_modifier(words: list[str], lows: list[str], k: int) -> bool:
    """An -ing form inside a noun phrase, before its noun ("on *growing* turmoil", "the *ruling*
    party")."""
    return (
        lows[k].endswith("ing")
        and k + 1 < len(words)
        and lows[k + 1] not in _NOUN_PHRASE_WORDS
        and _nounish(words[k + 1], lows[k + 1])
    )


_TIME_EDGES = frozenset("end beginning start middle turn close".split())


def _before_function_words(lows: list[str], t: int, last: int) -> int:
    """`last`, moved back over prepositions and determiners (never before the trigger `t`)."""
    while last > t and (lows[last] in _PREPOSITIONS or lows[last] in DETERMINERS):
        last -= 1
    return last


def _cut_time(words: list[str], lows: list[str], t: int, last: int) -> int:
    """Cut a trailing date or clock time (and the preposition before it) from the phrase."""
    n = len(lows)
    for k in range(t + 1, last + 1):
        low = lows[k]
        if (
            low in _TIME_WORDS
            or (len(low) == 4 and low.isdigit())
            or (low in _TIME_SHIFTS and k + 1 < n and lows[k + 1] in _TIME_WORDS)
        ):
            cut = _before_function_words(lows, t, k - 1)
            if cut > t + 1 and lows[cut] in _TIME_EDGES and lows[cut - 1] == "the":
                cut = _before_function_words(lows, t, cut - 2)  # "at the end of January"
            return cut
    return last

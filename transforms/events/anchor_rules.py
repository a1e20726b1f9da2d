"""The anchoring rules of `timing.time_events` as data tables, each entry with an example.

Search this file for the words of a sentence to find the rule that placed an event: "closed
*before* March" → `PREPOSITIONS["before"]`; "had closed" → `TENSE_RELATIONS[("PAST",
"PERFECTIVE")]`; "will resume" → `FUTURE_MODALS["will"]`.

A relation here says where an event lies against its reference interval (a timex, the governing
event, the story's reference time or the publication day):

- `during`: inside it;
- `before`: on or before its last day (`[None, reference end)`);
- `after`: on or after its first day (`[reference start, None)`);
- `includes`: a state or process going on at the reference time, begun before it and possibly
  still going on after it.
"""

from __future__ import annotations

DURING = "during"
BEFORE = "before"
AFTER = "after"
INCLUDES = "includes"

START = "start"
END = "end"

PREPOSITIONS: dict[str, tuple[str, str, str]] = {
    "before": (BEFORE, START, "the plant closed before March (by the end of February)"),
    "prior to": (BEFORE, START, "prior to 1996 the border was open"),
    "ahead of": (BEFORE, START, "talks ahead of next week's summit"),
    "until": (BEFORE, END, "the ban stays until January (ends in January at the latest)"),
    "till": (BEFORE, END, "wait till Monday"),
    "by": (BEFORE, END, "troops will leave by March"),
    "after": (AFTER, END, "talks resumed after 1996 (from 1997 on)"),
    "following": (AFTER, END, "following Monday's vote the party split"),
    "since": (AFTER, START, "fighting has continued since 1996 (from 1996 on)"),
    "from": (AFTER, START, "the rules apply from January"),
    "starting": (AFTER, START, "starting next week, prices rise"),
}
"""The word right before a timex (after an optional "the") that turns `during` into a bound, and
the edge of the timex's interval that bounds the event; any other word ("in", "on", "last",
none) leaves the event inside the timex's interval."""

TENSE_RELATIONS: dict[tuple[str, str], tuple[str, str]] = {
    ("PAST", "NONE"): (BEFORE, "the plant closed"),
    ("PAST", "PERFECTIVE"): (BEFORE, "the plant had closed"),
    ("PAST", "PROGRESSIVE"): (BEFORE, "the plant was closing"),
    ("PAST", "PERFECTIVE_PROGRESSIVE"): (BEFORE, "the plant had been closing"),
    ("PASTPART", "NONE"): (BEFORE, "the plant, closed by its owners"),
    ("PRESENT", "PERFECTIVE"): (BEFORE, "the plant has closed"),
    ("PRESENT", "PERFECTIVE_PROGRESSIVE"): (INCLUDES, "the plant has been losing money"),
    ("PRESENT", "PROGRESSIVE"): (INCLUDES, "the plant is losing money"),
    ("PRESENT", "NONE"): (INCLUDES, "the plant employs 300 people"),
    ("PRESPART", "NONE"): (DURING, "said on Friday, citing a report"),
    ("FUTURE", "NONE"): (AFTER, "the plant will close"),
    ("FUTURE", "PERFECTIVE"): (AFTER, "the plant will have closed"),
    ("FUTURE", "PROGRESSIVE"): (AFTER, "the plant will be closing"),
    ("INFINITIVE", "NONE"): (AFTER, "the owners plan to close the plant"),
}
"""Tense and aspect of a mention → its relation to the reference time (the publication day, a
governing event or the story's reference time). A tense missing here (nouns: NONE) is decided
by `NOMINAL_RELATION` and the clause's verbs."""

NOMINAL_RELATION: tuple[str, str] = (DURING, "the closure, announced on Friday")
"""An event noun with nothing else to go by shares the reference time of its clause."""

REPORTING_CLASSES: frozenset[str] = frozenset({"REPORTING"})
"""Classes whose complements they govern and that, in wire copy, happen on the publication day
(or the day before): "the ministry *said* on Friday the plant had closed"."""

NEWS_DAY_CLASSES: frozenset[str] = frozenset(
    {"REPORTING", "I_ACTION", "I_STATE", "ASPECTUAL", "PERCEPTION"}
)
"""Classes of the acts news copy reports (saying, deciding, hoping, starting) that, with no date
in their clause and a simple past or present tense, happened on the publication day: "officials
*decided* to close the plant", "he *hopes* to recover them"."""

NEWS_DAY_TENSES: frozenset[tuple[str, str]] = frozenset(
    {("PAST", "NONE"), ("PRESENT", "NONE"), ("PRESPART", "NONE"), ("PRESENT", "PROGRESSIVE")}
)
"""Tense and aspect under which a `NEWS_DAY_CLASSES` event is read as the publication day."""

REPORTED_SAME_DAY_TENSES: dict[tuple[str, str], str] = {
    ("PAST", "NONE"): "police said Friday the men took no money (Friday)",
    ("PRESENT", "PERFECTIVE"): "the mayor said he has allocated funds (the day of the saying)",
}
"""Tense and aspect of an event reported by a reporting verb dated to one day that news copy
places on that day: the news of the day is what was said to have just happened. A past
perfect ("said the plant *had closed*") stays before the saying."""

SAME_TIME_GOVERNORS: dict[str, str] = {
    "decline": "he declined to discuss details (the declining is the not-discussing)",
    "refuse": "she refused to testify",
    "try": "rescuers tried to reach the village",
    "attempt": "he attempted to flee",
    "seem": "Bush seemed to suggest a longer stay",
    "appear": "the plates appear to match",
    "manage": "they managed to escape",
    "fail": "the talks failed to produce a deal",
}
"""Implicative and raising verbs (by lemma) whose infinitive complement happens when they do,
not after them as the complement of an intention does ("decided *to close*")."""

INTENSIONAL_CLASSES: frozenset[str] = frozenset({"I_ACTION", "I_STATE"})
"""Governors whose complements have not happened yet: an event noun they govern lies after
them ("called for the *withdrawal*", "wants a *referendum*")."""

GOVERNING_CLASSES: frozenset[str] = frozenset(
    {"REPORTING", "I_STATE", "I_ACTION", "PERCEPTION", "ASPECTUAL"}
)
"""Classes that take a clause or infinitive complement whose events they govern: "said the plant
had closed", "decided to close", "began to fall"."""

SAME_TIME_OBJECT_CLASSES: dict[str, str] = {
    "ASPECTUAL": "Russia launched an attack on the grid last week (the launching too)",
    "PERCEPTION": "witnesses saw the explosion on Monday (the seeing too)",
}
"""Governors that happen when the event noun right after them does: with no timex of their own
clause, they take the one that dates their object. An intention or a report does not ("promised
a decision next week": the promise is now)."""

OBJECT_WITHIN = 3
"""At most this many tokens from such a governor to its event noun ("launched a major
offensive")."""

PARTICIPLE_TENSES: dict[str, str] = {
    "PASTPART": "The ceasefire, agreed in October, is holding",
    "PRESPART": "Citing a report, officials said the talks had failed",
}
"""Tenses of a governing mention that modifies a noun or opens the sentence: it governs no
finite verb after it (`FINITE_TENSES`)."""

FINITE_TENSES: frozenset[str] = frozenset({"PAST", "PRESENT", "FUTURE"})
"""Tenses of a finite verb, which only a finite verb or a noun before it can govern."""

COORDINATED_TENSES: dict[str, str] = {
    "PAST": "troops entered the city on Monday and seized the airport",
    "FUTURE": "the president will visit Paris next month and meet Macron",
    "INFINITIVE": "promised to withdraw by March and release the soldiers",
}
"""Tenses in which a verb coordinated with the verb before it ("and"/"or", same tense, no timex
of its own) shares that verb's timex: the two predicates have one subject and one time."""

COORDINATED_WITHIN = 12
"""At most this many tokens between two coordinated verbs."""

DURATIVE_CLASSES: frozenset[str] = frozenset({"STATE"})
"""Classes of events that last (multi-day): "the rate *remained* at 4.7 percent"."""

DURATIVE_ASPECTS: frozenset[str] = frozenset({"PROGRESSIVE", "PERFECTIVE_PROGRESSIVE"})
"""Aspects of events that last: "workers *are protesting*", "had been *working*"."""

FUTURE_MODALS: dict[str, str] = {
    "will": "the plant will close",
    "'ll": "they'll close the plant",
    "would": "he said the plant would close",
    "going to": "they are going to close it",
    "plan to": "they plan to close it",
    "plans to": "it plans to close",
    "planned to": "it planned to close",
    "shall": "we shall close it",
}
"""A modality that moves an event after its reference time (relative to a past governor,
"would" is the future in the past)."""

HEDGED_MODALS: dict[str, str] = {
    "may": "the plant may close",
    "might": "the plant might close",
    "could": "the plant could close",
    "should": "the plant should close",
    "must": "the plant must close",
    "can": "the plant can close",
}
"""A modality of possibility: the event, if it happens, lies after the reference time."""

CLAUSE_BREAKS: frozenset[str] = frozenset(",;:()[]{}—–_\"“”`'")
"""Punctuation tokens that end a clause (a timex in one clause does not date another)."""

CLAUSE_OPENERS: dict[str, str] = {
    "that": "said that the plant closed",
    "which": "the plant, which closed",
    "who": "workers who lost their jobs",
    "when": "when the plant closed",
    "while": "while the plant was closing",
    "because": "because the plant closed",
    "although": "although the plant closed",
    "though": "though the plant closed",
    "if": "if the plant closes",
    "whether": "whether the plant closes",
    "but": "but the plant closed",
    "and": "and the plant closed",
    "as": "as the plant closed",
    "where": "where the plant closed",
    "whose": "workers whose plant closed",
}
"""Words that open a new clause; a timex on one side of them dates only its own side."""

MODIFIER_DETERMINERS: dict[str, str] = {
    "a": "a 1971 convention",
    "an": "an October meeting",
    "the": "the 1996 campaign",
    "his": "his 1996 campaign",
    "her": "her 1994 visit",
    "its": "its 1998 budget",
    "their": "their January talks",
}
"""A timex between one of these and a word modifies that word's noun only ("his 1996
*campaign*"), as does a possessive timex ("last month's *explosion*"): it dates the event noun
after it, not the clause."""

POSSESSIVES: tuple[str, ...] = ("'s", "’s", "' ", "’ ")
"""Text right after a timex that makes it possessive ("last month's")."""

MODIFIED_WITHIN = 3
"""A modifying timex dates the first event mention at most this many tokens after it."""

SUBORDINATORS: dict[str, str] = {
    "after": "a referendum next year | after delegates voted",
    "before": "he left | before the talks began",
    "since": "prices rose | since the bank cut rates",
    "until": "the strike goes on | until wages rise",
}
"""Prepositions that open a clause when no timex follows them (before a timex they are the
timex's preposition, `PREPOSITIONS`)."""

UNDATED_VALUES: frozenset[str] = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})
"""Timex values that date nothing by themselves ("now", "recently", "soon"): the event's tense
and aspect place it instead ("Iraq *now controls* ..." is a state going on at publication)."""

FRONTED_MAX_TOKENS = 8
"""A sentence's first clause with a timex but no event ("In March 1996, ...") dates the next
clause when it is at most this many tokens long."""

WIRE_DATELINE = r"\A\s*[A-Z][A-Z.'’ -]+(?:,\s*[A-Z][\w.' ]+)?\s*(?:\([A-Za-z-]+\))?\s*_"
"""A wire-copy dateline ("WASHINGTON _", "O'SMACH, Cambodia (AP)_"): such an article reports
the day's news, so its reporting verbs and past events without a date are read as the
publication day."""

COREFERENT_VERB_TENSES: dict[tuple[str, str], str] = {
    ("PAST", "NONE"): "captured on March 26, 1996 ... at the time Howes was captured",
    ("PASTPART", "NONE"): "abducted in March 1996 ... a British expert abducted by guerrillas",
}
"""Tenses of a verb that, with the lemma of an earlier mention dated by a timex of its own
clause, names that same event again and takes its date."""

LIGHT_VERBS: frozenset[str] = frozenset(
    "be have do go get make take come give put keep let say see seem become".split()
)
"""Verb lemmas too general to name the same event twice ("went to Paris on Monday ... the
plane went down"): they never take an earlier mention's date."""

CONFIDENCE: dict[str, float] = {
    "timex": 0.8,
    "timex_bound": 0.6,
    "reporting": 0.75,
    "governing": 0.5,
    "reported": 0.5,
    "governing_open": 0.3,
    "story": 0.45,
    "coreferent": 0.55,
    "tense": 0.4,
    "publication": 0.2,
}
"""Confidence of an interval by how it was anchored (measured order on the Event-Time train
documents: timex and reporting intervals are right most often, tense-only ones least)."""

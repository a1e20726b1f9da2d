"""Cue-word tables for event extraction: every rule is an entry with an example.

Search this file for the words of a sentence to find the rule that handled it, e.g. "less than
a day after X spoke" → `RELATIVE_CUES["after"]`; "before winter" → `BOUNDARY_CUES["before"]`;
"the second in less than two weeks" → `ORDINAL_CUES["second"]`.
Patterns are plain `re` fragments matched case-insensitively on word boundaries.
"""

from __future__ import annotations

from typing import NamedTuple


class RelativeCue(NamedTuple):
    """A word after a duration that ties the duration to another event.

    `target` says which text is the event: `following` (the words after the cue, "after X
    spoke") or `clause` (the timex's own clause, "X happened two days ago").
    `direction` says where that event lies from the reference time (the publication day, or
    another dated timex in the sentence): `earlier` (reference − N), `later` (reference + N),
    `around` (reference ± N). `preceded_by` is a word that must come right before the duration
    (and its modifier) for the cue to apply ("*within* two weeks *of* X"), or "" for none.
    """

    direction: str
    target: str
    example: str
    preceded_by: str = ""


RELATIVE_CUES: dict[str, RelativeCue] = {
    "after": RelativeCue(
        "earlier", "following", "comments come less than a day after Sir Keir Starmer spoke"
    ),
    "since": RelativeCue("earlier", "following", "in the two weeks since the election was held"),
    "before": RelativeCue("later", "following", "three days before the summit opens"),
    "ahead of": RelativeCue("later", "following", "two weeks ahead of the vote"),
    "prior to": RelativeCue("later", "following", "a month prior to the invasion"),
    "ago": RelativeCue("earlier", "clause", "the ceasefire collapsed two days ago"),
    "of": RelativeCue("around", "following", "within two weeks of the talks ending", "within"),
}
"""Keyed by the cue right after the duration ("less than a day *after* …")."""


class OrdinalCue(NamedTuple):
    """ "the N-th … in <duration>": earlier occurrences of the same thing lie in the duration.

    `earlier` is how many earlier occurrences the ordinal implies; `at_least` flips the window
    for "the first … in two years" (the previous one is *more* than the duration ago).
    """

    earlier: int
    at_least: bool
    example: str


ORDINAL_CUES: dict[str, OrdinalCue] = {
    "first": OrdinalCue(1, True, "the first strike on the city in two years"),
    "second": OrdinalCue(
        1, False, "Russia's new attack on the grid, the second in less than two weeks"
    ),
    "third": OrdinalCue(2, False, "the third attack in a month"),
    "fourth": OrdinalCue(3, False, "the fourth such strike in a week"),
    "fifth": OrdinalCue(4, False, "the fifth outage in ten days"),
    "2nd": OrdinalCue(1, False, "the 2nd attack in two weeks"),
    "3rd": OrdinalCue(2, False, "the 3rd attack in a month"),
}
"""Keyed by the ordinal word in "the <ordinal> [noun …] in/within <duration>"."""

ORDINAL_WINDOW_WORDS: dict[str, str] = {
    "in": "the second in less than two weeks",
    "within": "the third attack within a month",
    "for": "the first time for ten years",
    "in the last": "the second attack in the last two weeks",
    "in the past": "the second attack in the past two weeks",
    "over": "the third strike over three days",
}
"""Words between the ordinal phrase and its duration."""

OCCURRENCE_MODIFIERS: dict[str, str] = {
    "new": "Russia's new attack on Ukraine's power grid",
    "latest": "the latest strike on Kyiv",
    "fresh": "a fresh wave of strikes",
    "recent": "the recent attack",
    "most recent": "the most recent outage",
    "this": "this attack",
    "such": "the second such attack",
}
"""Words dropped from a noun phrase when naming the earlier occurrence ("earlier attack …")."""


class BoundaryCue(NamedTuple):
    """A preposition before a dated timex saying how the event relates to its interval.

    `relation` is `during`, `before` or `after`; `edge` is the side of the timex interval that
    bounds the event: `start` ("before winter" → ends when winter starts) or `end` ("after
    2022" → starts when 2022 ends).
    """

    relation: str
    edge: str
    example: str


BOUNDARY_CUES: dict[str, BoundaryCue] = {
    "before": BoundaryCue(
        "before", "start", "cripple its foe's electricity production before winter"
    ),
    "ahead of": BoundaryCue(
        "before", "start", "the best possible position ahead of another winter"
    ),
    "prior to": BoundaryCue("before", "start", "prior to 2022 the border was open"),
    "until": BoundaryCue("before", "start", "the ban stays until January"),
    "till": BoundaryCue("before", "start", "wait till Monday"),
    "by": BoundaryCue("before", "end", "troops will leave by March"),
    "no later than": BoundaryCue("before", "end", "a decision no later than Friday"),
    "after": BoundaryCue("after", "end", "talks resumed after 2022"),
    "following": BoundaryCue("after", "end", "following Monday's vote the party split"),
    "since": BoundaryCue("after", "start", "fighting has continued since 2022"),
    "from": BoundaryCue("after", "start", "the rules apply from January"),
    "as of": BoundaryCue("after", "start", "as of Monday the border is closed"),
    "starting": BoundaryCue("after", "start", "starting next week, prices rise"),
    "in": BoundaryCue("during", "start", "photographed in Ukraine in 2022"),
    "on": BoundaryCue("during", "start", "the vote on Monday"),
    "at": BoundaryCue("during", "start", "at 5 p.m."),
    "during": BoundaryCue("during", "start", "during the winter"),
    "throughout": BoundaryCue("during", "start", "throughout 2023"),
    "over": BoundaryCue("during", "start", "over the weekend"),
    "this": BoundaryCue("during", "start", "this week"),
    "last": BoundaryCue("during", "start", "last week"),
    "next": BoundaryCue("during", "start", "next month"),
    "of": BoundaryCue("during", "start", "the elections of 2024"),
}
"""Keyed by the preposition before a dated timex (up to `MAX_CUE_GAP` words before it)."""

MAX_CUE_GAP = 3
"""Words allowed between a boundary cue and its timex ("ahead of *another difficult* winter")."""

CUE_GAP_WORDS: dict[str, str] = {
    "the": "before the winter",
    "this": "before this winter",
    "that": "after that week",
    "another": "ahead of another difficult winter",
    "next": "before next winter",
    "last": "since last year",
    "early": "until early January",
    "late": "by late March",
    "mid": "by mid March",
    "difficult": "ahead of another difficult winter",
    "coming": "before the coming winter",
    "upcoming": "ahead of the upcoming winter",
    "same": "after the same day",
    "end": "by the end of 2024",
    "start": "from the start of 2025",
    "beginning": "since the beginning of 2022",
    "middle": "until the middle of May",
    "of": "by the end of 2024",
}
"""Words that may sit between a boundary cue and its timex without breaking the link."""

TIMEX_TAILS: dict[str, str] = {
    r"of\s+(?:the\s+)?\w+": "another difficult winter of conflict",
}
"""Patterns right after a timex that belong to its noun phrase and go with it when stripped."""

REPORTING_VERBS: dict[str, str] = {
    "said": "Boris Johnson has said British forces should help",
    "says": "Mr Johnson says the war must end",
    "told": "Mr Johnson told the Telegraph the army would be involved",
    "tells": "he tells reporters the talks failed",
    "added": "the Ukrainian president added the talks went well",
    "adds": "she adds that the deal collapsed",
    "stated": "the ministry stated the strike hit a plant",
    "announced": "officials announced the plant will close in January",
    "confirmed": "Kyiv confirmed the attack happened on Monday",
    "claimed": "Moscow claimed its forces took the town on Monday",
    "insisted": "he insisted the vote will take place in March",
    "warned": "officials warned the grid could fail in winter",
    "suggested": "Mr Johnson also suggested Ukraine should join in 2025",
    "believes": "he believes the war will end in 2025",
    "thinks": "she thinks the talks will resume in January",
    "reported": "the agency reported the strike took place on Monday",
    "noted": "she noted the talks began in 2022",
    "explained": "he explained the plan would start in May",
    "wrote": "he wrote the attack began in 2022",
    "say": "Number 10 would simply say both leaders met in May",
}
"""Reporting verbs: "X said [that] Y <timex>" keeps Y; "X said <timex> that Y" keeps the saying."""

REPORTING_AUXILIARIES: dict[str, str] = {
    "has": "Boris Johnson has said",
    "have": "officials have said",
    "had": "he had said",
    "also": "Mr Johnson also suggested",
    "previously": "he previously said",
    "later": "she later told",
    "would": "Number 10 would simply say",
    "simply": "Number 10 would simply say",
}
"""Words allowed between a reporting frame's subject and its verb."""

REPORTING_OBJECTS = (
    r"(?:(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*"
    r"|reporters|journalists|him|her|them|us|me|parliament)"
)
"""What may follow "told"/"tells" before the reported clause ("told the Telegraph …")."""

CLAUSE_OPENERS: dict[str, str] = {
    "that": "fears that the Kremlin hopes to cripple its foe's electricity production",
    "which": "the deal, which was signed in 2022",
    "who": "Mr Johnson, who visited Kyiv in 2022",
    "whom": "the envoy, whom he met in May",
    "because": "because the talks failed in March",
    "although": "although the war began in 2022",
    "though": "though the ceasefire ended on Monday",
    "while": "while the talks resumed on Monday",
    "whereas": "whereas the vote was held in May",
    "if": "if a truce took place in January",
    "unless": "unless the talks resume in January",
    "when": "when the strike hit on Monday",
    "whenever": "whenever the grid fails",
    "where": "where the summit took place in May",
    "but": "the talks failed but a deal was signed in May",
    "so": "the grid failed so power was cut on Monday",
    "amid": "amid the attacks on Monday",
    "according to": "according to Ukrainian officials",
    "adding": "adding that the Prime Minister had called them depraved",
    "including": "including its commitment in 2024",
}
"""Words that start a new clause; a clause never extends across one."""

RELATIVE_PRONOUNS: dict[str, str] = {
    "who": "Mr Johnson, who visited Kyiv in 2022 → Mr Johnson visited Kyiv",
    "which": "the deal, which was signed in 2022 → the deal was signed",
}
"""Clause openers whose antecedent (the previous short clause) becomes the subject."""

MAX_ANTECEDENT_WORDS = 6
"""A relative clause borrows the previous clause as subject only if it is this short or shorter."""

LEADING_TRIM: dict[str, str] = {
    "and": "and the talks resumed",
    "but": "but the talks failed",
    "or": "or the vote was postponed",
    "so": "so the grid failed",
    "then": "then the strike hit",
    "that": "that the Kremlin hopes to cripple",
    "as": "as the world prepares",
    "also": "also the talks resumed",
}
"""Words trimmed from the start of a `what` clause (with quotes and punctuation)."""

FRAMES: dict[str, str] = {
    r"(?:this|that|it|[\w'’]+(?:\s+[\w'’]+){0,3})\s+(?:comes?|came)\s+(?:as|amid|after|before)": (
        "This comes as the world prepares for Donald Trump to take office"
    ),
    r"(?:there\s+)?(?:is|was)\s+(?:a\s+)?(?:plan|hope|expectation)s?\s+(?:for|that)": (
        "there is a plan for the army to leave in May"
    ),
}
"""Leading frames around the real event, stripped when something is left after them."""

INFINITIVE_SUBJECTS: dict[str, str] = {
    r"\bfor\s+(?=(?:[A-Z][\w'’.-]*\s+){1,4}to\s+\w)": (
        "prepares for Donald Trump to take office → Donald Trump to take office"
    ),
    r"\bfor\s+(?=(?:the|a|an|its|his|her|their)\s+(?:\w+\s+){1,3}to\s+\w)": (
        "waits for the army to leave in May → the army to leave"
    ),
}
"""Patterns "for <subject> to <verb>": the event starts at the subject (lookahead keeps it)."""

FUTURE_MARKERS: dict[str, str] = {
    "will": "the army will leave after January",
    "'ll": "we'll talk after Monday",
    "’ll": "we’ll talk after Monday",
    "shall": "we shall meet after the vote",
    "going to": "they are going to vote after Easter",
    "plans to": "the government plans to act after May",
    "expected to": "the plant is expected to reopen after winter",
    "is to": "the summit is to take place after January",
    "are to": "talks are to resume after Monday",
}
"""Words in the clause that make "after <past date>" reach past the publication date."""

DATELINE = r"\A\s*date\s+\d{4}-\d{2}-\d{2}\s+"
"""A seed-file header ("date 2024-11-29 Boris JOhnson photographed …"): not part of any event,
and a timex inside it is the publication date itself, so it makes no event."""

MAX_WHAT_WORDS = 25
"""A `what` longer than this is cut at this many words (the start is the informative part)."""

"""The anchoring engine behind `timing.time_events`: each mention's interval, from the first of
these that applies (rules as tables in `anchor_rules`, clause structure in `discourse`):

1. **timex**: a dated temporal expression in the mention's clause, or one modifying the mention
   ("last month's *explosion*"); its preposition decides during / before / after ("closed
   *before* March" ends by the end of February; "*after* 2022" starts in 2023);
2. **reporting**: a reporting verb or an act news copy reports (deciding, hoping, starting)
   with no date of its own and a simple tense happened on the publication day;
3. **coreference**: a definite event noun takes the date of an earlier, timex-dated mention of
   the same lemma ("invaded Kuwait on Aug. 2 ... *the invasion*");
4. **host verb**: an event noun shares the time of the nearest verb of its clause ("will
   launch an *attack*");
5. **governing**: a mention in the complement of another event takes that event's interval as
   its reference and its own tense, aspect and modality as the relation ("said the plant *had
   closed*" → on or before the saying; "decided *to close*" → on or after the deciding);
6. **story**: the story's reference time (the last dated clause, up to `STORY_SENTENCES`
   sentences back) decides an undated simple-past event when it is the publication day or,
   in wire copy, when the story has named no date ("Stocks *rose*" is the news of the day),
   and bounds a past-perfect one ("*had fled*" → before the story's date);
7. **tense**: the tense and aspect against the publication day (past → on or before it,
   future → on or after it, present states → going on at it: begun on or before it, end
   open); an event noun with nothing else is "on or before the publication day".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from transforms.events import anchor_rules as rules
from transforms.events.discourse import DatedTimex, Discourse, event_lemma, read_discourse
from transforms.events.mentions import Mention
from transforms.events.timing import Anchor, EventTime, Relation
from transforms.temporal.model import Timex

Interval = tuple[date | None, date | None]
_DAY = timedelta(days=1)
_RELATIONS = {
    rules.DURING: Relation.DURING,
    rules.BEFORE: Relation.BEFORE,
    rules.AFTER: Relation.AFTER,
    rules.INCLUDES: Relation.INCLUDES,
}

STORY_SENTENCES = 2
"""A dated clause stays the story's reference time for this many sentences after its own."""
MAX_DEPTH = 8
"""How many governors or host verbs deep an interval is looked up (a chain longer than this, or
a cycle, falls back to the mention's own tense)."""
NOMINAL_TENSES = frozenset({"NONE"})
"""Mentions without a verb tense of their own (event nouns) share their clause's verb's time."""
_DEFINITE = re.compile(r"(?:\b(?:the|its|his|her|their)|['’]s)\s+(?:[\w-]+\s+)?$", re.I)
"""A definite article or possessive right before a noun (one modifier allowed): "the invasion",
"Iraq's invasion" refer back to an event the text already named."""
_COORDINATOR_BEFORE = re.compile(r"\b(?:and|or)\s+$", re.I)
"""A coordinator ("and", "or") right before a mention: it is coordinated with what precedes it."""
_APPOSITION_BEFORE = re.compile(r",\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,2}$", re.I)
"""A comma and a determiner (two modifiers at most) right before an event noun: an apposition
that renames the event of the clause before it ("…, the second increase")."""
VERB_TENSES = frozenset({"PAST", "PRESENT", "FUTURE", "INFINITIVE"})
"""Tenses of the mentions that can host an event noun of their clause."""


def apply_relation(relation: str, reference: Interval) -> Interval:
    """The interval of an event in `relation` to the `reference` interval (half-open days)."""
    lo, hi = reference
    if relation == rules.BEFORE:
        return None, hi
    if relation == rules.AFTER:
        return lo, None
    return lo, hi


class Anchoring:
    """One text's mentions, timexes and discourse, anchored mention by mention."""

    def __init__(
        self, text: str, published: date, mentions: Sequence[Mention], timexes: Sequence[Timex]
    ) -> None:
        self.text = text
        self.published = published
        self.today: Interval = (published, published + _DAY if published < date.max else None)
        self.mentions = mentions
        self.discourse: Discourse = read_discourse(text, mentions, timexes)
        self.done: dict[int, EventTime] = {}
        self._story = self._story_times()
        self._reported: set[int] = set()
        """Mentions placed on the day of the reporting verb that reports them: an event noun
        of their clause ("the *attempt*") is not the day's news and keeps the tense reading."""
        self._same_lemma: dict[str, list[int]] = {}
        for i, m in enumerate(mentions):
            self._same_lemma.setdefault(event_lemma(m.text), []).append(i)
        self._clause_members: dict[tuple[int, int], list[int]] = {}
        for i, p in enumerate(self.discourse.placed):
            self._clause_members.setdefault((p.sentence, p.clause), []).append(i)

    def run(self) -> list[EventTime]:
        """An `EventTime` for every mention, in order."""
        return [self.anchor(i) for i in range(len(self.mentions))]

    def anchor(self, i: int, depth: int = 0) -> EventTime:
        """The interval of mention `i` (memoised; governors are anchored first)."""
        if i in self.done:
            return self.done[i]
        result = self._anchor(i, depth)
        self.done[i] = result
        return result

    def _relation(self, m: Mention) -> str:
        """Where mention `m` lies against its reference time, from tense, aspect and modality."""
        if m.modality and (m.modality in rules.FUTURE_MODALS or m.modality in rules.HEDGED_MODALS):
            return rules.AFTER
        rule = rules.TENSE_RELATIONS.get((m.tense, m.aspect))
        if rule is None:
            rule = rules.TENSE_RELATIONS.get((m.tense, "NONE"), rules.NOMINAL_RELATION)
        return rule[0]

    def _anchor(self, i: int, depth: int) -> EventTime:
        """The first rule of the module docstring that places mention `i`."""
        m = self.mentions[i]
        d = self.discourse
        timexes = [
            t
            for t in d.clause_timexes(i)
            if self._tense_allows(m, t) and not self._complement_between(i, t)
        ]
        if not timexes and m.event_class in rules.SAME_TIME_OBJECT_CLASSES:
            timexes = self._object_timexes(i)
        if not timexes:
            timexes = self._coordinated_timexes(i)
        if timexes:
            return self._from_timex(m, d.placed[i].token, timexes)
        apposed = self._apposed_to(i) if m.tense in NOMINAL_TENSES and depth < MAX_DEPTH else None
        if apposed is not None:
            a = self.anchor(apposed, depth + 1)
            if a.anchor is Anchor.TIMEX:
                return replace(a, confidence=a.confidence * 0.9)
        relation = self._relation(m)
        same = self._coreferent(i)
        if same is not None:
            return same
        if m.event_class in rules.NEWS_DAY_CLASSES and (m.tense, m.aspect) in rules.NEWS_DAY_TENSES:
            story = self._story[i]
            moved = (
                m.event_class not in rules.REPORTING_CLASSES
                and story is not None
                and m.tense == "PAST"
                and not self._is_today(story)
            )
            if not m.modality and not moved:
                return self._make(m, self.today, rules.DURING, Anchor.REPORTING, "reporting")
        host = self._host_verb(i) if m.tense in NOMINAL_TENSES else None
        if host is not None and depth < MAX_DEPTH:
            h = self.anchor(host, depth + 1)
            if host in self._reported:
                return self._make(
                    m, (None, h.latest), rules.BEFORE, Anchor.GOVERNING, "governing", h.anchor_text
                )
            if h.earliest is not None or h.latest is not None:
                return EventTime(
                    h.earliest,
                    h.latest,
                    h.multi_day,
                    h.anchor,
                    h.relation,
                    h.confidence * 0.9,
                    self.mentions[host].text,
                    h.begin_earliest,
                    h.begin_latest,
                    h.end_earliest,
                    h.end_latest,
                )
        governor = d.placed[i].governor
        if governor is not None and depth < MAX_DEPTH:
            g = self.anchor(governor, depth + 1)
            if g.earliest is not None or g.latest is not None:
                reference = (g.earliest, g.latest)
                if m.tense == "NONE" and self.mentions[governor].event_class in (
                    rules.INTENSIONAL_CLASSES
                ):
                    relation = rules.BEFORE if self._definite(m) else rules.AFTER
                if (
                    m.tense == "INFINITIVE"
                    and not m.modality
                    and event_lemma(self.mentions[governor].text) in rules.SAME_TIME_GOVERNORS
                ):
                    return self._make(
                        m,
                        reference,
                        rules.DURING,
                        Anchor.GOVERNING,
                        "governing",
                        self.mentions[governor].text,
                    )
                if self._reported_same_day(i, governor, g):
                    self._reported.add(i)
                    return self._make(
                        m,
                        reference,
                        rules.DURING,
                        Anchor.GOVERNING,
                        "reported",
                        self.mentions[governor].text,
                    )
                if (
                    relation == rules.INCLUDES
                    and m.tense == "PRESENT"
                    and g.latest is not None
                    and g.latest <= self.published
                ):
                    return self._includes(self.today, Anchor.TENSE, None)
                if relation == rules.INCLUDES and g.earliest and g.latest:
                    return self._includes(reference, Anchor.GOVERNING, self.mentions[governor])
                interval = apply_relation(relation, reference)
                if interval == (None, None) and relation == rules.AFTER:
                    return self._make(
                        m,
                        reference,
                        rules.DURING,
                        Anchor.GOVERNING,
                        "governing_open",
                        self.mentions[governor].text,
                    )
                if interval != (None, None):
                    return self._make(
                        m,
                        interval,
                        relation,
                        Anchor.GOVERNING,
                        "governing",
                        self.mentions[governor].text,
                    )
        story = self._story[i]
        if self._news_of_the_day(i, m):
            words = story.timex.text if story is not None else ""
            return self._make(m, self.today, rules.DURING, Anchor.STORY, "story", words)
        if (
            story is not None
            and (m.tense, m.aspect) == ("PAST", "PERFECTIVE")
            and story.timex.latest is not None
            and story.timex.latest <= self.published
        ):
            return self._make(
                m,
                (None, story.timex.latest),
                rules.BEFORE,
                Anchor.STORY,
                "story",
                story.timex.text,
            )
        if relation == rules.INCLUDES:
            return self._includes(self.today, Anchor.TENSE, None)
        if relation == rules.DURING and m.tense == "NONE":
            return self._make(
                m, (None, self.today[1]), rules.BEFORE, Anchor.PUBLICATION, "publication"
            )
        return self._make(m, apply_relation(relation, self.today), relation, Anchor.TENSE, "tense")

    def _complement_between(self, i: int, t: DatedTimex) -> bool:
        """Whether a present-tense mention `i` leaves a future timex after it to an infinitive
        of its clause standing between them ("the world prepares for Trump to take office in
        January": January dates the taking; the preparing is now). A past or future verb keeps
        such a timex ("led employers to raise wages last month"), and so does one it modifies."""
        m = self.mentions[i]
        earliest = t.timex.earliest
        if (
            m.tense != "PRESENT"
            or earliest is None
            or earliest <= self.published
            or i in self.discourse.modified
            or t.timex.start <= m.start
        ):
            return False
        here = self.discourse.placed[i]
        for j in range(i + 1, len(self.mentions)):
            other = self.mentions[j]
            if other.start >= t.timex.start:
                return False
            there = self.discourse.placed[j]
            if other.tense == "INFINITIVE" and (there.sentence, there.clause) == (
                here.sentence,
                here.clause,
            ):
                return True
        return False

    def _coreferent(self, i: int) -> EventTime | None:
        """The interval of an earlier mention of the same event that a timex of its own clause
        dates, for a definite event noun of the same lemma ("Iraq invaded Kuwait on Aug. 2 ...
        the invasion" → the invasion is Aug. 2 too) or a simple past verb of the same content
        lemma ("he was captured on March 26, 1996 ... at the time he was captured")."""
        m = self.mentions[i]
        if m.modality or m.event_class != "OCCURRENCE":
            return None
        if m.tense == "NONE":
            if not self._definite(m):
                return None
        elif (m.tense, m.aspect) not in rules.COREFERENT_VERB_TENSES:
            return None
        elif event_lemma(m.text) in rules.LIGHT_VERBS:
            return None
        for j in self._same_lemma.get(event_lemma(m.text), ()):
            if j >= i or self.mentions[j].modality:
                continue
            timexes = self.discourse.clause_timexes(j)
            if len(timexes) == 1 and timexes[0].relation == rules.DURING:
                t = timexes[0]
                if t.timex.latest is not None and t.timex.latest <= (self.today[1] or date.max):
                    return self._make(
                        m, t.bounds(), rules.DURING, Anchor.STORY, "coreferent", t.timex.text
                    )
        return None

    def _reported_same_day(self, i: int, governor: int, g: EventTime) -> bool:
        """Whether mention `i` is a simple past or present perfect event reported by a reporting
        verb dated to one day no later than publication, either by a date of its own ("police
        said Friday the body *found* ...") or as the attribution after the report ("the men
        *fled*, police said"): news copy reports what happened that day. An undated "X said"
        before its report is as often background ("she said she *turned* to her rabbi")."""
        m = self.mentions[i]
        return (
            not m.modality
            and (g.anchor == Anchor.TIMEX or (governor > i and self._finite(governor)))
            and (m.tense, m.aspect) in rules.REPORTED_SAME_DAY_TENSES
            and self.mentions[governor].event_class in rules.REPORTING_CLASSES
            and g.earliest is not None
            and g.latest is not None
            and g.latest - g.earliest == _DAY
            and g.latest <= (self.today[1] or date.max)
        )

    def _finite(self, i: int) -> bool:
        """Whether mention `i` is a finite verb (an attribution such as "police *said*", not an
        infinitive or a noun)."""
        return self.mentions[i].tense in ("PAST", "PRESENT")

    def _tense_allows(self, m: Mention, t: DatedTimex) -> bool:
        """Whether mention `m`'s tense can lie in timex `t`'s interval: a past or perfect event
        is not dated by a wholly future timex, a future or modal one not by a wholly past one
        (a clause-boundary mistake, or the timex belongs to another event)."""
        lo, hi = t.bounds()
        relation = self._relation(m)
        if relation == rules.BEFORE and lo is not None and lo > self.published:
            return False
        future = m.tense == "FUTURE" or m.modality in rules.FUTURE_MODALS
        return not (future and hi is not None and hi <= self.published)

    def _news_of_the_day(self, i: int, m: Mention) -> bool:
        """A simple past event whose story is set on the publication day: the story's reference
        time is that day, or, in wire copy, the story has named no date yet."""
        if (m.tense, m.aspect) != ("PAST", "NONE"):
            return False
        story = self._story[i]
        return self._is_today(story) if story is not None else self.discourse.wire

    def _is_today(self, t: DatedTimex) -> bool:
        """Whether a timex names the publication day ("today", "Friday" in Friday's paper)."""
        return (t.timex.earliest, t.timex.latest) == self.today

    def _definite(self, m: Mention) -> bool:
        """Whether a definite article or a possessive introduces mention `m` ("the bombing",
        "Iraq's invasion"): it names an event the reader knows, one that has happened."""
        return bool(_DEFINITE.search(self.text, max(0, m.start - 24), m.start))

    def _apposed_to(self, i: int) -> int | None:
        """The verb mention that event noun `i` renames in an apposition right after its clause
        ("raised rates on Thursday, *the second increase* in two weeks"; "…, *a move* that
        surprised markets"): the mention before it in its sentence, a finite or infinitive verb,
        with only a comma, a determiner and at most two modifiers between them."""
        if i == 0:
            return None
        j = i - 1
        here, there = self.discourse.placed[i], self.discourse.placed[j]
        if there.sentence != here.sentence or self.mentions[j].tense not in VERB_TENSES:
            return None
        m = self.mentions[i]
        if not _APPOSITION_BEFORE.search(self.text, max(0, m.start - 40), m.start):
            return None
        return j

    def _coordinated_timexes(self, i: int) -> list[DatedTimex]:
        """The timexes of the verb that verb mention `i` is coordinated with ("troops entered
        the city on Monday and *seized* the airport", "will visit Paris next month and *meet*
        Macron"): the mention before it in its sentence, a verb of the same tense within
        `rules.COORDINATED_WITHIN` tokens, with "and"/"or" right before `i`."""
        m = self.mentions[i]
        if i == 0 or m.tense not in rules.COORDINATED_TENSES:
            return []
        j = i - 1
        first = self.mentions[j]
        here, there = self.discourse.placed[i], self.discourse.placed[j]
        if (
            first.tense != m.tense
            or there.sentence != here.sentence
            or here.token - there.token > rules.COORDINATED_WITHIN
            or not _COORDINATOR_BEFORE.search(self.text, max(0, m.start - 6), m.start)
        ):
            return []
        return [
            t
            for t in self.discourse.clause_timexes(j)
            if self._tense_allows(m, t) and not self._complement_between(j, t)
        ]

    def _object_timexes(self, i: int) -> list[DatedTimex]:
        """The timexes dating the event noun that mention `i` governs right after it ("launched
        an *attack* on the grid last week"), which the governor shares
        (`rules.SAME_TIME_OBJECT_CLASSES`); none when the next mention is not such a noun."""
        j = i + 1
        if j >= len(self.mentions) or self.mentions[j].tense != "NONE":
            return []
        here, there = self.discourse.placed[i], self.discourse.placed[j]
        if (
            there.governor != i
            or there.sentence != here.sentence
            or there.token - here.token > rules.OBJECT_WITHIN
        ):
            return []
        m = self.mentions[i]
        return [
            t
            for t in self.discourse.by_clause.get((there.sentence, there.clause), [])
            if self._tense_allows(m, t)
        ]

    def _host_verb(self, i: int) -> int | None:
        """The nearest finite or infinitive verb mention in mention `i`'s clause, if any."""
        p = self.discourse.placed[i]
        best = None
        for j in self._clause_members[(p.sentence, p.clause)]:
            if j != i and (self.mentions[j].tense in VERB_TENSES or self.mentions[j].modality):
                if best is None or abs(j - i) < abs(best - i):
                    best = j
        return best

    def _from_timex(self, m: Mention, token: int, timexes: list[DatedTimex]) -> EventTime:
        """The interval a clause's timex gives (the nearest one when there are several)."""
        t = min(timexes, key=lambda x: abs(x.timex.start - token))
        interval = self._clipped(m, t.bounds())
        kind = "timex" if t.relation == rules.DURING else "timex_bound"
        return self._make(m, interval, t.relation, Anchor.TIMEX, kind, t.timex.text)

    def _clipped(self, m: Mention, interval: Interval) -> Interval:
        """A timex interval that holds the publication day, cut by the tense: a past event
        "this week" happened by publication, a future one "this year" after it."""
        lo, hi = interval
        published, after = self.today
        if after is None:
            return lo, hi
        if (lo is None or lo <= published) and (hi is None or hi > after):
            relation = self._relation(m)
            if relation == rules.BEFORE:
                return lo, after
            if relation == rules.AFTER and (m.tense == "FUTURE" or m.modality):
                return published, hi
        return lo, hi

    def _includes(self, reference: Interval, anchor: Anchor, governor: Mention | None) -> EventTime:
        """A state going on at the reference time: begun on or before it, ended on or after."""
        lo, hi = reference
        return EventTime(
            None,
            hi,
            True,
            anchor,
            Relation.INCLUDES,
            rules.CONFIDENCE["tense" if anchor == Anchor.TENSE else "governing"],
            governor.text if governor else "",
            begin_earliest=None,
            begin_latest=hi,
            end_earliest=lo,
            end_latest=None,
        )

    def _make(
        self,
        m: Mention,
        interval: Interval,
        relation: str,
        anchor: Anchor,
        kind: str,
        words: str = "",
    ) -> EventTime:
        """An `EventTime`; a durative mention (a state, a progressive) is multi-day, begun and
        ended inside the interval."""
        lo, hi = interval
        if m.event_class in rules.DURATIVE_CLASSES or m.aspect in rules.DURATIVE_ASPECTS:
            return EventTime(
                lo, hi, True, anchor, _RELATIONS[relation], rules.CONFIDENCE[kind], words,
                lo, hi, lo, hi,
            )  # fmt: skip
        return EventTime(lo, hi, False, anchor, _RELATIONS[relation], rules.CONFIDENCE[kind], words)

    def _story_times(self) -> list[DatedTimex | None]:
        """For each mention, the story's reference time: the last dated (during) timex before
        it within `STORY_SENTENCES` sentences, else None."""
        out: list[DatedTimex | None] = []
        timexes = sorted(self.discourse.timexes, key=lambda t: t.timex.start)
        k = 0
        last: DatedTimex | None = None
        for i, m in enumerate(self.mentions):
            while k < len(timexes) and timexes[k].timex.start < m.start:
                if timexes[k].relation == rules.DURING:
                    last = timexes[k]
                k += 1
            sentence = self.discourse.placed[i].sentence
            if last is not None and sentence - last.sentence <= STORY_SENTENCES:
                out.append(last)
            else:
                out.append(None)
        return out

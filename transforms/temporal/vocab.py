"""English vocabularies of the temporal engine: one table per kind of word.

Every recognition pattern (`patterns.py`) is built from these tables, and every interpreter reads
its numbers from them, so adding a word here teaches both layers at once.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from transforms.temporal.meaning import Direction, PartOfDay, Reference, Season, Unit
from transforms.temporal.model import Granularity, Mod

E = TypeVar("E", bound=StrEnum)


def typed(enum: type[E], table: dict[str, str]) -> dict[str, E]:
    """A word table with its codes checked against their enum (a typo fails at import)."""
    return {word: enum(code) for word, code in table.items()}


MONTHS: dict[str, int] = {
    "january": 1, "jan": 1,
    "february": 2, "feb": 2,
    "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "may": 5,
    "june": 6, "jun": 6,
    "july": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10,
    "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
"""Month names and their abbreviations ("Sept. 30" -> 9)."""

LOWERCASE_WORD_WEEKDAYS = frozenset({"sun", "sat", "wed", "mon"})
"""Weekday abbreviations that are also words in lower case ("the sun", "she sat"); a full
lower-case name ("last sunday") is a weekday."""

AMBIGUOUS_MONTHS = frozenset({"may", "march", "mar", "jan", "jun", "dec"})
"""Month words that are also common English words; accepted only when capitalised."""

WEEKDAYS: dict[str, int] = {
    "monday": 1, "mon": 1,
    "tuesday": 2, "tue": 2, "tues": 2,
    "wednesday": 3, "wed": 3,
    "thursday": 4, "thu": 4, "thur": 4, "thurs": 4,
    "friday": 5, "fri": 5,
    "saturday": 6, "sat": 6,
    "sunday": 7, "sun": 7,
}  # fmt: skip
"""Weekday names, ISO numbering (Monday = 1). Abbreviations need a trailing period in text."""

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "a hundred": 100, "one hundred": 100, "a dozen": 12, "dozen": 12, "a couple of": 2,
    "a couple": 2, "couple of": 2, "a pair of": 2, "half a": 0, "a half": 0,
}  # fmt: skip
"""Cardinal number words ("two weeks" -> 2). `half a` is handled by the interpreter."""

VAGUE_AMOUNTS: frozenset[str] = frozenset(
    {"several", "a few", "few", "many", "some", "a number of", "numerous", "dozens of",
     "hundreds of", "thousands of", "recent", "the past few", "the last few", "the next few"}
)  # fmt: skip
"""Amounts with no number: durations built with them get an `X` amount (PXY = some years)."""

ORDINALS: dict[str, int] = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty-second": 22,
    "twenty-third": 23, "twenty-fourth": 24, "twenty-fifth": 25, "twenty-sixth": 26,
    "twenty-seventh": 27, "twenty-eighth": 28, "twenty-ninth": 29, "thirtieth": 30,
    "thirty-first": 31, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "last": -1, "final": -1,
}  # fmt: skip
"""Ordinal words for quarters, halves, days of month and centuries ("the third quarter")."""

UNITS: dict[str, Unit] = typed(Unit, {
    "second": "S", "seconds": "S", "sec": "S", "secs": "S",
    "minute": "MIN", "minutes": "MIN", "min": "MIN", "mins": "MIN",
    "hour": "H", "hours": "H", "hr": "H", "hrs": "H",
    "day": "D", "days": "D",
    "night": "D", "nights": "D",
    "week": "W", "weeks": "W", "wk": "W", "wks": "W",
    "weekend": "WE", "weekends": "WE",
    "fortnight": "2W", "fortnights": "2W",
    "month": "M", "months": "M", "mo": "M", "mos": "M", "mth": "M", "mths": "M",
    "quarter": "Q", "quarters": "Q",
    "year": "Y", "years": "Y", "yr": "Y", "yrs": "Y",
    "decade": "DE", "decades": "DE",
    "century": "CE", "centuries": "CE",
    "millennium": "ML", "millennia": "ML",
})  # fmt: skip
"""Unit words and their unit codes ("two weeks" -> W, "a fortnight" -> 2W)."""

UNIT_ISO: dict[str, tuple[str, int, bool]] = {
    "S": ("S", 1, True),
    "MIN": ("M", 1, True),
    "H": ("H", 1, True),
    "D": ("D", 1, False),
    "W": ("W", 1, False),
    "WE": ("WE", 1, False),
    "2W": ("W", 2, False),
    "M": ("M", 1, False),
    "Q": ("Q", 1, False),
    "Y": ("Y", 1, False),
    "DE": ("DE", 1, False),
    "CE": ("CE", 1, False),
    "ML": ("ML", 1, False),
}
"""Unit code -> (ISO 8601 / TIMEX3 period letter, multiplier, needs the `T` time marker)."""

UNIT_GRANULARITY: dict[str, Granularity] = typed(Granularity, {
    "S": "time", "MIN": "time", "H": "time", "D": "day", "W": "week", "WE": "day",
    "2W": "week", "M": "month", "Q": "quarter", "Y": "year", "DE": "decade", "CE": "century",
    "ML": "century",
})  # fmt: skip
"""The calendar granularity a unit's offsets resolve to ("two years ago" -> a year)."""

SEASONS: dict[str, Season] = typed(Season, {
    "spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI",
    "springtime": "SP", "summertime": "SU", "wintertime": "WI",
})  # fmt: skip
"""Season words and their TIMEX3 codes (northern meteorological seasons)."""

SEASON_START_MONTH: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
"""First month of each season; YYYY-WI starts in December of YYYY."""

PARTS_OF_DAY: dict[str, PartOfDay] = typed(PartOfDay, {
    "morning": "MO", "mornings": "MO", "afternoon": "AF", "afternoons": "AF",
    "evening": "EV", "evenings": "EV", "night": "NI", "nights": "NI", "overnight": "NI",
    "midday": "MI", "noon": "MI", "daytime": "DT", "dawn": "MO", "dusk": "EV",
    "mid-afternoon": "AF", "mid afternoon": "AF", "mid-morning": "MO", "late night": "NI",
    "nite": "NI", "nites": "NI",
})  # fmt: skip
"""Parts of the day and their TIMEX3 codes ("Saturday night" -> 1991-02-23TNI)."""

DIRECTION_WORDS: dict[str, Direction] = typed(Direction, {
    "last": "past", "past": "past", "previous": "past", "preceding": "past", "prior": "past",
    "this past": "past",
    "this": "this", "current": "this", "present": "this",
    "next": "future", "coming": "future", "following": "future", "upcoming": "future",
    "ensuing": "future", "this coming": "future",
})  # fmt: skip
"""The occurrence a relative word picks ("last Tuesday" -> the one before the anchor); the
`{REL}` placeholder of the rules matches these words."""

VAGUE_PERIOD_WORDS = frozenset({"coming", "upcoming", "past", "this past", "this coming", "future"})
"""Words that make plural periods a vague past or future ("the coming weeks" -> FUTURE_REF);
other direction words before them are ordinals or anaphors ("the last years of the war", "the
following days"), which leave a length."""

OFFSET_WORDS: dict[str, tuple[int, Reference]] = {
    "ago": (-1, Reference.DCT), "back": (-1, Reference.DCT),
    "from now": (1, Reference.DCT), "hence": (1, Reference.DCT),
    "earlier": (-1, Reference.LAST), "previously": (-1, Reference.LAST),
    "before": (-1, Reference.LAST), "later": (1, Reference.LAST), "after": (1, Reference.LAST),
}  # fmt: skip
"""Words after a length that make it a point: its sign and what it counts from ("two years
ago" from now, "three days later" from the last date mentioned)."""

OFFSET_CONJUNCTIONS = frozenset({"before", "after"})
"""Offset words that need "that"/"then" after them to count from a date ("a week after that")."""

DIRECTION_OFFSETS: dict[Direction, int] = {
    Direction.PAST: -1,
    Direction.THIS: 0,
    Direction.FUTURE: 1,
}
"""How many periods a direction moves from the anchor's own ("last week" -> -1)."""

RELATIVE_WORDS: dict[str, int] = {
    word: DIRECTION_OFFSETS[direction] for word, direction in DIRECTION_WORDS.items()
}
"""Relative words as period offsets, read off `DIRECTION_WORDS` ("next month" -> +1)."""

MODIFIERS: dict[str, Mod] = typed(Mod, {
    "less than": "LESS_THAN", "fewer than": "LESS_THAN", "under": "LESS_THAN",
    "just under": "LESS_THAN", "not quite": "LESS_THAN", "barely": "LESS_THAN",
    "more than": "MORE_THAN", "upwards of": "MORE_THAN",
    "well over": "MORE_THAN", "in excess of": "MORE_THAN", "longer than": "MORE_THAN",
    "about": "APPROX", "around": "APPROX", "approximately": "APPROX", "roughly": "APPROX",
    "nearly": "APPROX", "almost": "APPROX", "some": "APPROX", "close to": "APPROX",
    "an estimated": "APPROX", "or so": "APPROX", "just about": "APPROX",
    "at least": "EQUAL_OR_MORE", "no less than": "EQUAL_OR_MORE", "a minimum of": "EQUAL_OR_MORE",
    "at most": "EQUAL_OR_LESS", "up to": "EQUAL_OR_LESS", "no more than": "EQUAL_OR_LESS",
    "a maximum of": "EQUAL_OR_LESS",
})  # fmt: skip
"""Words that bound or blur a duration ("less than two weeks" -> LESS_THAN)."""

POSITION_MODIFIERS: dict[str, Mod] = typed(Mod, {
    "early": "START", "earlier": "START", "beginning of": "START", "start of": "START",
    "the beginning of": "START", "the start of": "START", "the dawn of": "START",
    "mid": "MID", "middle of": "MID", "the middle of": "MID", "mid-": "MID",
    "late": "END", "later": "END", "end of": "END", "the end of": "END", "close of": "END",
    "the close of": "END", "the turn of": "END",
})  # fmt: skip
"""Words that pick a part of a calendar period ("early next year" -> START)."""

REFERENCE_WORDS: dict[str, str] = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "currently": "PRESENT_REF",
    "current": "PRESENT_REF",
    "at present": "PRESENT_REF", "presently": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "these days": "PRESENT_REF", "at the moment": "PRESENT_REF",
    "at this time": "PRESENT_REF", "at this point": "PRESENT_REF", "the present": "PRESENT_REF",
    "then current": "PAST_REF", "then-current": "PAST_REF",
    "recently": "PAST_REF", "more recently": "PAST_REF", "recent": "PAST_REF", "lately": "PAST_REF",
    "earlier": "PAST_REF", "the past": "PAST_REF", "once": "PAST_REF",
    "soon": "FUTURE_REF", "the future": "FUTURE_REF", "future": "FUTURE_REF",
    "the near future": "FUTURE_REF", "the near term": "FUTURE_REF",
    "the short term": "FUTURE_REF", "the long term": "FUTURE_REF", "a later date": "FUTURE_REF",
    "shortly": "FUTURE_REF", "later": "FUTURE_REF", "someday": "FUTURE_REF",
    "one day": "FUTURE_REF", "as soon as possible": "FUTURE_REF",
}  # fmt: skip
"""Vague references to the present, past or future ("now" -> PRESENT_REF)."""

FREQUENCY_WORDS: dict[str, str] = {
    "daily": "P1D", "weekly": "P1W", "monthly": "P1M", "quarterly": "P3M", "yearly": "P1Y",
    "annually": "P1Y", "annual": "P1Y", "hourly": "PT1H", "nightly": "P1D",
    "biweekly": "P2W", "fortnightly": "P2W", "biannually": "P6M", "semiannually": "P6M",
    "every day": "P1D", "each day": "P1D", "a day": "P1D", "per day": "P1D",
    "every week": "P1W", "each week": "P1W", "a week": "P1W", "per week": "P1W",
    "every month": "P1M", "each month": "P1M", "a month": "P1M", "per month": "P1M",
    "every year": "P1Y", "each year": "P1Y", "a year": "P1Y", "per year": "P1Y",
    "per annum": "P1Y", "every hour": "PT1H", "an hour": "PT1H", "per hour": "PT1H",
    "every quarter": "P3M", "a quarter": "P3M", "per quarter": "P3M",
    "every night": "P1D", "every morning": "P1D", "every evening": "P1D",
}  # fmt: skip
"""Frequencies (SET): "3 billion a year" -> P1Y, "weekly" -> P1W."""

HOLIDAYS: dict[str, tuple[int, int]] = {
    "christmas day": (12, 25), "christmas": (12, 25), "christmas eve": (12, 24),
    "new year's day": (1, 1), "new year's eve": (12, 31), "new year": (1, 1),
    "independence day": (7, 4), "halloween": (10, 31), "valentine's day": (2, 14),
    "boxing day": (12, 26), "bastille day": (7, 14), "may day": (5, 1),
    "armistice day": (11, 11), "veterans day": (11, 11), "st. patrick's day": (3, 17),
}  # fmt: skip
"""Fixed-date holidays ("on Christmas Eve" -> MM-24 of the resolved year)."""

HOLIDAYS.update({"xmas": (12, 25), "xmas day": (12, 25), "xmas eve": (12, 24),
                 "new year's": (1, 1), "new years day": (1, 1), "new years eve": (12, 31),
                 "hallowe'en": (10, 31), "the fourth of july": (7, 4),
                 "valentines day": (2, 14), "st patrick's day": (3, 17)})  # fmt: skip

MOVABLE_HOLIDAYS: dict[str, tuple[str, int, int, int]] = {
    "easter": ("easter", 0, 0, 0), "easter sunday": ("easter", 0, 0, 0),
    "easter day": ("easter", 0, 0, 0), "easter monday": ("easter", 1, 0, 0),
    "good friday": ("easter", -2, 0, 0), "holy saturday": ("easter", -1, 0, 0),
    "maundy thursday": ("easter", -3, 0, 0), "palm sunday": ("easter", -7, 0, 0),
    "ash wednesday": ("easter", -46, 0, 0), "pentecost": ("easter", 49, 0, 0),
    "whit sunday": ("easter", 49, 0, 0), "ascension day": ("easter", 39, 0, 0),
    "thanksgiving": ("weekday", 11, 4, 4), "thanksgiving day": ("weekday", 11, 4, 4),
    "black friday": ("weekday", 11, 4, 4),
    "labor day": ("weekday", 9, 1, 1), "labour day": ("weekday", 9, 1, 1),
    "memorial day": ("weekday", 5, 1, -1), "columbus day": ("weekday", 10, 1, 2),
    "martin luther king day": ("weekday", 1, 1, 3), "mlk day": ("weekday", 1, 1, 3),
    "presidents day": ("weekday", 2, 1, 3), "presidents' day": ("weekday", 2, 1, 3),
    "mother's day": ("weekday", 5, 7, 2), "father's day": ("weekday", 6, 7, 3),
}  # fmt: skip
"""Holidays whose date moves: ("easter", days after Easter Sunday, 0, 0) or ("weekday", month,
ISO weekday, n-th in the month; -1 the last). `calendar.holiday_date` computes them (Easter by
dateutil); Black Friday is the day after the fourth Thursday of November (offset in
`HOLIDAY_DAY_AFTER`)."""

HOLIDAY_DAY_AFTER = frozenset({"black friday"})
"""Movable holidays falling the day after their rule's date."""

DAY_WORDS: dict[str, int] = {
    "today": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
    "the day after tomorrow": 2, "tonight": 0,
    "tmr": 1, "tmrw": 1, "tmw": 1, "tmrow": 1, "2moro": 1, "2morrow": 1, "tomoz": 1,
    "tdy": 0, "2day": 0, "yday": -1, "yest": -1, "tonite": 0, "2nite": 0,
    "trmw": 1, "tmrrw": 1, "tomo": 1, "tomoro": 1, "tomorow": 1, "tommorow": 1, "tommorrow": 1,
    "2mrw": 1, "2mro": 1, "2morow": 1, "tnite": 0, "2nyt": 0,
}  # fmt: skip
"""Deictic day words and their day offset from the publication date, with the informal
spellings of messages ("tmrw", "2day")."""

NIGHT_WORDS = frozenset({"tonight", "tonite", "2nite", "tnite", "2nyt"})
"""Day words that name the coming night, not the whole day."""

GAME_CUES: tuple[str, ...] = (
    "scored", "scores", "scoring", "scoreless", "touchdowns?", "field goals?", "quarterback",
    "free throws?", "three-pointers?", "rebounds?", "assists", "equali[sz]ed", "equali[sz]er",
    "penalty", "penalties", "halftime", "half-time", "kick-?off", "home runs?", "runs",
    "strikeouts?", "striker", "goalkeeper", "referee", "whistle", "wickets?", "overtime",
    "buzzer", "outscored", "led by", "trailed", "trailing", "sacked", "won the game",
    "the game", "the match", "saves", r"\d{1,3}-\d{1,3}",
)  # fmt: skip
"""Regexes of words that make a numbered quarter, half or period part of a game ("scored 12
points in the third quarter"), not of a year: a veto rule looks for one in the sentence."""

RACE_TIME_CUES: tuple[str, ...] = (
    "clocked", "ran", "timed at", "a time of", "time of", "record of", "best of", "finished in",
    "winning time of", r"(?:won|marathon|race|run|sprint|final|heat|lap)(?: \w+){0,4} in",
)  # fmt: skip
"""Regexes of the words before an h:mm figure that make it a race time ("won the marathon in
2:04"); each holds a word of its own to find it by (not just "in")."""

MILITARY_TIME_ZONES: tuple[str, ...] = (
    "GMT", "UTC", "Z", "Zulu", "hrs", "local time", "EST", "EDT", "CST", "CDT", "MST", "MDT",
    "PST", "PDT", "BST", "CET", "CEST",
)  # fmt: skip
"""What follows a four-digit clock time in wire copy: "1000 GMT" is ten o'clock."""

TITLES: tuple[str, ...] = (
    "Saturday Night Live", "Monday Night Football", "Sunday Night Football",
    "Thursday Night Football", "Monday Night Raw", "the Sunday Times", "Sunday Times",
    "the Sunday Telegraph", "the Sunday Mirror", "the Sunday Express", "the Mail on Sunday",
    "USA Today", "the Today programme", "the Today show", "Today programme", "Today show",
    "Good Friday Agreement", "The Day After Tomorrow", "Good Morning America", "This Morning",
    "Tonight Show",
)  # fmt: skip
"""Names of shows, papers and treaties that contain time words ("Saturday Night Live", "USA
Today"): matched with their capitals, they are no timexes."""

GENERIC_NOUNS: tuple[str, ...] = (
    "leaders", "generation", "generations", "children", "youth", "world", "society",
    "workforce", "economy", "technology", "technologies", "kids", "students", "consumers",
    "problems", "challenges", "cities", "jobs", "families", "heroes", "young people", "voters",
    "engineers", "scientists", "workers", "industries", "schools", "teachers", "doctors",
    "citizens", "architects",
)  # fmt: skip
"""Nouns that make "today", "tomorrow" and "yesterday" generic: "the leaders of tomorrow",
"today's children" are the future and the present in general, no day and no timex."""

NAMED_DATES: dict[str, str] = {"9/11": "2001-09-11"}
"""Dates known by their numbers ("the 9/11 attacks")."""

SCRIPTURE_BOOKS: tuple[str, ...] = (
    "Genesis", "Exodus", "Psalm", "Psalms", "Proverbs", "Isaiah", "Matthew", "Mark", "Luke",
    "John", "Acts", "Romans", "Corinthians", "Revelation",
)  # fmt: skip
"""Book names before chapter:verse ("John 3:16"), which is no clock time."""

NON_SEASON_AFTER: tuple[str, ...] = ("water", "rolls?", "onions?", "mattress", "loaded", "chicken")
"""Nouns after "spring" that make it a spring of water or steel, not the season."""

SEQUENCE_WORDS: dict[str, Direction] = typed(Direction, {
    "next": "future", "following": "future", "previous": "past", "preceding": "past",
})  # fmt: skip
"""Direction words that count from the time the text has reached, not from the writer's now
("the next morning", "the following spring"); the `{SEQREL}` placeholder matches them."""

UNTAGGED_IN_MESSAGES = frozenset({"soon", "shortly", "someday", "current"})
"""Vague words the annotators of messages leave untagged ("recover soon", "my current mood")."""

UNTAGGED_IN_STORIES = frozenset({"soon", "shortly", "at this point"})
"""Vague words a story's annotators leave untagged: in a narrative they follow the story's time
("soon after", "shortly"), not the writer's; the resolver drops them there."""

STORY_REFERENCE_WORDS: dict[str, str] = {
    "former": "PAST_REF", "formerly": "PAST_REF", "recent": "PAST_REF", "future": "FUTURE_REF",
}  # fmt: skip
"""Vague words a story's annotators tag and news annotators do not ("the former regime", "any
future campaign"); the `{STORYREF}` placeholder matches them."""

GLUED_UNIT_WORDS = frozenset({
    "days", "day", "hrs", "hr", "hours", "hour", "mins", "min", "minutes", "weeks", "wks",
    "months", "mths", "years", "yrs",
})  # fmt: skip
"""Unit words (of `UNITS`) that messages glue to their number ("16days", "2hrs")."""

CLIPPED_UNITS: dict[str, Unit] = typed(Unit, {
    "m": "MIN", "min": "MIN", "mins": "MIN", "h": "H", "hr": "H", "hrs": "H", "d": "D",
    "w": "W", "wk": "W", "wks": "W", "mo": "M", "mos": "M", "y": "Y", "yr": "Y", "yrs": "Y",
})  # fmt: skip
"""Clipped units of feeds and messages before "ago" ("1d ago", "2h ago")."""

MESSAGE_DIRECTION_WORDS: dict[str, Direction] = typed(Direction, {
    "nxt": "future", "next": "future", "lst": "past", "last": "past", "dis": "this",
    "this": "this",
})  # fmt: skip
"""Direction words of messages, clipped or not, before a clipped period ("nxt yr")."""

MESSAGE_PERIODS: dict[str, Unit] = typed(Unit, {
    "wk": "W", "week": "W", "yr": "Y", "year": "Y", "mth": "M", "mnth": "M", "month": "M",
})  # fmt: skip
"""Periods of messages after a direction word, clipped or not ("lst wk", "this mth")."""

MESSAGE_LENGTHS: dict[str, tuple[Unit, float | str]] = {
    "minute": (Unit.MINUTE, 1.0), "minutes": (Unit.MINUTE, "X"),
    "hour": (Unit.HOUR, 1.0), "hours": (Unit.HOUR, "X"),
    "day": (Unit.DAY, 1.0), "days": (Unit.DAY, "X"),
    "week": (Unit.WEEK, 1.0), "weeks": (Unit.WEEK, "X"),
    "month": (Unit.MONTH, 1.0), "months": (Unit.MONTH, "X"),
    "year": (Unit.YEAR, 1.0), "years": (Unit.YEAR, "X"),
}  # fmt: skip
"""Bare unit words of messages and the length they stand for ("a long day" -> P1D)."""

MESSAGE_DAY_WORDS = frozenset({"sunset", "sunrise"})
"""Words of messages that stand for the day they happen on ("watching the sunset")."""

MESSAGE_TIME_WORDS: frozenset[str] = frozenset(
    MESSAGE_LENGTHS.keys()
    | {w for w in PARTS_OF_DAY if w.isalpha() and PARTS_OF_DAY[w] != "MI" and w != "overnight"}
    - {"dawn", "dusk", "noon", "midday", "daytime"}
    | {"weekend", "weekends", "future"}
    | MESSAGE_DAY_WORDS
)
"""Every bare time word a message's annotators tag ("the whole day", "Good morning", "my
future", "long weekend"); the `{MSGWORD}` placeholder matches them."""

"""English vocabularies of the temporal engine: one table per kind of word.

Every recognition pattern (`patterns.py`) is built from these tables, and every interpreter reads
its numbers from them, so adding a word here teaches both layers at once.
"""

from __future__ import annotations

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

UNITS: dict[str, str] = {
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
}  # fmt: skip
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

UNIT_GRANULARITY: dict[str, str] = {
    "S": "time", "MIN": "time", "H": "time", "D": "day", "W": "week", "WE": "day",
    "2W": "week", "M": "month", "Q": "quarter", "Y": "year", "DE": "decade", "CE": "century",
    "ML": "century",
}  # fmt: skip
"""The calendar granularity a unit's offsets resolve to ("two years ago" -> a year)."""

SEASONS: dict[str, str] = {
    "spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI",
    "springtime": "SP", "summertime": "SU", "wintertime": "WI",
}  # fmt: skip
"""Season words and their TIMEX3 codes (northern meteorological seasons)."""

SEASON_START_MONTH: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
"""First month of each season; YYYY-WI starts in December of YYYY."""

PARTS_OF_DAY: dict[str, str] = {
    "morning": "MO", "mornings": "MO", "afternoon": "AF", "afternoons": "AF",
    "evening": "EV", "evenings": "EV", "night": "NI", "nights": "NI", "overnight": "NI",
    "midday": "MI", "noon": "MI", "daytime": "DT", "dawn": "MO", "dusk": "EV",
    "mid-afternoon": "AF", "mid afternoon": "AF", "mid-morning": "MO", "late night": "NI",
    "nite": "NI", "nites": "NI",
}  # fmt: skip
"""Parts of the day and their TIMEX3 codes ("Saturday night" -> 1991-02-23TNI)."""

RELATIVE_WORDS: dict[str, int] = {
    "last": -1, "past": -1, "previous": -1, "preceding": -1, "prior": -1,
    "this": 0, "current": 0, "present": 0,
    "next": 1, "coming": 1, "following": 1, "upcoming": 1, "ensuing": 1,
}  # fmt: skip
"""Words that pick a calendar period relative to the publication date ("last week" -> -1)."""

MODIFIERS: dict[str, str] = {
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
}  # fmt: skip
"""Words that bound or blur a duration ("less than two weeks" -> LESS_THAN)."""

POSITION_MODIFIERS: dict[str, str] = {
    "early": "START", "earlier": "START", "beginning of": "START", "start of": "START",
    "the beginning of": "START", "the start of": "START", "the dawn of": "START",
    "mid": "MID", "middle of": "MID", "the middle of": "MID", "mid-": "MID",
    "late": "END", "later": "END", "end of": "END", "the end of": "END", "close of": "END",
    "the close of": "END", "the turn of": "END",
}  # fmt: skip
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

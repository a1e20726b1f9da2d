"""Recognition rules of the temporal engine, as data: one row per rule, each with an example.

A rule's `pattern` is a regular-expression template whose `{PLACEHOLDERS}` expand into
alternations of a vocabulary table (`vocab.py`), written as named groups. A single space in a
template matches any run of white space. `interpreter` names the function in `interpret.py`
that turns a match into a `Meaning`. When two rules match overlapping text the longer match
wins, then the earlier rule in this table.

Rules whose interpreter is `remove` are vetoes (HeidelTime's REMOVE rules): no expression inside
their match (or their `veto` group) survives, so "the fall of Saigon" or "scored in the third
quarter" are written down here as data, not as checks of the surrounding text in interpreters.
Direction, unit, part-of-day and other word lists come only from `vocab.py`, through
placeholders (`{REL}`, `{PERIOD}`, `{DAYPART}`…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.temporal import vocab


@dataclass(frozen=True, slots=True)
class Rule:
    """One recognition rule: name, regex template, interpreter, an example it must match, and
    its trigger words: every match contains one of them, so the rule only scans near them.

    Triggers are lower-case words, `#` for any number (`#:` one before ':' and a digit, as in
    "10:30", `#/` one before '/'), or a class name from `TRIGGER_CLASSES`.
    """

    name: str
    pattern: str
    interpreter: str
    example: str
    triggers: str


NUMBER_ALTERNATION = (
    r"\d+(?:,\d{3})*(?:\.\d+)?(?: 1/2)?"
    r"|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four"
    r"|five|six|seven|eight|nine))?"
    r"|(?:one|two|three|four|five|six|seven|eight|nine|ten|a) (?:hundred|thousand)"
)


def alternation(words: list[str] | set[str] | dict[str, object] | frozenset[str]) -> str:
    """A regex alternation of literal words, longest first so the longest word wins."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", " ") for w in ordered)


_MONTH_FULL = alternation([m for m in vocab.MONTHS if len(m) > 4 or m in ("may", "june", "july")])
_MONTH_ABBR = alternation(
    [m for m in vocab.MONTHS if len(m) <= 4 and m not in ("may", "june", "july")]
)
_WEEKDAY_FULL = [w for w in vocab.WEEKDAYS if len(w) > 4 or w.endswith("day")]
_WEEKDAY_ABBR = [w for w in vocab.WEEKDAYS if w not in _WEEKDAY_FULL]
_UNIT_WORDS = alternation(vocab.UNITS)
_UNIT_SINGULAR = alternation([u for u in vocab.UNITS if not u.endswith("s") or u == "hrs"])
_UNIT_PLURAL = alternation(
    [
        "seconds",
        "minutes",
        "hours",
        "days",
        "weeks",
        "months",
        "quarters",
        "years",
        "decades",
        "centuries",
    ]
)
_NUMBER_WORDS = alternation(vocab.NUMBER_WORDS)


def unit_words(codes: str, plural: bool = False) -> str:
    """The unit words of `vocab.UNITS` for the unit codes `codes` (space separated), singular
    or plural ("W M" -> week|wk|month|mo), without the parts of the day ("night")."""
    wanted = set(codes.split())
    return alternation(
        [
            w
            for w, code in vocab.UNITS.items()
            if code in wanted
            and w not in vocab.PARTS_OF_DAY
            and (w.endswith("s") or w == "millennia") == plural
        ]
    )


def day_parts(plural: bool = False) -> str:
    """One-word parts of the day that follow a day's name ("Friday night", "Tuesday mornings")."""
    return alternation(
        [
            w
            for w, code in vocab.PARTS_OF_DAY.items()
            if code in ("MO", "AF", "EV", "NI")
            and w.isalpha()
            and w.endswith("s") == plural
            and w != "overnight"
        ]
    )


PLACEHOLDERS: dict[str, str] = {
    "MONTH": rf"(?:{_MONTH_FULL}|(?:{_MONTH_ABBR})\.?|(?:june|july)\.)",
    "WEEKDAY": rf"(?:{alternation(_WEEKDAY_FULL)}|(?:{alternation(_WEEKDAY_ABBR)})\.)",
    "WDABBR": alternation(_WEEKDAY_ABBR),
    "DAYNUM": r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?",
    "YEAR": r"(?:1[0-9]\d\d|20\d\d)",
    "SHORTYEAR": r"'\d\d",
    "SPELLEDYEAR": r"(?:nineteen|twenty) (?:hundred(?: and)? )?(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|oh[- ](?:one|two|three|four|five|six|seven|eight|nine))|two thousand(?:(?: and)? (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?))?",
    "NUM": rf"(?:{NUMBER_ALTERNATION}|{_NUMBER_WORDS})",
    "VAGUE": alternation(vocab.VAGUE_AMOUNTS),
    "UNIT": rf"(?:{_UNIT_WORDS})",
    "UNIT1": rf"(?:{_UNIT_SINGULAR})",
    "UNITS": rf"(?:{_UNIT_PLURAL})",
    "SEASON": rf"(?:{alternation(vocab.SEASONS)})",
    "POD": rf"(?:{alternation(vocab.PARTS_OF_DAY)})",
    "REL": rf"(?:{alternation(vocab.DIRECTION_WORDS)})",
    "ORDRANGE": r"(?:from|between) (?P<first>the (?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)) "
    r"(?:to|and|until|till|-) (?P<last>the (?P<day2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th))",
    "AGO": rf"(?:{alternation(vocab.OFFSET_WORDS.keys() - vocab.OFFSET_CONJUNCTIONS)})",
    "AGOCONJ": rf"(?:{alternation(vocab.OFFSET_CONJUNCTIONS)})",
    "VAGUEDIR": rf"(?:{alternation(vocab.VAGUE_PERIOD_WORDS)})",
    "PERIOD": rf"(?:{unit_words('W M Q Y DE CE')})",
    "DAYPERIOD": rf"(?:{unit_words('D W M Q Y')})",
    "PERIODS": rf"(?:{unit_words('D W M Q Y DE CE', plural=True)})",
    "DAYPART": rf"(?:{day_parts()})",
    "DAYPARTS": rf"(?:{day_parts(plural=True)})",
    "ORD": rf"(?:{alternation(vocab.ORDINALS)})",
    "SEQREL": rf"(?:{alternation(vocab.SEQUENCE_WORDS)})",
    "STORYREF": rf"(?:{alternation(vocab.STORY_REFERENCE_WORDS)})",
    "GLUEDUNIT": rf"(?:{alternation(vocab.GLUED_UNIT_WORDS)})",
    "CLIPPEDUNIT": rf"(?:{alternation(vocab.CLIPPED_UNITS)})",
    "MSGREL": rf"(?:{alternation(vocab.MESSAGE_DIRECTION_WORDS)})",
    "MSGPERIOD": rf"(?:{alternation(vocab.MESSAGE_PERIODS)})",
    "MSGWORD": rf"(?:{alternation(vocab.MESSAGE_TIME_WORDS)})",
    "REF": rf"(?:{alternation(vocab.REFERENCE_WORDS)})",
    "FREQ": rf"(?:{alternation(vocab.FREQUENCY_WORDS)})",
    "HOLIDAY": rf"(?:{alternation(vocab.HOLIDAYS.keys() | vocab.MOVABLE_HOLIDAYS.keys())})",
    "DAYWORD": rf"(?:{alternation(vocab.DAY_WORDS)})",
    "CLOCK": (
        r"(?:(?:[01]?\d|2[0-3])(?:[:.]?[0-5]\d)? ?(?:a\.m\.|p\.m\.|am\b|pm\b)"
        r"|(?:[01]?\d|2[0-3]):[0-5]\d(?: ?(?:GMT|UTC|[ECMP][SD]T|local time|hours|hrs))?"
        r"|noon|midnight)"
    ),
    "RANGETO": r"(?P<conn> ?[-–] ?| (?:to|until|till|through|thru|and) )",
    "GAMECUE": "|".join(vocab.GAME_CUES),
    "GAMEPART": r"(?:the )?(?:(?:first|second|third|fourth|final|last|opening|1st|2nd|3rd|4th)"
    r"[- ](?:quarter|half|period|inning)|(?:\w+ )?(?:quarter|half|inning)(?=-?time\b))",
    "RACECUE": "|".join(vocab.RACE_TIME_CUES),
    "MILTZ": alternation(vocab.MILITARY_TIME_ZONES),
    "TITLE": alternation(vocab.TITLES),
    "GENERIC": alternation(vocab.GENERIC_NOUNS),
    "NAMEDDATE": alternation(vocab.NAMED_DATES),
    "SCRIPTURE": alternation(vocab.SCRIPTURE_BOOKS),
    "NONSEASON": "|".join(vocab.NON_SEASON_AFTER),
    "RHETORIC": r"(?:(?:is|are) \w+ (?P<today>today) (?:may|might|could|will|can) (?:not )?(?:be|become) "
    r"\w+ |(?P<today2>today),? (?:it'?s|it is) [^.;!?,]{1,40}[,;] (?:and |but )?)(?P<tomorrow>tomorrow)"
    r"(?=\W*$| (?:it|they) (?:could|may|might|will) be\b|[.,;!?])",
    "TZ": r"(?: (?:GMT|UTC|[ECMP][SD]T|ET|local time))?",
    "DECADE": r"(?:1[0-9]\d0|20\d0)'?s|'\d0s|(?:twenties|thirties|forties|fifties|sixties"
    r"|seventies|eighties|nineties)",
}
"""Placeholder name -> regex. `{NAME}` becomes `(?P<name>…)`, `{NAME:alias}` `(?P<alias>…)`,
`{NAME:-}` the bare alternation (no group). The word lists all come from `vocab.py`."""


RULES: tuple[Rule, ...] = (
    # Vetoes (interpreter "remove"): no expression lies inside their match. They come first, so
    # they are known before any rule they veto is matched.
    Rule("veto_as_soon", r"as soon", "remove", "as soon as trading opened", "soon"),
    Rule("veto_soon_after", r"soon(?= (?:after|before|thereafter|afterwards?)\b)", "remove",
         "soon after the vote", "soon"),
    Rule("veto_the_future_of", r"the future(?= of\b)", "remove", "He spoke of the future of our peoples.", "future"),
    Rule("veto_game_part_after", r"(?P<veto>{GAMEPART})(?=[^.;!?]{0,60}?\b(?:{GAMECUE:-}))", "remove",
         "the third quarter, when the Celtics scored", "quarter half period inning"),
    Rule("veto_game_part_before", r"\b(?:{GAMECUE:-})\b[^.;!?]{0,60}?(?P<veto>{GAMEPART})", "remove",
         "scored 12 points in the third quarter", "quarter half period inning"),
    Rule("veto_race_time", r"(?P<veto>\d{1,2}:[0-5]\d(?::[0-5]\d(?:\.\d+)?|\.\d+))(?! ?(?:a\.m|p\.m|am\b|pm\b|GMT|UTC))",
         "remove", "She finished in 2:18:35", "#:"),
    Rule("veto_race_clock", r"(?:{RACECUE:-}) (?P<veto>\d{1,2}:[0-5]\d)(?! ?(?:a\.m|p\.m|am\b|pm\b|GMT|UTC|local|hours|hrs|[ECMP][SD]T\b|ET\b))",
         "remove", "won the marathon in 2:04", "#:"),
    Rule("veto_scripture", r"(?-i:{SCRIPTURE:-}) (?P<veto>\d{1,3}:\d{1,3})", "remove", "John 3:16", "#:"),
    Rule("veto_title", r"(?-i:{TITLE:-})", "remove", "Saturday Night Live", "TITLE"),
    Rule("veto_generic_day_of", r"(?:{GENERIC:-}) of (?P<veto>today|yesterday)(?! (?:morning|afternoon|evening|night)\b)",
         "remove", "the youth of today", "today yesterday"),
    Rule("veto_future_alone", r"(?<!\bnear\s)(?<!\bdistant\s)(?<!\bforeseeable\s)(?<!\bimmediate\s)future",
         "remove", "The board set out its future plans.", "future"),
    Rule("veto_of_tomorrow", r"of (?P<veto>tomorrow)(?! (?:morning|afternoon|evening|night)\b)", "remove",
         "the leaders of tomorrow", "tomorrow"),
    Rule("veto_generic_day_possessive", r"(?P<veto>today|tomorrow|yesterday)['’]s (?:\w+ )?(?:{GENERIC:-})\b",
         "remove", "tomorrow's leaders", "today yesterday tomorrow"),
    Rule("veto_rhetorical_day", r"{RHETORIC}", "remove", "what is unthinkable today may be routine tomorrow", "today"),
    Rule("veto_spring_water", r"(?:hot |mineral )?spring(?= (?:{NONSEASON:-})\b)", "remove", "spring water", "spring"),
    Rule("veto_fall_of", r"(?:(?:{REL:-}|the) )?fall(?= of (?!(?:19|20)\d\d|\d{1,4} ?B\.?C|(?:that|this|the same|the following|the next|the previous|last|next) year\b))",
         "remove", "the fall of Saigon", "fall"),
    Rule("veto_current_alone", r"current(?!\s+(?-i:[a-z]))", "remove", "the most current.", "current"),
    Rule("veto_recent_alone", r"recent(?!\s+(?:days|weeks|months|years|decades|times)\b)", "remove", "a recent poll", "recent"),
    Rule("veto_age", r"(?:(?:an additional |another )?{NUM:-}(?: (?:to|or|-) {NUM:-})?(?: more| additional| trading| business| working| calendar| straight| consecutive| full)?|{VAGUE:-}|half an?|a half)[- ]{UNIT:-}(?: and a half|-plus)?(?: old|-old)",
         "remove", "a two-year-old colt", "old"),
    # Explicit dates, most specific first.
    Rule("iso_date", r"{YEAR:year}-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])"
         r"(?:T(?P<hour>[01]\d|2[0-3]):(?P<minute>[0-5]\d)(?::[0-5]\d)?)?",
         "calendar", "2024-11-29", "#"),
    Rule("numeric_date", r"(?P<raw>(?:[01]?\d)/(?:[0-3]?\d)/(?:\d{4}|\d\d))",
         "numeric_date", "11/29/2024", "#/"),
    Rule("month_day_range_start", r"{MONTH:month} {DAYNUM:day}{RANGETO}(?P<day2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?:,? {YEAR:year})?",
         "day_range_start", "April 6-7", "MONTH"),
    Rule("month_day_range_end", r"{MONTH:month} {DAYNUM:day}{RANGETO}(?P<day2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?:,? {YEAR:year})?",
         "day_range_end", "April 13-15, 1915", "MONTH"),
    Rule("day_month_range_start", r"(?:the )?{DAYNUM:day}{RANGETO}(?:the )?(?P<day2>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)? (?:of )?{MONTH:month}(?:,? {YEAR:year})?",
         "day_range_start", "6-7 February 1920", "MONTH"),
    Rule("weekday_date", r"(?P<weekday>{WEEKDAY:-}|{WDABBR:-})(?:,? (?:(?:the )?{DAYNUM:day} (?:of )?{MONTH:month}(?:,? {YEAR:year})?"
         r"|{MONTH:month2} {DAYNUM:day2}(?:,? {YEAR:year2})?|(?P<first>[0-3]?\d)[/.](?P<second>[0-3]?\d)(?![/.]?\d)"
         r"|the (?P<oday>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th))| ?[-–] ?(?P<range_to>{WEEKDAY:-}))",
         "weekday_date", "Friday, Nov. 29, 2024", "WEEKDAY WDABBR"),
    Rule("month_year_range_start", r"{MONTH:month}(?: {DAYNUM:day})? ?(?:-|–|to|and|until|through|or) ?{MONTH:month2}(?: {DAYNUM:day2})?,? {YEAR:year}",
         "month_year_range_start", "from April to September 1957", "MONTH"),
    Rule("month_day_year", r"{MONTH:month} {DAYNUM:day}(?:,? {YEAR:year}|,? {SHORTYEAR:shortyear})?",
         "calendar", "Oct. 15, 1999", "MONTH"),
    Rule("day_month_year", r"(?:the )?{DAYNUM:day} (?:of )?{MONTH:month}(?:,? {YEAR:year})?",
         "calendar", "the 3rd of March 2021", "MONTH"),
    Rule("month_slash_day", r"(?<=\bon\s)(?P<nmonth>1[0-2]|0?[1-9])/(?P<day>[12]\d|3[01]|0?[1-9])(?![/\d])",
         "numeric_month_day", "on 2/15", "#/"),
    Rule("ordinal_day", r"(?<=\bon\s)the (?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)(?! (?:of|century|anniversary|floor|time|day|week|year|hole|minute|inning|place|round|birthday|street|avenue)\b)",
         "day_of_month", "on the 15th", "th st nd rd"),
    Rule("part_of_day_of_date", r"(?:(?:early|late) in )?the (?:early |late )?{DAYPART:pod}(?: hours)? of (?:{DAYNUM:day} {MONTH:month}|{MONTH:month2} {DAYNUM:day2})(?:,? {YEAR:year})?",
         "part_of_day_of_date", "the morning of 31 January 1965", "morning afternoon evening night"),
    Rule("month_range_start", r"{MONTH:month} ?[-–] ?{MONTH:-}", "month_range_start", "June-August", "MONTH"),
    Rule("clock_range_start", r"{CLOCK:clock} ?[-–] ?{CLOCK:-}", "clock_range_start", "9am-5pm", "CLOCKWORD"),
    Rule("bare_hour_range_start", r"(?P<hour>1[0-2]|0?[1-9])(?::(?P<minute>[0-5]\d))?(?: ?[-–] ?| (?:to|until|till) )(?P<hour2>1[0-2]|0?[1-9])(?::[0-5]\d)? ?(?P<meridiem>a\.m\.|p\.m\.|am\b|pm\b)",
         "bare_hour_range_start", "9-11 a.m.", "CLOCKWORD"),
    Rule("ordinal_day_range_start", r"{ORDRANGE}", "ordinal_range_start", "from the 1st to the 5th", "th st nd rd"),
    Rule("ordinal_day_range_end", r"{ORDRANGE}", "ordinal_range_end", "between the 10th and the 12th", "th st nd rd"),
    Rule("military_clock", r"(?P<hh>[01]\d|2[0-3])(?P<mm>[0-5]\d) ?(?-i:{MILTZ:-})|(?<=\bat\s)(?P<hh2>[01]\d|2[0-3])(?P<mm2>[0-5]\d) hours",
         "military_clock", "1000 GMT", "MILTZ hours"),
    Rule("named_date", r"(?<!\bon\s){NAMEDDATE:named}", "named_date", "after 9/11", "#/"),
    Rule("clock_then_date", r"{CLOCK:clock}{TZ},? (?:on )?(?:{WEEKDAY:weekday}|{MONTH:month} {DAYNUM:day}|{DAYWORD:dayword})",
         "clock", "5 p.m. EST Nov. 9", "CLOCKWORD"),
    Rule("date_then_clock", r"(?:{WEEKDAY:weekday}|{DAYWORD:dayword})(?: morning| afternoon| evening| night)? at {CLOCK:clock}{TZ}",
         "clock", "Tuesday at 10:30 a.m.", "WEEKDAY DAYWORD"),
    Rule("clock", r"{CLOCK:clock}{TZ}", "clock", "3 p.m.", "CLOCKWORD"),
    Rule("approximate_clock", r"(?P<hour>[01]?\d|2[0-3])(?::(?P<minute>[0-5]\d))? ?(?P<ampm>am|pm)?-?ish", "approximate_clock", "8ish", "ish pmish amish"),
    Rule("bc_year", r"(?:(?:the )?(?:{SEASON:season}|{MONTH:month}) (?:of )?)?(?P<bcyear>\d{1,4}) ?(?:BCE|BC|B\.C\.E\.|B\.C\.)(?!\w)",
         "bc_year", "April 480 BC", "bc bce b"),
    Rule("bc_range_start", r"(?P<bcyear>\d{1,4})(?:[-–]| to )(?P<bcend>\d{1,4}) ?(?:BCE|BC|B\.C\.E\.|B\.C\.)(?!\w)",
         "bc_range_start", "499-493 BC", "bc bce b"),
    Rule("month_year", r"{MONTH:month},? (?:of )?(?:{YEAR:year}|{SPELLEDYEAR:spelled})", "calendar", "August 1988", "MONTH"),
    Rule("season_year", r"(?:the )?{SEASON:season} (?:of )?(?:{YEAR:year}|{SPELLEDYEAR:spelled})", "calendar", "the winter of 1994", "SEASON"),
    Rule("holiday", r"(?:{REL} )?{HOLIDAY:holiday}(?:,? {YEAR:year})?", "holiday", "Christmas Eve", "HOLIDAY"),
    Rule("half_of_year", r"the (?P<ord>first|second|last|1st|2nd) half(?: of (?:{YEAR:year}|the year|{REL:yrel} year))?",
         "half", "the first half of 2024", "half"),
    Rule("two_quarters", r"(?:the )?first two quarters(?: of {YEAR:year})?", "half", "the first two quarters of 1990", "quarters"),
    Rule("quarter", r"(?:the (?![a-z]+-quarter))?(?:(?:{YEAR:year}|{REL:yrel} year's) )?(?:(?P<qrel>year-ago|year-earlier|comparable year-ago|latest|same|{REL:-}) )?"
         r"(?:fiscal[- ])?(?:{ORD:ord}[- ])?quarter(?: of (?:{YEAR:year2}|the year|{REL:-} year|fiscal {YEAR:year3}))?(?:,? {YEAR:year4})?",
         "quarter", "the third quarter of 2024", "quarter"),
    Rule("quarter_code", r"Q(?P<qnum>[1-4])(?: {YEAR:year}|[- ]'?(?P<qyy>\d\d))?", "quarter", "Q3 2024", "q"),
    Rule("quarter_a_year_ago", r"the quarter a year (?:ago|earlier)", "literal_offset_quarter", "the quarter a year ago", "quarter"),
    Rule("year_ago_adjective", r"(?:the (?=(?:comparable |same )?(?:year|month|week)-(?:ago|earlier) (?:period|quarter|month|year|nine|six)))?(?:comparable |same )?(?P<unit>{PERIOD:-})-(?:ago|earlier)(?: (?:period|quarter|month|year|nine months|six months))?",
         "year_ago", "the year-ago period", "ago earlier"),
    Rule("fiscal_year", r"(?:fiscal(?: year)?|FY) ?{YEAR:year}", "calendar", "fiscal 1989", "fiscal fy"),
    Rule("fiscal_year_relative", r"(?:the )?(?:{REL}|(?P<latest>latest)) fiscal year", "fiscal_relative", "the current fiscal year", "fiscal"),
    Rule("decade", r"(?:the )?(?:(?P<dpos>early|mid|late)[- ])?{DECADE:decade}", "decade", "the 1990s", "# DECADEWORD"),
    Rule("century", r"(?:the )?(?:(?P<cnum>\d{1,2})(?:st|nd|rd|th)|{ORD:ord}) century", "century", "the 20th century", "century"),
    Rule("part_of_day_word", r"{POD:pod} (?:of )?{DAYWORD:dayword}", "day_word", "mid-afternoon yesterday", "DAYWORD"),
    Rule("day_word", r"(?:{DAYWORD:dayword})(?: {DAYPART:pod})?", "day_word", "yesterday morning", "DAYWORD"),
    Rule("this_part_of_day", r"(?:this|tonight's|last|tomorrow) {DAYPART:pod}", "part_of_day", "this morning", "POD"),
    Rule("anaphoric_part_of_day", r"(?:that|the same|(?:the )?{SEQREL:rel}) {DAYPART:pod}",
         "anaphoric_part_of_day", "the next morning", "morning afternoon evening night nite"),
    Rule("weekday_parts_plural", r"{WEEKDAY:weekday} {DAYPARTS:pods}", "set", "Tuesday nights", "mornings afternoons evenings nights"),
    Rule("weekday_before_parts_plural", r"{WEEKDAY:weekday}(?= (?:and|or) {WEEKDAY:weekday2} {DAYPARTS:pods})", "set", "Monday and Tuesday nights", "WEEKDAY"),
    Rule("relative_weekday", r"(?:the )?{REL} {WEEKDAY:weekday}(?: {DAYPART:pod})?",
         "weekday", "last Tuesday", "WEEKDAY"),
    Rule("relative_weekday_abbr", r"{REL} (?P<weekday>{WDABBR})(?: {DAYPART:pod})?",
         "weekday", "this sat", "WDABBR"),
    Rule("weekday", r"{WEEKDAY:weekday}(?: {DAYPART:pod})?", "weekday", "Saturday night", "WEEKDAY"),
    Rule("weekend", r"(?:{REL} |the )weekend", "weekend", "the weekend", "weekend"),
    Rule("following_season", r"the {SEQREL:rel} {SEASON:season}", "following_season", "the following spring", "SEASON"),
    Rule("relative_season", r"(?:{REL} |(?P<the>the) ){SEASON:season}", "season", "last fall", "SEASON"),
    Rule("season", r"{SEASON:season}", "season", "winter", "SEASON"),
    Rule("earlier_this", r"(?P<pos>earlier|later|early|late) (?:{REL} |in the ){PERIOD:unit}",
         "relative_period", "earlier this month", "earlier later early late"),
    Rule("relative_period", r"(?:the )?{REL} {PERIOD:unit}",
         "relative_period", "last week", "PERIOD"),
    Rule("the_unit", r"the (?:fiscal )?(?P<unit>year)(?!['-])", "the_unit", "the year", "year"),
    Rule("the_day", r"the (?P<unit>day)(?!-| (?:before|after|earlier|later)\b)", "the_unit", "later in the day", "day"),
    Rule("the_part_of_day", r"(?:(?<=\bin\s)|(?<=\bduring\s))the {DAYPART:pod}", "part_of_day", "in the morning", "morning afternoon evening"),
    Rule("end_of_the_unit", r"(?:the )?(?P<pos>end|beginning|start|middle|rest|balance) of the {PERIOD:unit}",
         "end_of_unit", "the end of the year", "end beginning start middle rest balance"),
    Rule("the_following_unit", r"the {REL} {DAYPERIOD:unit}", "relative_period", "the following year", "DAYPERIOD"),
    Rule("relative_month", r"{REL} {MONTH:month}", "month", "last April", "MONTH"),
    Rule("month_of_that_year", r"(?:{DAYNUM:day} )?{MONTH:month}(?: {DAYNUM:day2})?,? of (?P<which>that|the same|the {REL:-}) year",
         "month_of_that_year", "August of that year", "MONTH"),
    Rule("month_relative_year", r"{MONTH:month},? {REL:yrel} year", "month", "June last year", "MONTH"),
    Rule("month_ordinal_day", r"{MONTH:month} (?:the )?(?P<dayord>(?:twenty|thirty)[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)(?:,? {YEAR:year})?",
         "month_ordinal_day", "March eighth", "MONTH"),
    Rule("year_end", r"(?:the )?(?:fiscal )?year(?:-end|'s end| end)(?!['-])", "year_end", "by year-end", "end"),
    Rule("month", r"{MONTH:month}", "month", "January", "MONTH"),
    Rule("spelled_year", r"(?:the year )?{SPELLEDYEAR:spelled}", "spelled_year", "nineteen ninety-six", "nineteen twenty thousand"),
    Rule("year_period", r"the {YEAR:year} (?P<what>period|quarter|fiscal year|season)", "year_period", "the 1988 period", "#"),
    Rule("reporting_period", r"(?:the )?(?P<what>latest|current|full|fiscal|same|corresponding) (?P<unit>period|year|quarter)(?: {REL:yrel} year)?", "reporting_period", "the latest period", "latest current full fiscal same corresponding"),
    Rule("that_period", r"(?:that|(?:that|the) (?:same|very)) {DAYPERIOD:unit}", "that_period", "that same day", "that same very"),
    Rule("units_ahead", r"(?:the )?{PERIODS:unit} ahead", "duration", "the weeks ahead", "ahead"),
    Rule("coming_units", r"(?:the )?(?P<dir>{VAGUEDIR:-}|recent) {PERIODS:unit} (?:and|or) {PERIODS:-}|(?:the )?(?P<dir2>{VAGUEDIR:-}) {PERIODS:unit2}", "vague_period", "recent weeks and months", "VAGUEDIR recent"),
    Rule("overnight", r"overnight", "overnight", "overnight", "overnight"),
    Rule("offset_ago", r"(?:{NUM:num}|{VAGUE:vague}|{PERIODS:plural}) (?:(?P<and_half>and a half) )?{UNIT:unit}?(?: or so)? {AGO:dir}",
         "offset", "two years ago", "ago earlier later now hence previously back"),
    Rule("year_relative_offset", r"{NUM:num} {UNIT:unit} {AGOCONJ:dir} (?:that|then)", "offset", "a week after that", "before after"),
    Rule("anchored_duration", r"(?:each of )?(?:the|these|those) (?P<dir>{REL:-}|first|final|latest|remaining|initial)(?: {NUM:num}| (?P<vague>few|several|couple of|many|two or three))? {UNIT:unit}(?: or so)?",
         "duration", "the past three months", "UNIT"),
    Rule("the_number_unit", r"the {NUM:num} {PERIODS:unit}", "duration", "the nine months", "UNIT"),
    Rule("duration_range", r"{NUM:num} (?:to|or|-) {NUM:num2} {UNIT:unit}", "duration", "two to three years", "UNIT"),
    Rule("duration_half", r"(?P<half>half an?|a half) {UNIT1:unit}", "duration", "half an hour", "half"),
    Rule("duration", r"(?:an additional |another )?{NUM:num}(?: more| additional| trading| business| working| calendar| straight| consecutive| full)?(?:[- ]{UNIT:unit})(?:(?P<and_half> and a half)|(?P<plus>-plus))?(?P<long>[- ]long|-old)?",
         "duration", "two weeks", "UNIT"),
    Rule("duration_fraction", r"{NUM:num} {UNIT1:unit} and (?:a half|{NUM:frac_num} {UNIT:frac_unit}s?)", "duration", "a minute and a half", "half UNIT"),
    Rule("vague_duration", r"(?:{VAGUE:vague}[ -])(?:{UNITS:unit}|(?P<unit1>{DAYPERIOD:-})(?=-))", "duration", "several years", "UNIT"),
    Rule("weeks_or_months", r"{PERIODS:unit} (?:or|and) {PERIODS:-}", "duration", "weeks or months", "UNIT"),
    Rule("bare_plural_duration", r"(?:(?:(?<=for\s)|(?<=over\s))(?:the )?|(?<=within\s)|(?<=\bin\s)){PERIODS:unit}", "duration", "within weeks", "UNIT"),
    Rule("every_unit", r"(?:every|each|per) (?:other )?(?:(?P<unit>{DAYPERIOD:-}|hour|{DAYPART:-})|{WEEKDAY:weekday}|{MONTH:month})",
         "set", "every Tuesday", "every each per"),
    Rule("weekday_plural", r"(?P<weekday>mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays)", "set", "on Tuesdays", "mondays tuesdays wednesdays thursdays fridays saturdays sundays"),
    Rule("frequency", r"{FREQ:freq}", "set", "weekly", "FREQ"),
    Rule("year_range_start", r"{YEAR:year}[-–](?P<tail>\d{4}|\d\d)", "year_range_start", "1861-1863", "#"),
    Rule("year_range_end", r"{YEAR:year}[-–](?P<tail>\d{4}|\d\d)", "year_range_end", "2007-08", "#"),
    Rule("year", r"{YEAR:year}(?!-\d|[.,]\d)", "calendar", "2022", "#"),
    Rule("short_year", r"(?:(?<=in\s)|(?<=of\s))'(?P<shortyear>\d\d)(?!\w)", "calendar", "in '98", "#"),
    Rule("reference", r"{REF:ref}", "reference", "now", "REF"),
    # Messages (tweets, chat): glued and clipped forms, and every bare time word.
    Rule("glued_duration", r"(?P<num>\d+(?:\.\d+)?){GLUEDUNIT:unit}", "duration", "16days", "GLUEDUNIT"),
    Rule("message_offset", r"(?P<num>\d+)\+? ?{CLIPPEDUNIT:unit} ago", "message_offset", "1d ago", "ago"),
    Rule("message_relative_period", r"{MSGREL:rel} {MSGPERIOD:unit}", "message_relative_period", "nxt yr", "wk yr mth mnth"),
    Rule("message_time_word", r"(?:(?:the whole|the entire|the|an?|all|whole|entire|another) )?{MSGWORD:word}",
         "message_time_word", "the whole day", "MSGWORD"),
    # Stories (histories, biographies): vague references their annotators tag, kept only when
    # the resolver finds the text is a narrative.
    Rule("story_reference", r"{STORYREF:word}(?!-)", "story_reference", "former", "STORYREF"),
)  # fmt: skip


GENRE_RULES = frozenset({"message_time_word", "story_reference"})
"""Rules that follow the convention of a genre's annotators (messages, stories), not news'."""

NEWS_VETOES = frozenset(
    {"veto_the_future_of", "veto_future_alone", "veto_recent_alone", "veto_current_alone"}
)
"""Vetoes of vague words news annotators leave untagged ("the future of", "a recent poll"); they
do not apply to `GENRE_RULES`, whose interpreter or resolver keeps the word only in its genre."""

MESSAGE_ONLY_RULES = frozenset({"message_time_word"})
"""Rules whose interpreter keeps a match only in a message (`genre.is_informal`): the recogniser
skips them in prose, where their common trigger words ("day", "year") would cost a scan."""


def expand(template: str) -> str:
    """Expand `{NAME}` / `{NAME:alias}` placeholders and make single spaces match any space
    (an optional space, ` ?`, matches at most one: "6pm" and "6 pm")."""

    def replace(match: re.Match[str]) -> str:
        name, _, alias = match.group(1).partition(":")
        if alias == "-":
            return PLACEHOLDERS[name]
        group = (alias or name).lower()
        return f"(?P<{group}>{PLACEHOLDERS[name]})"

    expanded = re.sub(r"\{([A-Z][A-Z0-9]*(?::[a-z0-9_]+|:-)?)\}", replace, template)
    expanded = re.sub(r"(?<!\\) \?", r"\\s?", expanded)
    return re.sub(r"(?<!\\) (?![^\[]*\])", r"\\s+", expanded)


def compile_rule(rule: Rule) -> re.Pattern[str]:
    """The compiled, case-insensitive regex of one rule, bounded by non-word characters."""
    return re.compile(rf"(?<![\w$£€#.]){expand(rule.pattern)}(?![\w]|-\w)", re.IGNORECASE)


def _last_words(phrases: object) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z]+|\d+", p.lower())[-1] for p in phrases)


_COMMON_HOLIDAY_WORDS = frozenset({"the", "day"})
"""Words too common in text to stand for a holiday name; the name's next word triggers it."""

TRIGGER_CLASSES: dict[str, frozenset[str]] = {
    "MONTH": frozenset(vocab.MONTHS),
    "WEEKDAY": frozenset(vocab.WEEKDAYS),
    "WDABBR": frozenset(_WEEKDAY_ABBR),
    "DAYWORD": _last_words(vocab.DAY_WORDS),
    "SEASON": frozenset(vocab.SEASONS),
    "POD": _last_words(vocab.PARTS_OF_DAY),
    "HOLIDAY": frozenset(
        next(
            (w for w in re.findall(r"[a-z]+", h) if w not in _COMMON_HOLIDAY_WORDS),
            re.findall(r"[a-z]+", h)[0],
        )
        for h in vocab.HOLIDAYS.keys() | vocab.MOVABLE_HOLIDAYS
    ),
    "UNIT": frozenset(vocab.UNITS),
    "GLUEDUNIT": frozenset(vocab.GLUED_UNIT_WORDS),
    "MSGWORD": frozenset(vocab.MESSAGE_TIME_WORDS),
    "STORYREF": frozenset(vocab.STORY_REFERENCE_WORDS),
    "FREQ": _last_words(vocab.FREQUENCY_WORDS),
    "REF": _last_words(vocab.REFERENCE_WORDS),
    "VAGUEDIR": _last_words(vocab.VAGUE_PERIOD_WORDS),
    "CLOCKWORD": frozenset({"#:", "am", "pm", "m", "noon", "midnight"}),
    "PERIOD": _last_words(re.findall(r"[a-z]+", PLACEHOLDERS["PERIOD"])),
    "DAYPERIOD": _last_words(re.findall(r"[a-z]+", PLACEHOLDERS["DAYPERIOD"])),
    "MILTZ": _last_words(z for z in vocab.MILITARY_TIME_ZONES if z != "local time") | {"local"},
    "TITLE": _last_words(vocab.TITLES),
    "DECADEWORD": frozenset(
        {
            "twenties",
            "thirties",
            "forties",
            "fifties",
            "sixties",
            "seventies",
            "eighties",
            "nineties",
        }
    ),
}
"""Trigger classes: a phrase's last word stands for it, since every match of it contains it."""


def trigger_words(rule: Rule) -> frozenset[str]:
    """The words (or `#` for numbers) one of which every match of `rule` contains."""
    words: set[str] = set()
    for name in rule.triggers.split():
        words |= TRIGGER_CLASSES.get(name, {name})
    return frozenset(words)

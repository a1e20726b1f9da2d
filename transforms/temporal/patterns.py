"""Recognition rules of the temporal engine, as data: one row per rule, each with an example.

A rule's `pattern` is a regular-expression template whose `{PLACEHOLDERS}` expand into
alternations of a vocabulary table (`vocab.py`), written as named groups. A single space in a
template matches any run of white space. `interpreter` names the function in `interpret.py`
that turns a match into a `Meaning`. When two rules match overlapping text the longer match
wins, then the earlier rule in this table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.temporal import vocab


@dataclass(frozen=True, slots=True)
class Rule:
    """One recognition rule: name, regex template, interpreter, an example it must match, and
    its trigger words: every match contains one of them, so the rule only scans near them.

    Triggers are lower-case words, `#` for any number, or a class name from `TRIGGER_CLASSES`.
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
    "REL": rf"(?:{alternation(vocab.RELATIVE_WORDS)})",
    "ORD": rf"(?:{alternation(vocab.ORDINALS)})",
    "REF": rf"(?:{alternation(vocab.REFERENCE_WORDS)})",
    "FREQ": rf"(?:{alternation(vocab.FREQUENCY_WORDS)})",
    "HOLIDAY": rf"(?:{alternation(vocab.HOLIDAYS.keys() | vocab.MOVABLE_HOLIDAYS.keys())})",
    "DAYWORD": rf"(?:{alternation(vocab.DAY_WORDS)})",
    "CLOCK": (
        r"(?:(?:[01]?\d|2[0-3])(?:[:.]?[0-5]\d)? ?(?:a\.m\.|p\.m\.|am\b|pm\b)"
        r"|(?:[01]?\d|2[0-3]):[0-5]\d(?: ?(?:GMT|UTC|[ECMP][SD]T|local time|hours|hrs))?"
        r"|noon|midnight)"
    ),
    "TZ": r"(?: (?:GMT|UTC|[ECMP][SD]T|ET|local time))?",
    "DECADE": r"(?:1[0-9]\d0|20\d0)'?s|'\d0s|(?:twenties|thirties|forties|fifties|sixties"
    r"|seventies|eighties|nineties)",
}
"""Placeholder name -> regex. `{NAME}` becomes `(?P<name>…)`, `{NAME:alias}` `(?P<alias>…)`."""


RULES: tuple[Rule, ...] = (
    # Explicit dates, most specific first.
    Rule("iso_date", r"{YEAR:year}-(?P<month>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])"
         r"(?:T(?P<hour>[01]\d|2[0-3]):(?P<minute>[0-5]\d)(?::[0-5]\d)?)?",
         "calendar", "2024-11-29", "#"),
    Rule("numeric_date", r"(?P<raw>(?:[01]?\d)/(?:[0-3]?\d)/(?:\d{4}|\d\d))",
         "numeric_date", "11/29/2024", "#"),
    Rule("month_range_start", r"{MONTH:month}(?: {DAYNUM:day})? ?(?:-|–|to|and|until|through|or) ?{MONTH:month2}(?: {DAYNUM:day2})?,? {YEAR:year}",
         "month_range_start", "from April to September 1957", "MONTH"),
    Rule("weekday_month_day_year", r"{WEEKDAY:weekday},? {MONTH:month} {DAYNUM:day}(?:,? {YEAR:year})?",
         "calendar", "Friday, Nov. 29, 2024", "WEEKDAY"),
    Rule("month_day_year", r"{MONTH:month} {DAYNUM:day}(?:,? {YEAR:year}|,? {SHORTYEAR:shortyear})?",
         "calendar", "Oct. 15, 1999", "MONTH"),
    Rule("day_month_year", r"(?:the )?{DAYNUM:day} (?:of )?{MONTH:month}(?:,? {YEAR:year})?",
         "calendar", "the 3rd of March 2021", "MONTH"),
    Rule("month_slash_day", r"(?<=\bon\s)(?P<nmonth>1[0-2]|0?[1-9])/(?P<day>[12]\d|3[01]|0?[1-9])(?![/\d])",
         "numeric_month_day", "on 2/15", "#"),
    Rule("ordinal_day", r"(?<=\bon\s)the (?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)(?! (?:of|century|anniversary|floor|time|day|week|year|hole|minute|inning|place|round|birthday|street|avenue)\b)",
         "day_of_month", "on the 15th", "th st nd rd"),
    Rule("part_of_day_of_date", r"(?:(?:early|late) in )?the (?:early |late )?(?P<pod>morning|afternoon|evening|night)(?: hours)? of (?:{DAYNUM:day} {MONTH:month}|{MONTH:month2} {DAYNUM:day2})(?:,? {YEAR:year})?",
         "part_of_day_of_date", "the morning of 31 January 1965", "morning afternoon evening night"),
    Rule("month_day_range_start", r"{MONTH:month} {DAYNUM:day}[-–](?P<day2>[12]\d|3[01]|0?[1-9])(?:,? {YEAR:year})?",
         "day_range_start", "April 6-7", "MONTH"),
    Rule("month_day_range_end", r"{MONTH:month} {DAYNUM:day}[-–](?P<day2>[12]\d|3[01]|0?[1-9])(?:,? {YEAR:year})?",
         "day_range_end", "April 13-15, 1915", "MONTH"),
    Rule("day_month_range_start", r"{DAYNUM:day}[-–](?P<day2>[12]\d|3[01]|0?[1-9]) {MONTH:month}(?:,? {YEAR:year})?",
         "day_range_start", "6-7 February 1920", "MONTH"),
    Rule("clock_then_date", r"{CLOCK:clock}{TZ},? (?:on )?(?:{WEEKDAY:weekday}|{MONTH:month} {DAYNUM:day}|{DAYWORD:dayword})",
         "clock", "5 p.m. EST Nov. 9", "# noon midnight"),
    Rule("date_then_clock", r"(?:{WEEKDAY:weekday}|{DAYWORD:dayword})(?: morning| afternoon| evening| night)? at {CLOCK:clock}{TZ}",
         "clock", "Tuesday at 10:30 a.m.", "WEEKDAY DAYWORD"),
    Rule("clock", r"{CLOCK:clock}{TZ}", "clock", "3 p.m.", "# noon midnight"),
    Rule("approximate_clock", r"(?P<hour>[01]?\d|2[0-3])(?::(?P<minute>[0-5]\d))? ?(?P<ampm>am|pm)?-?ish", "approximate_clock", "8ish", "ish pmish amish"),
    Rule("bc_year", r"(?:(?:the )?(?:{SEASON:season}|{MONTH:month}) (?:of )?)?(?P<bcyear>\d{1,4}) ?(?:BCE|BC|B\.C\.E\.|B\.C\.)(?!\w)",
         "bc_year", "April 480 BC", "bc bce b"),
    Rule("bc_range_start", r"(?P<bcyear>\d{1,4})(?:[-–]| to )(?P<bcend>\d{1,4}) ?(?:BCE|BC|B\.C\.E\.|B\.C\.)(?!\w)",
         "bc_range_start", "499-493 BC", "bc bce b"),
    Rule("month_year", r"{MONTH:month},? (?:of )?(?:{YEAR:year}|{SPELLEDYEAR:spelled})", "calendar", "August 1988", "MONTH"),
    Rule("season_year", r"(?:the )?{SEASON:season} (?:of )?(?:{YEAR:year}|{SPELLEDYEAR:spelled})", "calendar", "the winter of 1994", "SEASON"),
    Rule("holiday", r"(?:(?P<rel>last|next|this|this past|this coming) )?{HOLIDAY:holiday}(?:,? {YEAR:year})?", "holiday", "Christmas Eve", "HOLIDAY"),
    Rule("half_of_year", r"the (?P<ord>first|second|last|1st|2nd) half(?: of (?:{YEAR:year}|the year|(?:this|last|next) year))?",
         "half", "the first half of 2024", "half"),
    Rule("two_quarters", r"(?:the )?first two quarters(?: of {YEAR:year})?", "half", "the first two quarters of 1990", "quarters"),
    Rule("quarter", r"(?:the (?![a-z]+-quarter))?(?:(?:{YEAR:year}|(?P<yrel>next|last|this) year's) )?(?:(?P<qrel>latest|current|this|next|last|previous|year-ago|year-earlier|comparable year-ago|same) )?"
         r"(?:fiscal[- ])?(?:{ORD:ord}[- ])?quarter(?: of (?:{YEAR:year2}|the year|(?:this|last|next) year|fiscal {YEAR:year3}))?(?:,? {YEAR:year4})?",
         "quarter", "the third quarter of 2024", "quarter"),
    Rule("quarter_code", r"Q(?P<qnum>[1-4])(?: {YEAR:year}|[- ]'?(?P<qyy>\d\d))?", "quarter", "Q3 2024", "q"),
    Rule("quarter_a_year_ago", r"the quarter a year (?:ago|earlier)", "literal_offset_quarter", "the quarter a year ago", "quarter"),
    Rule("year_ago_adjective", r"(?:the (?=(?:comparable |same )?(?:year|month|week)-(?:ago|earlier) (?:period|quarter|month|year|nine|six)))?(?:comparable |same )?(?P<unit>year|month|week)-(?:ago|earlier)(?: (?:period|quarter|month|year|nine months|six months))?",
         "year_ago", "the year-ago period", "ago earlier"),
    Rule("fiscal_year", r"(?:fiscal(?: year)?|FY) ?{YEAR:year}", "calendar", "fiscal 1989", "fiscal fy"),
    Rule("fiscal_year_relative", r"(?:the )?(?P<rel>current|this|last|next|latest|previous) fiscal year", "fiscal_relative", "the current fiscal year", "fiscal"),
    Rule("decade", r"(?:the )?(?:(?P<dpos>early|mid|late)[- ])?{DECADE:decade}", "decade", "the 1990s", "# DECADEWORD"),
    Rule("century", r"(?:the )?(?:(?P<cnum>\d{1,2})(?:st|nd|rd|th)|{ORD:ord}) century", "century", "the 20th century", "century"),
    Rule("part_of_day_word", r"{POD:pod} (?:of )?{DAYWORD:dayword}", "day_word", "mid-afternoon yesterday", "DAYWORD"),
    Rule("day_word", r"(?:{DAYWORD:dayword})(?: (?P<pod>morning|afternoon|evening|night|nite))?", "day_word", "yesterday morning", "DAYWORD"),
    Rule("this_part_of_day", r"(?:this|tonight's|last|tomorrow) (?P<pod>morning|afternoon|evening|night|nite)", "part_of_day", "this morning", "POD"),
    Rule("anaphoric_part_of_day", r"(?:that|the same|(?:the )?(?P<rel>next|following|previous|preceding)) (?P<pod>morning|afternoon|evening|night)",
         "anaphoric_part_of_day", "the next morning", "morning afternoon evening night"),
    Rule("weekday_parts_plural", r"{WEEKDAY:weekday} (?P<pods>mornings|afternoons|evenings|nights)", "set", "Tuesday nights", "mornings afternoons evenings nights"),
    Rule("weekday_before_parts_plural", r"{WEEKDAY:weekday}(?= (?:and|or) {WEEKDAY:weekday2} (?P<pods>mornings|afternoons|evenings|nights))", "set", "Monday and Tuesday nights", "WEEKDAY"),
    Rule("relative_weekday", r"(?:the )?(?P<rel>this coming|this past|last|this|next|coming|past|previous|following) {WEEKDAY:weekday}(?: (?P<pod>morning|afternoon|evening|night))?",
         "weekday", "last Tuesday", "WEEKDAY"),
    Rule("relative_weekday_abbr", r"(?P<rel>this|next|last|coming) (?P<weekday>{WDABBR})(?: (?P<pod>morning|afternoon|evening|night))?",
         "weekday", "this sat", "WDABBR"),
    Rule("weekday", r"{WEEKDAY:weekday}(?: (?P<pod>morning|afternoon|evening|night))?", "weekday", "Saturday night", "WEEKDAY"),
    Rule("weekend", r"(?:(?P<rel>last|this|next|coming|past|previous) |the )weekend", "weekend", "the weekend", "weekend"),
    Rule("following_season", r"the (?P<rel>following|next|previous|preceding) {SEASON:season}", "following_season", "the following spring", "SEASON"),
    Rule("relative_season", r"(?:(?P<rel>this past|last|this|next|coming|past|previous|the) ){SEASON:season}", "season", "last fall", "SEASON"),
    Rule("season", r"{SEASON:season}", "season", "winter", "SEASON"),
    Rule("earlier_this", r"(?P<pos>earlier|later|early|late) (?:(?P<rel>this|last|next) |in the )(?P<unit>week|month|year|quarter|decade|century)",
         "relative_period", "earlier this month", "earlier later early late"),
    Rule("relative_period", r"(?:the )?(?P<rel>this past|last|this|next|coming|past|previous|current|following|preceding|present) (?P<unit>week|month|year|quarter|decade|century)",
         "relative_period", "last week", "week month year quarter decade century"),
    Rule("the_unit", r"the (?:fiscal )?(?P<unit>year)", "the_unit", "the year", "year"),
    Rule("the_day", r"the (?P<unit>day)(?! (?:before|after|earlier|later)\b)", "the_unit", "later in the day", "day"),
    Rule("the_part_of_day", r"(?:(?<=\bin\s)|(?<=\bduring\s))the (?P<pod>morning|afternoon|evening)", "part_of_day", "in the morning", "morning afternoon evening"),
    Rule("end_of_the_unit", r"(?:the )?(?P<pos>end|beginning|start|middle|rest|balance) of the (?P<unit>year|month|week|decade|century)",
         "end_of_unit", "the end of the year", "end beginning start middle rest balance"),
    Rule("the_following_unit", r"the (?P<rel>following|previous|preceding|next) (?P<unit>day|week|month|year)", "relative_period", "the following year", "following previous preceding next"),
    Rule("relative_month", r"(?P<rel>last|this|next|coming|this past|past) {MONTH:month}", "month", "last April", "MONTH"),
    Rule("month_of_that_year", r"(?:{DAYNUM:day} )?{MONTH:month}(?: {DAYNUM:day2})?,? of (?P<which>that|the same|the following|the next|the previous|the preceding|the prior) year",
         "month_of_that_year", "August of that year", "MONTH"),
    Rule("month_relative_year", r"{MONTH:month},? (?P<yrel>this|last|next) year", "month", "June last year", "MONTH"),
    Rule("month_ordinal_day", r"{MONTH:month} (?:the )?(?P<dayord>(?:twenty|thirty)[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)(?:,? {YEAR:year})?",
         "month_ordinal_day", "March eighth", "MONTH"),
    Rule("year_end", r"(?:the )?(?:fiscal )?year(?:-end|'s end| end)", "year_end", "by year-end", "end"),
    Rule("month", r"{MONTH:month}", "month", "January", "MONTH"),
    Rule("spelled_year", r"(?:the year )?{SPELLEDYEAR:spelled}", "spelled_year", "nineteen ninety-six", "nineteen twenty thousand"),
    Rule("year_period", r"the {YEAR:year} (?P<what>period|quarter|fiscal year|season)", "year_period", "the 1988 period", "#"),
    Rule("reporting_period", r"(?:the )?(?P<what>latest|current|full|fiscal|same|corresponding) (?P<unit>period|year|quarter)(?: (?P<yrel>last|this) year)?", "reporting_period", "the latest period", "latest current full fiscal same corresponding"),
    Rule("that_period", r"(?:that|(?:that|the) (?:same|very)) (?P<unit>year|quarter|month|week|day)", "that_period", "that same day", "that same very"),
    Rule("units_ahead", r"(?:the )?(?P<unit>days|weeks|months|years) ahead", "duration", "the weeks ahead", "ahead"),
    Rule("coming_units", r"(?:the )?(?P<dir>coming|future|past|upcoming|recent) (?P<unit>days|weeks|months|years|quarters|decades) (?:and|or) (?:days|weeks|months|years|quarters)|(?:the )?(?P<dir2>coming|future|past|upcoming) (?P<unit2>days|weeks|months|years|quarters|decades)", "vague_period", "recent weeks and months", "coming future past upcoming recent"),
    Rule("overnight", r"overnight", "overnight", "overnight", "overnight"),
    Rule("offset_ago", r"(?:{NUM:num}|{VAGUE:vague}|(?P<plural>months|years|weeks|days|decades)) (?:(?P<and_half>and a half) )?{UNIT:unit}?(?: or so)? (?P<dir>ago|earlier|later|from now|hence|previously|back)",
         "offset", "two years ago", "ago earlier later now hence previously back"),
    Rule("year_relative_offset", r"{NUM:num} {UNIT:unit} (?P<dir>before|after) (?:that|then)", "offset", "a week after that", "before after"),
    Rule("anchored_duration", r"(?:each of )?(?:the|these|those) (?P<dir>past|last|next|coming|previous|first|final|latest|remaining|ensuing|following|initial)(?: {NUM:num}| (?P<vague>few|several|couple of|many|two or three))? {UNIT:unit}(?: or so)?",
         "duration", "the past three months", "UNIT"),
    Rule("the_number_unit", r"the {NUM:num} (?P<unit>months|weeks|years|quarters|days)", "duration", "the nine months", "UNIT"),
    Rule("duration_range", r"{NUM:num} (?:to|or|-) {NUM:num2} {UNIT:unit}", "duration", "two to three years", "UNIT"),
    Rule("duration_half", r"(?P<half>half an?|a half) {UNIT1:unit}", "duration", "half an hour", "half"),
    Rule("duration", r"(?:an additional |another )?{NUM:num}(?: more| additional| trading| business| working| calendar| straight| consecutive| full)?(?:[- ]{UNIT:unit})(?:(?P<and_half> and a half)|(?P<plus>-plus))?(?P<long>[- ]long|-old)?",
         "duration", "two weeks", "UNIT"),
    Rule("duration_fraction", r"{NUM:num} {UNIT1:unit} and (?:a half|{NUM:frac_num} {UNIT:frac_unit}s?)", "duration", "a minute and a half", "half UNIT"),
    Rule("vague_duration", r"(?:{VAGUE:vague}[ -])(?:{UNITS:unit}|(?P<unit1>year|month|week|day)(?=-))", "duration", "several years", "UNIT"),
    Rule("weeks_or_months", r"(?P<unit>days|weeks|months|years) (?:or|and) (?:days|weeks|months|years)", "duration", "weeks or months", "UNIT"),
    Rule("bare_plural_duration", r"(?:(?:(?<=for\s)|(?<=over\s))(?:the )?|(?<=within\s)|(?<=\bin\s))(?P<unit>years|decades|centuries|months|weeks)", "duration", "within weeks", "UNIT"),
    Rule("every_unit", r"(?:every|each|per) (?:other )?(?:(?P<unit>day|week|month|quarter|year|hour|night|morning|evening)|{WEEKDAY:weekday}|{MONTH:month})",
         "set", "every Tuesday", "every each per"),
    Rule("weekday_plural", r"(?P<weekday>mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays)", "set", "on Tuesdays", "mondays tuesdays wednesdays thursdays fridays saturdays sundays"),
    Rule("frequency", r"{FREQ:freq}", "set", "weekly", "FREQ"),
    Rule("year_range_start", r"{YEAR:year}[-–](?P<tail>\d{4}|\d\d)", "year_range_start", "1861-1863", "#"),
    Rule("year_range_end", r"{YEAR:year}[-–](?P<tail>\d{4}|\d\d)", "year_range_end", "2007-08", "#"),
    Rule("year", r"{YEAR:year}(?!-\d|[.,]\d)", "calendar", "2022", "#"),
    Rule("short_year", r"(?:(?<=in\s)|(?<=of\s))'(?P<shortyear>\d\d)(?!\w)", "calendar", "in '98", "#"),
    Rule("reference", r"{REF:ref}", "reference", "now", "REF"),
    # Messages (tweets, chat): glued and clipped forms, and every bare time word.
    Rule("glued_duration", r"(?P<num>\d+(?:\.\d+)?)(?P<unit>days|day|hrs|hr|hours|hour|mins|min|minutes|weeks|wks|months|mths|years|yrs)", "duration", "16days", "UNIT hrs hr mins min wks mths yrs"),
    Rule("message_offset", r"(?P<num>\d+)\+? ?(?P<unit>mins|min|m|hrs|hr|h|d|wks|wk|w|mos|mo|yrs|yr|y) ago", "message_offset", "1d ago", "ago"),
    Rule("message_relative_period", r"(?P<rel>nxt|lst|dis|this|next|last) (?P<unit>wk|yr|mth|mnth|week|month|year)", "message_relative_period", "nxt yr", "wk yr mth mnth"),
    Rule("message_time_word", r"(?:(?:the whole|the entire|the|an?|all|whole|entire|another) )?(?P<word>days?|weeks?|months?|years?|hours?|minutes?|nights?|nites?|mornings?|afternoons?|evenings?|weekends?|future|sunset|sunrise)",
         "message_time_word", "the whole day", "day days week weeks month months year years hour hours minute minutes night nights nite nites morning mornings afternoon afternoons evening evenings weekend weekends future sunset sunrise"),
    # Stories (histories, biographies): vague references their annotators tag, kept only when
    # the resolver finds the text is a narrative.
    Rule("story_reference", r"(?P<word>former|formerly|recent|future)(?!-)", "story_reference", "former", "former formerly recent future"),
)  # fmt: skip


MESSAGE_ONLY_RULES = frozenset({"message_time_word"})
"""Rules whose interpreter keeps a match only in a message (`genre.is_informal`): the recogniser
skips them in prose, where their common trigger words ("day", "year") would cost a scan."""


def expand(template: str) -> str:
    """Expand `{NAME}` / `{NAME:alias}` placeholders and make single spaces match any space
    (an optional space, ` ?`, matches at most one: "6pm" and "6 pm")."""

    def replace(match: re.Match[str]) -> str:
        name, _, alias = match.group(1).partition(":")
        group = (alias or name).lower()
        return f"(?P<{group}>{PLACEHOLDERS[name]})"

    expanded = re.sub(r"\{([A-Z][A-Z0-9]*(?::[a-z0-9_]+)?)\}", replace, template)
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
    "FREQ": _last_words(vocab.FREQUENCY_WORDS),
    "REF": _last_words(vocab.REFERENCE_WORDS),
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

"""Abbreviations the sentence splitter must not end a sentence on, as data.

Each entry maps a lower-cased abbreviation (without its final period) to `(kind, example)`.

- `title`: always followed by a name, so the period never ends a sentence ("Mr. Trump said").
- `other`: ends a sentence only when the next word starts with an upper-case letter and is not a
  number ("on Jan. 5" joins; "in the U.S. The president" splits).

Single capital letters ("J. K. Rowling") are treated as `title` by rule, not listed here; dotted
acronyms ("U.S.", "e.g.") are matched by shape in `sentences.py` and treated as `other`.
"""

from __future__ import annotations

ABBREVIATIONS: dict[str, tuple[str, str]] = {
    "mr": ("title", "Mr. Trump said"),
    "mrs": ("title", "Mrs. May resigned"),
    "ms": ("title", "Ms. Harris spoke"),
    "dr": ("title", "Dr. Fauci warned"),
    "prof": ("title", "Prof. Smith noted"),
    "st": ("title", "St. Petersburg is"),
    "sen": ("title", "Sen. Warren asked"),
    "rep": ("title", "Rep. Ocasio-Cortez said"),
    "gov": ("title", "Gov. Newsom signed"),
    "gen": ("title", "Gen. Milley said"),
    "lt": ("title", "Lt. Col. Vindman testified"),
    "col": ("title", "Col. Smith led"),
    "capt": ("title", "Capt. Jones flew"),
    "sgt": ("title", "Sgt. Pepper played"),
    "rev": ("title", "Rev. King preached"),
    "hon": ("title", "Hon. Member spoke"),
    "pres": ("title", "Pres. Biden said"),
    "mt": ("title", "Mt. Everest rises"),
    "ft": ("title", "Ft. Bragg base"),
    "jan": ("other", "on Jan. 5"),
    "feb": ("other", "on Feb. 24"),
    "mar": ("other", "on Mar. 3"),
    "apr": ("other", "on Apr. 1"),
    "jun": ("other", "on Jun. 6"),
    "jul": ("other", "on Jul. 4"),
    "aug": ("other", "on Aug. 2"),
    "sep": ("other", "on Sep. 11"),
    "sept": ("other", "on Sept. 11"),
    "oct": ("other", "on Oct. 7"),
    "nov": ("other", "on Nov. 5"),
    "dec": ("other", "on Dec. 25"),
    "mon": ("other", "Mon. 3 March"),
    "tue": ("other", "Tue. 4 March"),
    "tues": ("other", "Tues. 4 March"),
    "wed": ("other", "Wed. 5 March"),
    "thu": ("other", "Thu. 6 March"),
    "thurs": ("other", "Thurs. 6 March"),
    "fri": ("other", "Fri. 7 March"),
    "sat": ("other", "Sat. 8 March"),
    "sun": ("other", "Sun. 9 March"),
    "no": ("other", "No. 10 Downing Street"),
    "vs": ("other", "Arsenal vs. Chelsea"),
    "etc": ("other", "oil, gas, etc. and more"),
    "approx": ("other", "approx. 3 million"),
    "est": ("other", "est. 1990"),
    "inc": ("other", "Apple Inc. said"),
    "ltd": ("other", "Acme Ltd. reported"),
    "co": ("other", "Smith & Co. announced"),
    "corp": ("other", "Acme Corp. said"),
    "jr": ("other", "Martin Luther King Jr. said"),
    "sr": ("other", "John Smith Sr. died"),
    "dept": ("other", "the Dept. of State"),
    "govt": ("other", "the govt. said"),
    "fig": ("other", "see Fig. 3"),
    "vol": ("other", "Vol. 2"),
    "p": ("other", "p. 12"),
    "pp": ("other", "pp. 12-14"),
    "al": ("other", "Smith et al. found"),
}

SENTENCE_STARTERS: dict[str, str] = {
    "the": "in the U.S. The president",
    "he": "in the U.S. He said",
    "she": "in the U.S. She said",
    "it": "in the U.S. It was",
    "they": "in the U.S. They said",
    "we": "in the U.S. We are",
    "i": "in the U.S. I think",
    "but": "in the U.S. But not",
    "this": "in the U.S. This is",
    "that": "in the U.S. That is",
    "a": "in the U.S. A spokesman",
    "an": "in the U.S. An official",
    "in": "in the U.S. In 2022",
    "on": "at 5 p.m. On Monday",
}
"""Capitalised words that start a new sentence after a dotted acronym ("U.S.", "p.m.")."""

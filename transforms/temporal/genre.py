"""Which kind of text the engine reads: a short informal message (a tweet, a chat line) or not.

Annotators of messages tag every time word ("a long day", "Good morning", "my future"), news
annotators only those that place or measure something; the engine follows the genre's
convention as HeidelTime's colloquial mode does. The cues are the surface marks of a message:
mentions, hashtags, short links, emoticons, chat spellings, shouting, a lower-case start.
"""

from __future__ import annotations

import re
from functools import lru_cache

MESSAGE_MAX_CHARS = 320
"""A message fits in a tweet (280 characters) plus a link or two; anything longer is prose."""

_MESSAGE_MARKS = re.compile(
    r"(?:^|\s)[@#][A-Za-z_]"
    r"|https?://|\bt\.co/"
    r"|(?<!\w)[:;=]-?[()DPpd3](?!\w)|(?<!\w)xD\b|<3"
    r"|(?<![\w.])(?:haha\w*|hehe\w*|lol|omg|wtf|im|u|ur|gonna|wanna|dunno|pls|plz|tmr|tmrw"
    r"|abt|tdy|nite|yay|yeah|shiok|lah|leh|loh|alr|cos|coz|thx|btw|gd|nw|smth|w/)(?![\w.])"
    r"|[!?]{2}|\s::\s|(?<=\s)i(?=\s)",
    re.IGNORECASE,
)


_FIRST_PERSON = re.compile(r"(?<!\")\b(?:I'm|I've|I'll|my|me)\b(?![^\"]*\")")
"""The writer speaking of themself outside quotation marks: news reports quote people, messages
are the people."""
_TITLE = re.compile(r"[A-Z0-9][\w'’.,:&-]*(?:\s+[A-Z0-9][\w'’.,:&-]*)*$")
"""A headline in title case ends without a full stop too: every word capitalised."""


@lru_cache(maxsize=64)
def is_informal(text: str) -> bool:
    """Whether `text` is a short informal message rather than prose (news, a history)."""
    body = text.strip()
    if not body or len(body) > MESSAGE_MAX_CHARS:
        return False
    if _MESSAGE_MARKS.search(body):
        return True
    letters = [c for c in body if c.isalpha()]
    shouting = len(letters) >= 10 and sum(c.isupper() for c in letters) > 0.7 * len(letters)
    unfinished = body[-1].isalnum() and "\n" not in body and not _TITLE.match(body)
    return shouting or unfinished or body[0].islower() or bool(_FIRST_PERSON.search(body))

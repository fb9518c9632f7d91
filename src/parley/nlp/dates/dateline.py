"""The date a wire report's dateline gives, for articles that come without one.

"DUBAI, June 9, 2023 (Agency) - ..." or "PRETORIA, 2 November 2022 (AFP) - ...": when the
dateline names a full date with its year, that day is when the report was filed, so it is
the right anchor for "on Saturday" and "yesterday" in an article read from a plain text
file with no publication date. A dateline without a year ("KHARTOUM, March 3 (Wire) -")
gives nothing: guessing the year would date every event of the report wrongly.
Only the opening lines are looked at (a headline may come first), and only a line that
starts with a place in capitals.
"""

from __future__ import annotations

import re
from datetime import date

from parley.nlp.dates.patterns import MONTH

_MONTHS = {
    m[:3].lower(): i + 1
    for i, m in enumerate(
        ("January February March April May June July August September October November"
         " December").split()
    )
}
#: The place in capitals ("DUBAI", "TBILISI/BAKU", "PORT SUDAN"), then a comma.
_PLACE = r"[A-Z][A-Z.'\u2019-]+(?:[ /][A-Z][A-Z.'\u2019-]+)*,\s+"
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_DAY = r"(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<y>(?:19|20)\d\d)\b"
_FULL = re.compile(
    rf"^{_PLACE}{_WEEKDAY}(?:(?P<m>{MONTH})\s+{_DAY},?\s+{_YEAR}"
    rf"|{_DAY.replace('?P<d>', '?P<d2>')}\s+(?P<m2>{MONTH}),?\s+{_YEAR.replace('?P<y>', '?P<y2>')})"
)
#: How many of the first lines may hold the dateline (headline, blank line, byline...).
LINES = 6


def dateline_date(text: str) -> date | None:
    """The full date (with a year) of ``text``'s dateline, or None."""
    for line in [ln.strip() for ln in text.lstrip("\ufeff").splitlines()[:LINES]]:
        found = _FULL.match(line)
        if not found:
            continue
        month = found.group("m") or found.group("m2")
        day = found.group("d") or found.group("d2")
        year = found.group("y") or found.group("y2")
        try:
            return date(int(year), _MONTHS[month[:3].lower()], int(day))
        except ValueError:
            return None
    return None

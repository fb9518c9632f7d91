"""Date expressions and their resolution against the publication date (pure logic).

One grammar serves two uses: ``scan`` finds expressions in running text (month and weekday
names must be capitalised there, so "may" and "march" as words stay words) and ``resolve``
reads a single expression (any case). Each pattern has a handler that turns its match into
a ``Resolution``; a handler returns ``None`` when the match is not a date at all ("the
year" on its own), and an unresolved ``Resolution`` when it is a date that cannot be pinned
down ("years ago", or "on Friday" with no publication date). Nothing here reads the clock:
without a publication date, relative expressions stay unresolved.

Direction (``tense``): "on Friday" is read as the most recent such day not after
publication (news reports what happened) unless ``tense="future"`` (the caller saw "will",
"is scheduled", ...), which reads it forwards. A month-day or month without a year ("Nov.
8", "in November") is read as the nearest one, leaning to the past: the coming one only when
it is less than half as far away as the last one ("the Nov. 8 election", "win in
November" in late September; "in July" there is the July just gone); ``tense`` "past" or
"future" overrides that.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from parley.errors import InputError
from parley.nlp.dates.patterns import (
    COMPARATIVE,
    DIRECTIONAL,
    NAMED_DAYS,
    NEEDS_CONTEXT,
    REACH,
    SOURCES,
    TRIGGERS,
    YEAR_TRIGGER,
    context_ok,
    month_number,
    number_value,
    unit_granularity,
)

#: The clause tenses ``resolve`` understands (None: the text does not say).
TENSES = (None, "past", "future")


@dataclass(frozen=True, slots=True)
class Resolution:
    """What an expression means: ISO first day, ISO last day (periods), granularity."""

    value: str | None
    end: str | None = None
    granularity: str = "day"
    resolved: bool = True


def unresolved(granularity: str = "day") -> Resolution:
    """A date expression that cannot be pinned to the calendar."""
    return Resolution(None, None, granularity, False)


def day(d: date) -> Resolution:
    return Resolution(d.isoformat(), None, "day")


def days(first: date, last: date) -> Resolution:
    """A range of whole days, ``first`` to ``last`` inclusive."""
    return Resolution(first.isoformat(), last.isoformat(), "day")


def week(d: date) -> Resolution:
    """The ISO week (Monday to Sunday) that contains ``d``."""
    monday = d - timedelta(days=d.weekday())
    return Resolution(monday.isoformat(), (monday + timedelta(days=6)).isoformat(), "week")


def month(year: int, num: int) -> Resolution:
    """The calendar month ``year``-``num`` (``num`` may overflow; it is normalised)."""
    year, num = year + (num - 1) // 12, (num - 1) % 12 + 1
    first = date(year, num, 1)
    nxt = date(year + num // 12, num % 12 + 1, 1)
    return Resolution(first.isoformat(), (nxt - timedelta(days=1)).isoformat(), "month")


def year(num: int, last: int | None = None) -> Resolution:
    """The calendar year ``num`` (to ``last`` inclusive for a span of years)."""
    return Resolution(date(num, 1, 1).isoformat(), date(last or num, 12, 31).isoformat(), "year")


def parse_published(value: date | datetime | str | None) -> date | None:
    """The publication date as a ``date``: accepts a date, datetime, ISO string or None.

    Raises ``InputError`` for a string that is not an ISO date (a time part is ignored).
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise InputError("published", f"{value!r} is not an ISO date (YYYY-MM-DD)") from None


# --- handlers: (match, anchor, tense) -> Resolution | None ----------------------------------

Handler = Callable[[re.Match[str], "date | None", "str | None"], "Resolution | None"]


def _int(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _year_of(text: str, century_of: int | None = None) -> int:
    """A year from 4 digits, or from 2 digits in the century of ``century_of``."""
    num = int(text)
    return num + (century_of // 100) * 100 if len(text) == 2 and century_of else num


def pick_year(
    m: int, d: int, anchor: date, tense: str | None, weekday: int | None = None
) -> date | None:
    """The ``m``-``d`` nearest ``anchor`` in the reading direction (None if it never exists).

    A weekday named with the date ("Friday, April 25") picks the year in which the date
    falls on that weekday, when one lies within a year of publication.
    """
    found = [c for y in range(anchor.year - 8, anchor.year + 9) if (c := _safe_date(y, m, d))]
    if weekday is not None:
        near = [c for c in found if c.weekday() == weekday and abs((c - anchor).days) <= 400]
        if near:
            return min(near, key=lambda c: (abs((c - anchor).days), c > anchor))
    ahead = min((c for c in found if c >= anchor), default=None)
    back = max((c for c in found if c <= anchor), default=None)
    if tense == "future" or back is None:
        return ahead
    if tense == "past" or ahead is None:
        return back
    return ahead if 2 * (ahead - anchor).days < (anchor - back).days else back


def _iso(m: re.Match[str], anchor: date | None, tense: str | None) -> Resolution | None:
    got = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return day(got) if got else None


def _dotted(m: re.Match[str], anchor: date | None, tense: str | None) -> Resolution | None:
    got = _safe_date(int(m["y"]), int(m["m"]), int(m["d"]))  # day first: 25.04.2025
    return day(got) if got else None


def _slashed(m: re.Match[str], anchor: date | None, tense: str | None) -> Resolution | None:
    """25/04/2025 and 04/25/2025 are clear; 04/05/2025 could be either and stays unresolved."""
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if a > 12 and b <= 12:
        got = _safe_date(y, b, a)
    elif b > 12 and a <= 12 or a == b:
        got = _safe_date(y, a, b)
    else:
        return unresolved() if a <= 12 and b <= 12 else None
    return day(got) if got else None


def _rel_offset(word: str | None) -> int:
    return {"last": -1, "this": 0, "next": 1}.get((word or "").lower(), 0)


def _weekday_num(text: str | None) -> int | None:
    if not text:
        return None
    return NAMED_DAYS.index(text.lower()[:3])


def _month_day(m: re.Match[str], anchor: date | None, tense: str | None) -> Resolution | None:
    """April 25, 25 April, April 25, 2025, Friday, April 25, June 16 of last year."""
    mon, dd = month_number(m["m"]), _int(m["d"])
    if m["y"]:
        got = _safe_date(int(m["y"]), mon, dd)
        return day(got) if got else unresolved()
    if anchor is None:
        return unresolved()
    if m["yrel"]:
        got = _safe_date(anchor.year + _rel_offset(m["yrel"]), mon, dd)
    else:
        got = pick_year(mon, dd, anchor, tense, _weekday_num(m["wd"]))
    return day(got) if got else unresolved()


def _range_days(m: re.Match[str], anchor: date | None, tense: str | None) -> Resolution | None:
    """September 16-19, 16-19 September, from March 3 to March 5, between 3 and 5 March."""
    m1 = month_number(m["m1"] or m["m2"])
    m2 = month_number(m["m2"] or m["m1"])
    d1, d2 = _int(m["d1"]), _int(m["d2"])
    if m1 == m2 and d2 <= d1 and not (m["y1"] and m["y2"]):
        return None  # "March 5-3" is not a range
    if m["y1"] or m["y2"]:
        y2 = int(m["y2"] or m["y1"])
        y1 = int(m["y1"]) if m["y1"] else (y2 - 1 if m1 > m2 else y2)
        first = _safe_date(y1, m1, d1)
    elif anchor is None:
        return unresolved()
    else:
        # The year is chosen for the end: "between January 1 and September 26" in a late
        # September article is this year's, though the coming January 1 is nearer.
        end = pick_year(m2, d2, anchor, tense)
        if end is None:
            return unresolved()
        first = _safe_date(end.year - (m1 > m2), m1, d1)
        y2 = end.year
    last = _safe_date(y2, m2, d2) if first else None
    if not first or not last or last < first:
        return unresolved()
    return days(first, last)


def _range_years(m: re.Match[str], anchor: date | None, tense: str | None) -> Resolution | None:
    first = int(m["y1"])
    if len(m["y2"]) == 2 and not re.fullmatch(
        r"\s*[-\u2013\u2014]\s*", m.string[m.end("y1") : m.start("y2")]
    ):
        return None  # "2030 to 32 percent": a short second year only after a dash (1995-97)
    last = _year_of(m["y2"], first)
    return year(first, last) if last > first else None


def _month_year(m: re.Match[str], anchor: date | None, tense: str | None) -> Resolution | None:
    return month(int(m["y"]), month_number(m["m"]))


def _month_only(m: re.Match[str], anchor: date | None, tense: str | None) -> Resolution | None:
    """in March, last March, this March, next March, early March, March of next year."""
    if anchor is None:
        return unresolved("month")
    mon = month_number(m["m"])
    rel = (m["rel"] or "").lower().split()
    if m["yrel"]:
        return month(anchor.year + _rel_offset(m["yrel"]), mon)
    if rel[-1:] == ["past"] or rel == ["last"]:
        return month(anchor.year - (mon >= anchor.month), mon)
    if rel[-1:] == ["coming"] or rel == ["next"]:
        return month(anchor.year + (mon <= anchor.month), mon)
    if rel == ["this"]:
        return month(anchor.year, mon)
    back, ahead = (anchor.month - mon) % 12, (mon - anchor.month) % 12
    if tense == "future" or tense is None and 0 < 2 * ahead < back:
        return month(anchor.year + (mon < anchor.month), mon)
    return month(anchor.year - (mon > anchor.month), mon)


def _year_only(m: re.Match[str], anchor: date | None, tense: str | None) -> Resolution | None:
    return year(int(m["y"]))


def _decade(m: re.Match[str], anchor: date | None, tense: str | None) -> Resolution | None:
    start = int(m["dec"])
    return year(start, start + 9)


def _weekday(m: re.Match[str], anchor: date | None, tense: str | None) -> Resolution | None:
    """Friday, last Friday, this Friday, next Friday, Friday night, Monday of last week."""
    if anchor is None:
        return unresolved()
    wd = _weekday_num(m["wd"])
    assert wd is not None
    rel = " ".join((m["rel"] or "").lower().split())
    back = (anchor.weekday() - wd) % 7  # days back to the nearest such weekday (0 = today)
    ahead = (wd - anchor.weekday()) % 7
    monday = anchor - timedelta(days=anchor.weekday())
    if m["wrel"]:
        return day(monday + timedelta(days=7 * _rel_offset(m["wrel"]) + wd))
    if rel in ("last", "this past"):
        return day(anchor - timedelta(days=back or 7))
    if rel in ("next", "this coming"):
        return day(anchor + timedelta(days=ahead or 7))
    if rel == "this":
        return day(monday + timedelta(days=wd))
    if rel in ("the following", "the previous"):
        return None  # relative to another event in the story, not to publication
    if tense == "future" or rel == "later":
        return day(anchor + timedelta(days=ahead))
    return day(anchor - timedelta(days=back))


def _relative_day(m: re.Match[str], anchor: date | None, tense: str | None) -> Resolution | None:
    """today, tonight, this morning, yesterday, last night, the day before yesterday, ..."""
    if anchor is None:
        return unresolved()
    text = m.group(0).lower()
    if "yesterday" in text or "last night" in text:
        shift = -2 if "day before" in text else -1
    elif "tomorrow" in text:
        shift = 2 if "day after" in text else 1
    else:
        shift = 0
    return day(anchor + timedelta(days=shift))


def _weekend(anchor: date, rel: str, tense: str | None) -> Resolution:
    """Saturday and Sunday of the last/this/next ISO week; "the weekend" is the nearest.

    "the weekend" looks back to the weekend just gone, forwards when the clause is in the
    future; "this weekend" is the one of the publication week unless the clause is in the
    past ("told voters this weekend" in a Monday article).
    """
    saturday = anchor - timedelta(days=anchor.weekday()) + timedelta(days=5)
    if rel in ("last", "next") or rel == "this" and tense != "past":
        saturday += timedelta(days=7 * _rel_offset(rel))
    elif anchor.weekday() < 5 and rel in ("this past", "the", "this") and tense != "future":
        saturday -= timedelta(days=7)  # weekdays look back to the weekend just gone
    return days(saturday, saturday + timedelta(days=1))


def _relative_period(m: re.Match[str], anchor: date | None, tense: str | None) -> Resolution | None:
    """last week, this month, earlier this year, the weekend, the end of the year."""
    unit = m["unit"].lower()
    rel = " ".join(m["rel"].lower().split())
    gran = unit_granularity(unit)
    if rel == "the" and unit != "weekend" and not m["mod"]:
        return None  # "the week" alone is not a date
    if rel == "the" and unit != "weekend":
        rel = "this"  # the end of the year
    vague = rel in ("the past", "the last", "the coming", "the following", "the previous")
    if vague and unit == "weekend" and rel in ("the past", "the coming"):
        rel, vague = ("this past" if rel == "the past" else "this coming"), False
    if vague or unit in ("decade", "century") or anchor is None:
        return unresolved(gran)
    if unit == "weekend":
        if rel == "this coming":
            return _weekend(anchor, "the", "future")
        return _weekend(anchor, rel, tense)
    if rel in ("this past", "this coming"):
        return unresolved(gran)  # "this past week": the last seven days, not a calendar week
    shift = _rel_offset(rel)
    if unit == "week":
        return week(anchor + timedelta(days=7 * shift))
    if unit == "month":
        return month(anchor.year, anchor.month + shift)
    return year(anchor.year + shift)


def _ago(m: re.Match[str], anchor: date | None, tense: str | None) -> Resolution | None:
    """three days ago, a week ago, two years ago; "years ago", "more than a year ago" are vague."""
    unit = m["unit"].lower().rstrip("s")
    gran = unit_granularity(unit)
    count = number_value(m["n"])
    qualifier = " ".join((m["q"] or "").lower().split())
    if (
        anchor is None
        or count is None
        or qualifier in COMPARATIVE
        or gran == "year"
        and unit != "year"
    ):
        return unresolved(gran)
    if unit == "day":
        return day(anchor - timedelta(days=count))
    if unit == "week":
        return week(anchor - timedelta(days=7 * count))
    if unit == "month":
        return month(anchor.year, anchor.month - count)
    return year(anchor.year - count)


def _vague(m: re.Match[str], anchor: date | None, tense: str | None) -> Resolution | None:
    """recently, soon, in recent weeks, the past few days: a date, but not a day."""
    unit = re.search(r"(day|week|month|year|decade)", m.group(0).lower())
    return unresolved(unit_granularity(unit.group(1)) if unit else "day")


def _season(m: re.Match[str], anchor: date | None, tense: str | None) -> Resolution | None:
    # Seasons differ by hemisphere and by convention: say so rather than guess the months.
    return unresolved("month")


HANDLERS: dict[str, Handler] = {
    "iso": _iso,
    "dotted": _dotted,
    "slashed": _slashed,
    "range_md": _range_days,
    "between_md": _range_days,
    "range_dm": _range_days,
    "between_dm": _range_days,
    "range_years": _range_years,
    "between_years": _range_years,
    "month_day": _month_day,
    "day_month": _month_day,
    "month_year": _month_year,
    "month": _month_only,
    "decade": _decade,
    "year": _year_only,
    "weekday": _weekday,
    "relative_day": _relative_day,
    "relative_period": _relative_period,
    "ago": _ago,
    "vague": _vague,
    "season": _season,
}


@dataclass(frozen=True, slots=True)
class Pattern:
    """One kind of expression: its regex for running text, its regex for one expression."""

    kind: str
    finder: re.Pattern[str]
    exact: re.Pattern[str]
    handler: Handler
    priority: int

    @property
    def directional(self) -> bool:
        """Whether the tense of the sentence can change the reading (past or future)."""
        return self.kind in DIRECTIONAL


PATTERNS: tuple[Pattern, ...] = tuple(
    Pattern(kind, re.compile(src), re.compile(src, re.IGNORECASE), HANDLERS[kind], i)
    for i, (kind, src) in enumerate(SOURCES)
)


@dataclass(frozen=True, slots=True)
class Hit:
    """A date expression found in text: where, which pattern, and its default reading."""

    start: int
    end: int
    pattern: Pattern | None
    match: re.Match[str] | None
    resolution: Resolution


def match_expression(
    text: str, anchor: date | None, tense: str | None = None
) -> tuple[Pattern, re.Match[str], Resolution] | None:
    """The first pattern that reads all of ``text`` as a date, its match and its reading."""
    for pat in PATTERNS:
        m = pat.exact.fullmatch(text)
        if m:
            res = pat.handler(m, anchor, tense)
            if res is not None:
                return pat, m, res
    return None


_LEADING_PREP = re.compile(
    r"(?i)^(?:on|in|at|by|during|since|until|till|before|after|over|as of|throughout|from)\s+"
)


def normalise(expression: str) -> str:
    """Collapse spaces, unify apostrophes, drop a trailing possessive and punctuation."""
    text = " ".join(expression.replace("\u2019", "'").split())
    text = re.sub(r"(?:'s|')$", "", text)
    return text.rstrip(",;:!?")


def resolve(
    expression: str, published: date | datetime | str | None, *, tense: str | None = None
) -> Resolution:
    """Resolve one date expression against the publication date.

    ``tense`` ("past", "future" or None) is that of the clause the expression sits in: it
    decides which Friday "on Friday" is (see the module docstring). Unknown expressions and
    relative ones without a publication date come back unresolved.
    """
    if tense not in TENSES:
        raise ValueError(f"tense must be one of {TENSES}, not {tense!r}")
    anchor = parse_published(published)
    text = normalise(expression)
    for candidate in (text, _LEADING_PREP.sub("", text, count=1)):
        found = match_expression(candidate, anchor, tense)
        if found:
            return found[2]
    unit = re.search(r"(?i)\b(day|week|month|year|decade|centur)", text)
    return unresolved(unit_granularity(unit.group(1).lower()) if unit else "day")


def scan(text: str, anchor: date | None) -> list[Hit]:
    """Every date expression in ``text``, longest first where two overlap, in text order."""
    hits: list[Hit] = []
    windows = trigger_windows(text)
    for pat in PATTERNS:
        for start, end in windows.get(pat.kind, ()):
            for m in pat.finder.finditer(text, start, end):
                if pat.kind in NEEDS_CONTEXT and not context_ok(pat.kind, text, m):
                    continue
                res = pat.handler(m, anchor, None)
                if res is not None:
                    hits.append(Hit(m.start(), m.end(), pat, m, res))
    return drop_overlaps(hits)


_WORD = re.compile(r"[A-Za-z]+|\d+")
_SPACE_BEFORE = re.compile(r"\s")


def trigger_windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """For each kind, the merged stretches of ``text`` around its trigger words.

    A stretch starts and ends at whitespace (or the text's ends) so that a pattern run on
    it sees whole words and finds what it would have found on the whole text.
    """
    spans: dict[str, list[tuple[int, int]]] = {}
    size = len(text)
    for w in _WORD.finditer(text):
        word = w.group()
        if word.isdigit():
            kinds = YEAR_TRIGGER if len(word) == 4 and 1600 <= int(word) <= 2099 else ()
        else:
            kinds = TRIGGERS.get(word.lower(), ())
        if not kinds:
            continue
        lo = text.rfind(" ", 0, max(0, w.start() - REACH)) + 1
        hi = text.find(" ", min(size, w.end() + REACH))
        hi = size if hi < 0 else hi
        for kind in kinds:
            got = spans.setdefault(kind, [])
            if got and lo <= got[-1][1]:
                got[-1] = (got[-1][0], max(hi, got[-1][1]))
            else:
                got.append((lo, hi))
    return spans


def drop_overlaps(hits: list[Hit]) -> list[Hit]:
    """Keep the longest of overlapping hits (then the earlier pattern), in text order."""
    kept: list[Hit] = []
    order = sorted(
        hits, key=lambda h: (h.start - h.end, h.start, h.pattern.priority if h.pattern else 99)
    )
    for hit in order:
        if all(hit.end <= k.start or hit.start >= k.end for k in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)

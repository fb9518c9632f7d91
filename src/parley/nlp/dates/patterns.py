"""The grammar of date expressions: one regex source per kind, and the words they use.

Sources are written for running text: month and weekday names are capitalised literals
(so the verbs "may" and "march" are not months), every other word sits in a ``(?i:...)``
group. ``rules`` compiles each source twice: as is for finding, and case-insensitively for
reading a single expression. Kinds that would fire on ordinary words ("in March" but not
"March" the verb; "in 2019" but not "2019 votes") are confirmed by ``context_ok``.
"""

from __future__ import annotations

import re

FULL_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
MONTH = rf"(?:(?:{FULL_MONTHS})\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
# A day of the month; not the start of "25,000", "3.5" or "3:30".
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b(?![.,:]\d)"
YEAR = r"(?<![\d$£€.,])(?:1[6-9]\d\d|20\d\d)\b(?![.,:]\d)"
# Ranges: "16-19", "16 to 19"; "between 3 and 5".
CONN = r"(?:\s*[-\u2013\u2014]\s*|\s+(?i:to|through|thru|until|till)\s+)"
AND_CONN = r"(?:\s*[-\u2013]\s*|\s+(?i:and)\s+)"
FROM = r"(?:(?i:from)\s+)?"
BETWEEN = r"(?i:between)\s+"
# Words that narrow a month or year without changing which one it is: "early March".
MOD = (
    r"(?:(?P<mod>(?i:early|late|mid|earlier|later|the\s+(?:end|beginning|start|middle)\s+of"
    r"|(?:end|beginning|start|middle)\s+of))(?:\s+|-))?"
)
REL = r"(?i:last|this\s+past|this\s+coming|this|next)"
TIME_OF_DAY = r"(?:\s+(?i:morning|afternoon|evening|night)\b)?"
UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
NUMBER_WORDS = (
    rf"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-\s]{UNITS}\b)?"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|ten"
    rf"|{UNITS}"
)
COUNT = rf"(?:\d+|a\s+few|a\s+couple\s+of|a\s+couple|couple\s+of|few|several|many|some|a|an|{NUMBER_WORDS})"


def _range(first: str, second: str, lead: str, conn: str) -> str:
    return f"{lead}{first}{conn}{second}"


_MD_FIRST = rf"(?P<m1>{MONTH})\s+(?P<d1>{DAY})(?:,?\s+(?P<y1>{YEAR}))?"
_MD_SECOND = (
    rf"(?:(?P<m2>{MONTH})\s+)?(?P<d2>{DAY})(?!\s*(?:%|(?i:percent)))(?:,?\s+(?P<y2>{YEAR}))?"
)
_DM_FIRST = rf"(?<![\w.,/-])(?P<d1>{DAY})(?:\s+(?P<m1>{MONTH})(?:,?\s+(?P<y1>{YEAR}))?)?"
_DM_SECOND = rf"(?P<d2>{DAY})\s+(?:(?i:of)\s+)?(?P<m2>{MONTH})(?:,?\s+(?P<y2>{YEAR}))?"
_Y_FIRST = rf"(?P<y1>{YEAR})"
_Y_SECOND = r"(?P<y2>(?:1[6-9]|20)\d\d|\d\d)\b(?![.,:/-]\d)(?!\s*(?:%|(?i:percent)))"
_OF_YEAR = rf"(?:\s+(?i:of)\s+(?P<yrel>{REL})\s+(?i:year))"

#: (kind, regex source), most specific first: the order breaks ties between equal lengths.
SOURCES: tuple[tuple[str, str], ...] = (
    (
        "iso",
        r"(?<![\d./-])(?P<y>(?:1[6-9]|20)\d\d)-(?P<m>1[0-2]|0?[1-9])-(?P<d>[12]\d|3[01]|0?[1-9])(?![\d-])",
    ),
    (
        "dotted",
        r"(?<![\d.])(?P<d>[12]\d|3[01]|0?[1-9])\.(?P<m>1[0-2]|0?[1-9])\.(?P<y>(?:1[6-9]|20)\d\d)(?!\d|\.\d)",
    ),
    ("slashed", r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:1[6-9]|20)\d\d)(?![\d/])"),
    ("between_md", _range(_MD_FIRST, _MD_SECOND, BETWEEN, AND_CONN)),
    ("range_md", _range(_MD_FIRST, _MD_SECOND, FROM, CONN)),
    ("between_dm", _range(_DM_FIRST, _DM_SECOND, BETWEEN, AND_CONN)),
    ("range_dm", _range(_DM_FIRST, _DM_SECOND, FROM, CONN)),
    ("between_years", _range(_Y_FIRST, _Y_SECOND, BETWEEN, AND_CONN)),
    ("range_years", _range(_Y_FIRST, _Y_SECOND, FROM, CONN)),
    (
        "month_day",
        rf"(?:(?P<wd>{WEEKDAY}),?\s+)?(?P<m>{MONTH})\s+(?:(?i:the)\s+)?(?P<d>{DAY})"
        rf"(?:,?\s+(?P<y>{YEAR})|{_OF_YEAR})?",
    ),
    (
        "day_month",
        rf"(?:(?P<wd>{WEEKDAY}),?\s+)?(?:(?i:the)\s+)?(?<![\w.,/-])(?P<d>{DAY})(?:\s+(?i:of))?"
        rf"\s+(?P<m>{MONTH})(?:,?\s+(?P<y>{YEAR})|{_OF_YEAR})?",
    ),
    ("month_year", rf"{MOD}(?P<m>{MONTH}),?\s+(?:(?i:of)\s+)?(?P<y>{YEAR})"),
    ("month", rf"{MOD}(?:(?P<rel>{REL})\s+)?(?P<m>(?:{FULL_MONTHS})\b){_OF_YEAR}?"),
    (
        "decade",
        r"(?:(?i:the)\s+)?(?:(?P<mod>(?i:early|mid|late))[\s-]*)?(?P<dec>(?:1[6-9]|20)\d0)['\u2019]?s\b",
    ),
    ("year", rf"{MOD}(?P<the>(?i:the\s+year)\s+)?(?P<y>{YEAR})(?!\s*(?:%|(?i:percent)))"),
    (
        "weekday",
        r"(?:(?P<rel>(?i:last|this\s+past|this\s+coming|this|next|the\s+following|the\s+previous"
        r"|early\s+on|late\s+on|early|late|earlier|later|midnight))\s+)?"
        rf"(?P<wd>{WEEKDAY}){TIME_OF_DAY}(?:\s+(?i:of)\s+(?P<wrel>{REL})\s+(?i:week))?",
    ),
    (
        "relative_day",
        r"(?<![\w-])(?i:(?:the\s+day\s+(?:before|after)\s+)?(?:yesterday|today|tomorrow|tonight)"
        r"(?:\s+(?:morning|afternoon|evening|night))?|(?:earlier|later)\s+today"
        r"|(?:earlier|later)\s+in\s+the\s+day|this\s+(?:morning|afternoon|evening)|last\s+night)\b",
    ),
    (
        "relative_period",
        r"(?<![\w-])(?i:(?:(?P<mod>early|late|mid|earlier|later|the\s+(?:end|beginning|start|middle)\s+of"
        r"|(?:end|beginning|start|middle)\s+of)(?:\s+|-))?"
        r"(?P<rel>last|this\s+past|this\s+coming|this|next|the\s+past|the\s+last|the\s+coming"
        r"|the\s+following|the\s+previous|the)\s+(?P<unit>weekend|week|month|year|decade|century))\b",
    ),
    (
        "ago",
        r"(?<![\w-])(?i:(?:(?P<q>about|around|roughly|nearly|almost|some|just|only|exactly|more\s+than"
        r"|well\s+over|over|less\s+than|under|at\s+least|at\s+most|barely)\s+)?"
        rf"(?:(?P<n>{COUNT})\s+)?(?P<unit>days?|weeks?|months?|years?|decades?|centur(?:y|ies))\s+ago)\b",
    ),
    (
        "vague",
        r"(?<![\w-])(?i:recently|lately|(?<!as\s)soon(?!\s+(?:as|after|thereafter|afterwards?|enough)\b)"
        r"|recent\s+(?:days|weeks|months|years)"
        r"|the\s+(?:coming|next|past|last)\s+"
        rf"(?:(?:few|several|couple(?:\s+of)?|\d+|{NUMBER_WORDS})\s+)?(?:days|weeks|months|years|decades))\b",
    ),
    (
        "season",
        r"(?<![\w-])(?i:(?:(?P<rel>last|this\s+past|this\s+coming|this|next|early|late|mid)[\s-]+"
        r"|the\s+)?(?:spring|summer|fall|autumn|winter)\b)"
        rf"(?:\s+(?i:of)\s+(?P<y>{YEAR})|\s+(?P<y2>{YEAR}))?",
    ),
)

#: Kinds whose reading depends on the tense of the sentence ("on Friday" past or future).
DIRECTIONAL = frozenset(
    {
        "weekday",
        "month_day",
        "day_month",
        "month",
        "range_md",
        "range_dm",
        "between_md",
        "between_dm",
        "relative_period",
    }
)
#: Kinds that ``context_ok`` must confirm in running text.
NEEDS_CONTEXT = frozenset({"month", "year", "weekday", "relative_day", "season"})
#: Qualifiers of "... ago" that make it a bound, not a date ("more than a year ago").
COMPARATIVE = frozenset(
    {"more than", "well over", "over", "less than", "under", "at least", "at most"}
)
NAMED_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_NUMBERS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
        " fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if i > 1
}

_PREP_BEFORE = re.compile(
    r"(?:\b(?i:in|since|during|by|until|till|before|after|from|through|throughout|as\s+of|of\s+early|of\s+late)"
    rf"|(?:{FULL_MONTHS}),?\s+(?i:and|or|to|through|until))\s+$"
)
_NOT_A_DAY_BEFORE = re.compile(
    r"(?:Super|Black|Good|Cyber|Ash|Holy|Maundy|Easter|Bloody|Blue|Giving|Fat|Palm|Shrove|Man|Girl)\s+$"
)
_NOT_A_DAY_AFTER = re.compile(
    r"\s+(?:Times|Telegraph|Express|Mirror|Mail|Herald|Post|Tribune|Star|Independent|Night\s+Football|Morning\s+Joe)\b"
)
# "USA Today", "Russia Today", "the Today show": a capitalised word before a capitalised
# "Today" (not at a sentence start) makes it a name.
_NAME_BEFORE = re.compile(r"(?:\b[A-Z][\w.&-]*|\b[Tt]he)\s+$")
_SHOW_AFTER = re.compile(r"\s*(?:['\u2019]s\s+)?(?i:show|programme|program)\b")
_POSSESSIVE = re.compile(r"['\u2019]s\b")


def context_ok(kind: str, text: str, m: re.Match[str]) -> bool:
    """Whether a match of ``kind`` in running text is a date and not an ordinary word."""
    before = text[max(0, m.start() - 30) : m.start()]
    groups = m.groupdict()
    if kind == "month":
        if groups.get("rel") or groups.get("mod") or groups.get("yrel"):
            return True
        if m["m"] == "May" and (_POSSESSIVE.match(text, m.end()) or before.rstrip().endswith("by")):
            return False  # Theresa May's cabinet, backed by May
        return bool(_PREP_BEFORE.search(before))
    if kind == "year":
        return bool(groups.get("mod") or groups.get("the") or _PREP_BEFORE.search(before))
    if kind == "weekday":
        if groups.get("rel"):
            return True
        return not (_NOT_A_DAY_BEFORE.search(before) or _NOT_A_DAY_AFTER.match(text, m.end()))
    if kind == "relative_day":
        return not (
            m.group(0)[0] == "T" and _NAME_BEFORE.search(before) or _SHOW_AFTER.match(text, m.end())
        )
    if kind == "season":
        return bool(groups.get("rel") or groups.get("y") or groups.get("y2"))
    return True


def month_number(text: str) -> int:
    """1-12 from a month name or abbreviation ("Sept." -> 9)."""
    return _MONTHS.index(text.lower()[:3]) + 1


def number_value(text: str | None) -> int | None:
    """The count in "three days ago" (digits, words, "a"/"an"); None when vague ("a few")."""
    if not text:
        return None
    words = text.lower().replace("-", " ").split()
    if words[0].isdigit():
        return int(words[0])
    if words in (["a"], ["an"]):
        return 1
    if len(words) == 1 and words[0] in _NUMBERS:
        return _NUMBERS[words[0]]
    if words[0] in _TENS and (len(words) == 1 or words[1] in _NUMBERS):
        return _TENS[words[0]] + (_NUMBERS[words[1]] if len(words) > 1 else 0)
    return None


def unit_granularity(unit: str) -> str:
    """The granularity a time unit names ("weekend" is days; decades are years)."""
    unit = unit.lower()
    if unit.startswith("weekend") or unit.startswith("day"):
        return "day"
    for gran in ("week", "month"):
        if unit.startswith(gran):
            return gran
    return "year"


# --- triggers: the words without which a kind cannot match --------------------------------
# Running every pattern over a whole article costs more than spaCy's tagger; running each
# only in short windows around its trigger words costs a few per cent of that.

_MONTH_KINDS = (
    "between_md",
    "range_md",
    "between_dm",
    "range_dm",
    "month_day",
    "day_month",
    "month_year",
    "month",
)
_YEAR_KINDS = (
    "iso",
    "dotted",
    "slashed",
    "between_years",
    "range_years",
    "year",
    "decade",
    "season",
)
_TRIGGER_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "january february march april may june july august september october november december"
        " jan feb mar apr jun jul aug sep sept oct nov dec",
        _MONTH_KINDS,
    ),
    (
        "monday tuesday wednesday thursday friday saturday sunday",
        ("weekday", "month_day", "day_month"),
    ),
    ("today tonight tomorrow yesterday night morning afternoon evening day", ("relative_day",)),
    ("week weekend month year decade century", ("relative_period",)),
    ("ago", ("ago",)),
    ("recently lately soon recent days weeks months years decades", ("vague",)),
    ("spring summer fall autumn winter", ("season",)),
)
#: lower-cased word -> the kinds it can start or end
TRIGGERS: dict[str, tuple[str, ...]] = {}
for _words, _kinds in _TRIGGER_GROUPS:
    for _word in _words.split():
        TRIGGERS[_word] = TRIGGERS.get(_word, ()) + _kinds
#: a four-digit number in YEAR's range triggers these
YEAR_TRIGGER = _YEAR_KINDS
#: how far before and after its trigger word an expression can reach, in characters
REACH = 60

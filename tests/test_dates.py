"""Date expressions resolved against the publication date (parley.nlp.dates)."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from parley.errors import InputError
from parley.model import Article, DateRef
from parley.nlp.dates import Resolution, find_dates, parse_published, resolve, scan
from parley.nlp.pipeline import make_doc

MON = "2025-04-28"  # the seed article's publication date, a Monday

# (expression, published, expected value, end, granularity, resolved)
CASES = [
    # the seed article: weekdays before a Monday publication
    ("on Sunday", MON, "2025-04-27", None, "day", True),
    ("on Friday", MON, "2025-04-25", None, "day", True),
    ("on Wednesday", MON, "2025-04-23", None, "day", True),
    ("years ago", MON, None, None, "year", False),
    # weekdays: bare, last / this / next, time of day, of last week
    ("Friday", MON, "2025-04-25", None, "day", True),
    ("on Monday", MON, "2025-04-28", None, "day", True),
    ("last Monday", MON, "2025-04-21", None, "day", True),
    ("last Friday", MON, "2025-04-25", None, "day", True),
    ("this past Saturday", MON, "2025-04-26", None, "day", True),
    ("next Friday", MON, "2025-05-02", None, "day", True),
    ("next Monday", MON, "2025-05-05", None, "day", True),
    ("this Friday", MON, "2025-05-02", None, "day", True),
    ("this coming Tuesday", MON, "2025-04-29", None, "day", True),
    ("Friday night", MON, "2025-04-25", None, "day", True),
    ("late Sunday evening", MON, "2025-04-27", None, "day", True),
    ("earlier Monday", MON, "2025-04-28", None, "day", True),
    ("Monday of last week", MON, "2025-04-21", None, "day", True),
    ("Thursday", "2025-04-24", "2025-04-24", None, "day", True),
    ("Friday", "2025-04-24", "2025-04-18", None, "day", True),
    ("Sunday", "2025-01-01", "2024-12-29", None, "day", True),
    ("the following Monday", MON, None, None, "day", False),
    # relative days
    ("today", MON, "2025-04-28", None, "day", True),
    ("tonight", MON, "2025-04-28", None, "day", True),
    ("this morning", MON, "2025-04-28", None, "day", True),
    ("yesterday", MON, "2025-04-27", None, "day", True),
    ("yesterday afternoon", MON, "2025-04-27", None, "day", True),
    ("last night", MON, "2025-04-27", None, "day", True),
    ("the day before yesterday", MON, "2025-04-26", None, "day", True),
    ("tomorrow", MON, "2025-04-29", None, "day", True),
    ("tomorrow afternoon", MON, "2025-04-29", None, "day", True),
    ("the day after tomorrow", MON, "2025-04-30", None, "day", True),
    ("yesterday", "2024-03-01", "2024-02-29", None, "day", True),
    ("yesterday", "2025-01-01", "2024-12-31", None, "day", True),
    # weeks (ISO: Monday to Sunday), weekends
    ("last week", MON, "2025-04-21", "2025-04-27", "week", True),
    ("this week", MON, "2025-04-28", "2025-05-04", "week", True),
    ("earlier this week", "2025-04-30", "2025-04-28", "2025-05-04", "week", True),
    ("next week", MON, "2025-05-05", "2025-05-11", "week", True),
    ("last week", "2025-01-02", "2024-12-23", "2024-12-29", "week", True),
    ("late last week", "2026-01-01", "2025-12-22", "2025-12-28", "week", True),
    ("the weekend", MON, "2025-04-26", "2025-04-27", "day", True),
    ("over the weekend", "2025-04-26", "2025-04-26", "2025-04-27", "day", True),
    ("last weekend", MON, "2025-04-26", "2025-04-27", "day", True),
    ("this weekend", "2025-04-30", "2025-05-03", "2025-05-04", "day", True),
    ("next weekend", "2025-04-30", "2025-05-10", "2025-05-11", "day", True),
    ("the past week", MON, None, None, "week", False),
    ("this past week", MON, None, None, "week", False),
    # months and years relative to publication
    ("last month", MON, "2025-03-01", "2025-03-31", "month", True),
    ("this month", MON, "2025-04-01", "2025-04-30", "month", True),
    ("earlier this month", MON, "2025-04-01", "2025-04-30", "month", True),
    ("next month", "2025-12-15", "2026-01-01", "2026-01-31", "month", True),
    ("last month", "2025-01-10", "2024-12-01", "2024-12-31", "month", True),
    ("the end of last month", "2024-03-10", "2024-02-01", "2024-02-29", "month", True),
    ("last year", MON, "2024-01-01", "2024-12-31", "year", True),
    ("this year", MON, "2025-01-01", "2025-12-31", "year", True),
    ("earlier this year", MON, "2025-01-01", "2025-12-31", "year", True),
    ("next year", MON, "2026-01-01", "2026-12-31", "year", True),
    ("the end of the year", MON, "2025-01-01", "2025-12-31", "year", True),
    ("the past decade", MON, None, None, "year", False),
    # named months: the nearest, leaning to the past
    ("in March", MON, "2025-03-01", "2025-03-31", "month", True),
    ("in April", MON, "2025-04-01", "2025-04-30", "month", True),
    ("in December", MON, "2024-12-01", "2024-12-31", "month", True),
    ("in May", MON, "2025-05-01", "2025-05-31", "month", True),
    ("in November", "2016-09-08", "2016-11-01", "2016-11-30", "month", True),
    ("in July", "2016-10-05", "2016-07-01", "2016-07-31", "month", True),
    ("in January", "2016-09-29", "2016-01-01", "2016-01-31", "month", True),
    ("last March", MON, "2025-03-01", "2025-03-31", "month", True),
    ("last April", MON, "2024-04-01", "2024-04-30", "month", True),
    ("next March", MON, "2026-03-01", "2026-03-31", "month", True),
    ("this June", MON, "2025-06-01", "2025-06-30", "month", True),
    ("early March", MON, "2025-03-01", "2025-03-31", "month", True),
    ("mid-February", "2024-03-05", "2024-02-01", "2024-02-29", "month", True),
    ("March of next year", "2016-09-18", "2017-03-01", "2017-03-31", "month", True),
    # month-day without a year: nearest, leaning to the past
    ("on April 25", MON, "2025-04-25", None, "day", True),
    ("April 25", MON, "2025-04-25", None, "day", True),
    ("25 April", MON, "2025-04-25", None, "day", True),
    ("the 25th of April", MON, "2025-04-25", None, "day", True),
    ("April 25th", MON, "2025-04-25", None, "day", True),
    ("Apr. 25", MON, "2025-04-25", None, "day", True),
    ("on December 30", "2025-01-02", "2024-12-30", None, "day", True),
    ("January 3", "2024-12-30", "2025-01-03", None, "day", True),
    ("Nov. 8", "2016-09-27", "2016-11-08", None, "day", True),
    ("Sept. 11", "2016-09-12", "2016-09-11", None, "day", True),
    ("March 1", "2025-09-15", "2025-03-01", None, "day", True),
    ("June 16th of last year", "2016-10-02", "2015-06-16", None, "day", True),
    ("Friday, April 25", MON, "2025-04-25", None, "day", True),
    ("Friday, April 26", MON, "2024-04-26", None, "day", True),
    # leap years
    ("February 29", "2024-03-05", "2024-02-29", None, "day", True),
    ("February 29", "2025-03-01", "2024-02-29", None, "day", True),
    ("February 29, 2024", None, "2024-02-29", None, "day", True),
    ("February 29, 2025", MON, None, None, "day", False),
    ("29.02.2024", None, "2024-02-29", None, "day", True),
    ("April 31", MON, None, None, "day", False),
    ("last month", "2024-03-31", "2024-02-01", "2024-02-29", "month", True),
    ("three months ago", "2024-05-31", "2024-02-01", "2024-02-29", "month", True),
    # explicit dates
    ("April 25, 2025", None, "2025-04-25", None, "day", True),
    ("25 April 2025", None, "2025-04-25", None, "day", True),
    ("Friday, April 25, 2025", None, "2025-04-25", None, "day", True),
    ("Nov. 11, 2014", MON, "2014-11-11", None, "day", True),
    ("2025-04-25", None, "2025-04-25", None, "day", True),
    ("25.04.2025", None, "2025-04-25", None, "day", True),
    ("25/04/2025", None, "2025-04-25", None, "day", True),
    ("04/25/2025", None, "2025-04-25", None, "day", True),
    ("04/05/2025", None, None, None, "day", False),
    ("March 2024", None, "2024-03-01", "2024-03-31", "month", True),
    ("March of 2024", None, "2024-03-01", "2024-03-31", "month", True),
    ("late September 2016", None, "2016-09-01", "2016-09-30", "month", True),
    ("Feb. 2023", None, "2023-02-01", "2023-02-28", "month", True),
    ("in 2019", None, "2019-01-01", "2019-12-31", "year", True),
    ("2019", MON, "2019-01-01", "2019-12-31", "year", True),
    ("late 2014", None, "2014-01-01", "2014-12-31", "year", True),
    ("the year 2000", None, "2000-01-01", "2000-12-31", "year", True),
    ("the 1990s", None, "1990-01-01", "1999-12-31", "year", True),
    ("the mid-1990s", None, "1990-01-01", "1999-12-31", "year", True),
    # ranges
    ("September 16-19", "2016-09-20", "2016-09-16", "2016-09-19", "day", True),
    ("16-19 September", "2016-09-20", "2016-09-16", "2016-09-19", "day", True),
    ("March 3\u20135", MON, "2025-03-03", "2025-03-05", "day", True),
    ("from March 3 to March 5", MON, "2025-03-03", "2025-03-05", "day", True),
    ("from March 3 to 5", MON, "2025-03-03", "2025-03-05", "day", True),
    ("between 3 and 5 March", MON, "2025-03-03", "2025-03-05", "day", True),
    ("between March 3 and 5", MON, "2025-03-03", "2025-03-05", "day", True),
    ("Sept. 19 to 22", "2016-09-25", "2016-09-19", "2016-09-22", "day", True),
    ("March 30-April 2", MON, "2025-03-30", "2025-04-02", "day", True),
    ("30 March - 2 April 2025", None, "2025-03-30", "2025-04-02", "day", True),
    ("December 30 - January 2", "2025-01-05", "2024-12-30", "2025-01-02", "day", True),
    ("September 16-19, 2016", None, "2016-09-16", "2016-09-19", "day", True),
    ("between January 1 and September 26", "2016-09-29", "2016-01-01", "2016-09-26", "day", True),
    ("from 1995 to 1997", None, "1995-01-01", "1997-12-31", "year", True),
    ("2016-17", None, "2016-01-01", "2017-12-31", "year", True),
    # "... ago"
    ("two days ago", MON, "2025-04-26", None, "day", True),
    ("3 days ago", MON, "2025-04-25", None, "day", True),
    ("a week ago", MON, "2025-04-21", "2025-04-27", "week", True),
    ("three weeks ago", MON, "2025-04-07", "2025-04-13", "week", True),
    ("a month ago", MON, "2025-03-01", "2025-03-31", "month", True),
    ("two years ago", MON, "2023-01-01", "2023-12-31", "year", True),
    ("Twenty-two years ago", "2016-10-04", "1994-01-01", "1994-12-31", "year", True),
    ("about a year ago", MON, "2024-01-01", "2024-12-31", "year", True),
    ("more than a year ago", MON, None, None, "year", False),
    ("a few days ago", MON, None, None, "day", False),
    ("several weeks ago", MON, None, None, "week", False),
    ("decades ago", MON, None, None, "year", False),
    # vague: a date, but no day
    ("recently", MON, None, None, "day", False),
    ("soon", MON, None, None, "day", False),
    ("in recent weeks", MON, None, None, "week", False),
    ("the coming days", MON, None, None, "day", False),
    ("last summer", MON, None, None, "month", False),
    ("the summer of 2010", MON, None, None, "month", False),
    ("some time", MON, None, None, "day", False),
    # no publication date: absolute dates resolve, relative ones never guess
    ("on Friday", None, None, None, "day", False),
    ("yesterday", None, None, None, "day", False),
    ("last week", None, None, None, "week", False),
    ("in March", None, None, None, "month", False),
    ("April 25", None, None, None, "day", False),
    ("September 16-19", None, None, None, "day", False),
    ("two days ago", None, None, None, "day", False),
]


@pytest.mark.parametrize(("expression", "published", "value", "end", "granularity", "resolved"), CASES)
def test_resolve(expression, published, value, end, granularity, resolved):
    assert resolve(expression, published) == Resolution(value, end, granularity, resolved)


# (expression, published, tense, expected value): the clause's tense sets the direction
TENSE_CASES = [
    ("Friday", MON, "future", "2025-05-02"),
    ("Friday", MON, "past", "2025-04-25"),
    ("Monday", MON, "future", "2025-04-28"),
    ("Wednesday", "2025-04-24", "future", "2025-04-30"),
    ("in March", MON, "future", "2026-03-01"),
    ("in May", MON, "past", "2024-05-01"),
    ("April 30", MON, "past", "2024-04-30"),
    ("April 20", MON, "future", "2026-04-20"),
    ("Nov. 8", "2016-09-27", "past", "2015-11-08"),
    ("the weekend", "2025-04-30", "future", "2025-05-03"),
    ("this weekend", MON, "past", "2025-04-26"),
    ("this weekend", MON, None, "2025-05-03"),
    ("last Friday", MON, "future", "2025-04-25"),
    ("next Friday", MON, "past", "2025-05-02"),
]


@pytest.mark.parametrize(("expression", "published", "tense", "value"), TENSE_CASES)
def test_resolve_follows_the_tense(expression, published, tense, value):
    assert resolve(expression, published, tense=tense).value == value


def test_resolve_rejects_an_unknown_tense():
    with pytest.raises(ValueError, match="tense"):
        resolve("Friday", MON, tense="pluperfect")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-04-28", date(2025, 4, 28)),
        ("2025-04-28T09:30:00+02:00", date(2025, 4, 28)),
        (" 2025-04-28 ", date(2025, 4, 28)),
        (date(2024, 2, 29), date(2024, 2, 29)),
        (datetime(2024, 2, 29, 23, 59), date(2024, 2, 29)),
        (None, None),
        ("", None),
    ],
)
def test_parse_published(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize("value", ["28/04/2025", "yesterday", "2025-02-30", "2025"])
def test_parse_published_rejects_what_is_not_an_iso_date(value):
    with pytest.raises(InputError, match="not an ISO date"):
        parse_published(value)


def test_a_bad_publication_date_fails_resolve_with_parleys_error():
    with pytest.raises(InputError):
        resolve("Friday", "April 28")


# (text, expected expression spans found in it): what counts as a date in running text
SCAN_CASES = [
    ("They met on Friday in Geneva.", ["Friday"]),
    ("They met last Friday.", ["last Friday"]),
    ("The talks ended the day before yesterday.", ["the day before yesterday"]),
    ("Talks resume over the weekend.", ["the weekend"]),
    ("It was signed in March 2024 in Oslo.", ["March 2024"]),
    ("The summit ran from March 3 to March 5 in Lisbon.", ["from March 3 to March 5"]),
    ("The summit ran between 3 and 5 March.", ["between 3 and 5 March"]),
    ("It was held September 16-19, using a panel.", ["September 16-19"]),
    ("The accord dates from 2019 and was renewed in 2023.", ["2019", "2023"]),
    ("He sent the letter two days ago.", ["two days ago"]),
    ("It happened years ago.", ["years ago"]),
    ("On 2025-04-25 and on 25.04.2025 too.", ["2025-04-25", "25.04.2025"]),
    ("The accord of Friday, April 25, 2025 stands.", ["Friday, April 25, 2025"]),
    ("She spoke in the 1990s.", ["the 1990s"]),
    # words that look like dates but are not
    ("Ministers may march on the capital.", []),
    ("The government of Theresa May's cabinet met.", []),
    ("Super Tuesday and Black Friday were busy.", []),
    ("He told USA Today and Russia Today.", []),
    ("She watched the Today show.", []),
    ("The party won 2019 votes and 1999 seats.", []),
    ("Call me as soon as you land.", []),
    ("It fell 2030 to 32 percent.", []),
    ("Mar-a-Lago hosted the dinner.", []),
]


@pytest.mark.parametrize(("text", "expected"), SCAN_CASES)
def test_scan_finds_date_expressions_in_running_text(text, expected):
    hits = scan(text, date(2025, 4, 28))
    assert [text[h.start : h.end] for h in hits] == expected


def test_find_dates_on_text_gives_exact_offsets():
    text = "Envoy Ilsa Varga arrived on Friday. Talks ended yesterday; more are due next week."
    refs = find_dates(text, MON)
    assert [(r.expression.text, r.value, r.end, r.granularity) for r in refs] == [
        ("Friday", "2025-04-25", None, "day"),
        ("yesterday", "2025-04-27", None, "day"),
        ("next week", "2025-05-05", "2025-05-11", "week"),
    ]
    for ref in refs:
        assert text[ref.expression.start : ref.expression.end] == ref.expression.text


def test_find_dates_skips_ranges():
    text = "Talks ended on Friday.\nPosted on Monday by the desk."
    skip = [(text.index("Posted"), len(text))]
    assert [r.expression.text for r in find_dates(text, MON, skip=skip)] == ["Friday"]


def test_find_dates_without_publication_date_never_guesses():
    text = "Talks ended on Friday, after the accord of April 25, 2025."
    refs = find_dates(text, None)
    assert [(r.expression.text, r.value, r.resolved) for r in refs] == [
        ("Friday", None, False),
        ("April 25, 2025", "2025-04-25", True),
    ]


# --- the spaCy component -----------------------------------------------------------------


def _analyse(nlp, text: str, published: str | None, boilerplate=()):
    article = Article("t", text, published=published, boilerplate=list(boilerplate))
    return nlp(make_doc(nlp, article))


def _found(doc) -> list[tuple[str, str | None]]:
    return [(d["expression"]["text"], d["value"]) for d in doc._.parley_dates]


# (sentence, published, expected (expression, value) pairs): the component on parsed text
COMPONENT_CASES = [
    (
        "Foreign Minister Adela Morcos met the envoy on Friday in Valdora.",
        MON,
        [("Friday", "2025-04-25")],
    ),
    (
        "Foreign Minister Adela Morcos will meet the envoy on Friday in Valdora.",
        MON,
        [("Friday", "2025-05-02")],
    ),
    (
        "The vote is scheduled for Thursday, officials in Kestrel said.",
        MON,
        [("Thursday", "2025-05-01")],
    ),
    (
        "Premier Oskar Lind is meeting union leaders on Wednesday.",
        MON,
        [("Wednesday", "2025-04-30")],
    ),
    (
        "Premier Oskar Lind met union leaders on Wednesday.",
        MON,
        [("Wednesday", "2025-04-23")],
    ),
    (
        "The harbour talks, held September 16-19 in Port Amsel, failed.",
        "2024-09-25",
        [("September 16-19", "2024-09-16")],
    ),
    (
        "The ceasefire has held since April 1, the mediator said.",
        "2025-03-20",
        [("April 1", "2024-04-01")],
    ),
    (
        "Nobody expects the Nov. 8 election to settle the dispute.",
        "2024-09-27",
        [("Nov. 8", "2024-11-08")],
    ),
    (
        "The treaty was signed in 2012 and amended two years ago.",
        MON,
        [("2012", "2012-01-01"), ("two years ago", "2023-01-01")],
    ),
    (
        "Critics of Monday's debate said the minister was 40 years old and spoke for six weeks.",
        "2025-04-30",
        [("Monday", "2025-04-28")],
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), COMPONENT_CASES)
def test_component_finds_and_resolves(nlp, text, published, expected):
    doc = _analyse(nlp, text, published)
    assert _found(doc) == expected
    for ref in doc._.parley_dates:
        span = ref["expression"]
        assert doc.text[span["start"] : span["end"]] == span["text"]


def test_component_writes_daterefs_as_plain_json(nlp):
    doc = _analyse(nlp, "Talks resumed last week and will end next Tuesday.", MON)
    data = json.loads(json.dumps(doc._.parley_dates))
    refs = [DateRef.from_json(d) for d in data]
    assert [(r.expression.text, r.value, r.end, r.granularity, r.resolved) for r in refs] == [
        ("last week", "2025-04-21", "2025-04-27", "week", True),
        ("next Tuesday", "2025-04-29", None, "day", True),
    ]


def test_component_skips_boilerplate(nlp):
    text = (
        "The envoy Rina Hollis arrived on Sunday.\n"
        "Subscribe on Monday to get the latest posts sent to your email.\n"
        "Talks broke down on Tuesday."
    )
    doc = _analyse(nlp, text, MON)
    assert doc._.parley_boilerplate  # found by the boilerplate component
    assert _found(doc) == [("Sunday", "2025-04-27"), ("Tuesday", "2025-04-22")]


def test_component_skips_boilerplate_known_from_ingest(nlp):
    text = "Talks ended on Friday. Filed on Saturday by our desk."
    tail = text.index("Filed")
    doc = _analyse(nlp, text, MON, boilerplate=[(tail, len(text))])
    assert _found(doc) == [("Friday", "2025-04-25")]


@pytest.mark.parametrize("published", [None, "not a date"])
def test_component_leaves_relative_dates_unresolved_without_a_good_anchor(nlp, published):
    doc = _analyse(nlp, "The envoy left yesterday; the pact of 3 May 2021 stands.", published)
    assert [(d["expression"]["text"], d["value"], d["resolved"]) for d in doc._.parley_dates] == [
        ("yesterday", None, False),
        ("3 May 2021", "2021-05-03", True),
    ]


def test_component_is_deterministic(nlp):
    text = "On Friday the envoy met the premier; last month they spoke twice."
    first = _analyse(nlp, text, MON)._.parley_dates
    assert _analyse(nlp, text, MON)._.parley_dates == first
    assert len(first) == 2


def test_seed_article_dates(nlp, seed_dir):
    gold = json.loads((seed_dir / "gold.json").read_text("utf-8"))
    text = (seed_dir / "article.txt").read_text("utf-8")
    doc = _analyse(nlp, text, gold["published"])
    found = {(d["expression"]["text"], d["value"]) for d in doc._.parley_dates}
    wanted = {e["date"] for e in gold["events"] if e["date"]}
    assert wanted <= {value for _, value in found}
    assert ("years ago", None) in found
    assert {"Sunday", "Friday", "Wednesday"} <= {text for text, _ in found}

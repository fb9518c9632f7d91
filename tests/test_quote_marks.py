"""The quotation-mark scanner: which passages are quoted, marks excluded."""

import pytest

from parley.nlp.quotes.marks import DOUBLE, GUILLEMET, SINGLE, find_quoted


def inner(text: str) -> list[str]:
    return [" | ".join(text[s:e] for s, e in q.segments) for q in find_quoted(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She said “We will go.”", ["We will go."]),
        ('He said "We will go."', ["We will go."]),
        ("He said ‘No, you are wrong.’", ["No, you are wrong."]),
        ("Moscow’s ‘balance of interests’ and the parties’ views", ["balance of interests"]),
        ("It's Varga's plan, 'not ours,' she said.", ["not ours,"]),
        ("rock ’n’ roll and ‘90s music", []),
        ("He said «Non» and ‹ja›.", ["Non", "ja"]),
        ("Kastanova replied: »Our answer has not changed.«", ["Our answer has not changed."]),
        ("“The ‘peace plan’ is dead,” she said.", ["The ‘peace plan’ is dead,"]),
        ("“First we talk.\n“Then we sign,” he said.", ["First we talk. | Then we sign,"]),
        ("“We are ready,” she said, “but not at any price.”", ["We are ready,", "but not at any price."]),
        ("He said “never closes\nNext paragraph.", []),
        ("He said “this never closes at all\nNext paragraph.", ["this never closes at all"]),
        ("5 o'clock and the dogs' bowls", []),
    ],
)
def test_quoted_passages(text, expected):
    assert inner(text) == expected


def test_families_and_offsets():
    text = "“One,” ‘two’ «three»"
    found = find_quoted(text)
    assert [q.family for q in found] == [DOUBLE, SINGLE, GUILLEMET]
    for q in found:
        assert text[q.open_at] in "“‘«"
        assert q.close_at is not None and text[q.close_at] in "”’»"
        assert q.start == q.open_at + 1 and q.end == q.close_at


def test_long_text_is_linear_enough():
    text = "“Yes,” she said. " * 20000
    assert len(find_quoted(text)) == 20000

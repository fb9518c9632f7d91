"""Speakers (from a real report on inter-Korean talks, invented text): "X was quoted by an
agency as saying" is X's; "Kim" after two people whose names open with Kim is the one in
focus; an unnamed "senior presidential official" (and "the official" after) is nobody named,
not the president."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import analyze_articles

TEXT = (
    "Talks rejected\n\n"
    "The North is not interested in any proposal from the South and will not sit down for "
    "dialogue, Kim Sol Hwa, the powerful sister of leader Kim Song Il, said Monday.\n\n"
    "“We are not interested in any policy or proposal put forward by the South,” Kim added.\n\n"
    "Kim accused the administration of Southern President Lee Dong-chan of a hostile approach.\n\n"
    "The South responded after the North rejected its proposal to resume dialogue.\n\n"
    "\"We have witnessed the high wall of distrust,\" a senior presidential official was "
    "quoted by the Hanam News Agency as saying Monday.\n\n"
    "\"The government will consistently take necessary actions, in line with the Lee Dong-chan "
    "administration's firm principle of peace,\" the official added."
)


def _analysis(nlp):
    return next(analyze_articles([Article("t", TEXT, published="2025-07-28")], nlp))


def test_quoted_as_saying_is_the_subject_s(nlp):
    quotes = {q.content.text[:20]: q for q in _analysis(nlp).quotes}
    q = quotes["We have witnessed th"]
    assert q.speaker.mention.text == "a senior presidential official", q.speaker


def test_a_family_name_written_first_is_the_person_in_focus(nlp):
    quotes = {q.content.text[:20]: q.speaker.name for q in _analysis(nlp).quotes}
    assert quotes.get("We are not intereste") == "Kim Sol Hwa", quotes


def test_the_official_repeats_the_unnamed_one(nlp):
    quotes = {q.content.text[:20]: q.speaker.name for q in _analysis(nlp).quotes}
    assert quotes.get("The government will ") == "", quotes

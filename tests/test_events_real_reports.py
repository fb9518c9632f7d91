"""Events from phrasings met in real agency reports (sentences invented): places named by an
apposition to a settlement noun, calls told as "discussed X in a call"."""

from __future__ import annotations

import pytest

from events_support import occurrences
from parley.model import Article
from parley.nlp.pipeline import make_doc


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "The foreign ministers of Armenia and Azerbaijan met in the U.S. capital "
            "Washington on Monday, the State Department said.",
            "Washington",
        ),
        (
            "Envoys of Chad and Niger held talks in the Qatari capital Doha on Tuesday.",
            "Doha",
        ),
    ],
)
def test_the_named_city_is_the_place_not_the_country_before_it(nlp, text, place):
    found = [e for e in occurrences(nlp, text) if e["kind"] in ("meeting", "talks")]
    assert found, text
    assert found[0]["place"] == place


def test_a_settlement_noun_without_a_name_keeps_the_older_reading(nlp):
    # "in the Kenyan capital": the capital of the country named before it
    text = "Delegations of Chad and Niger met in the Kenyan capital on Friday."
    found = [e for e in occurrences(nlp, text) if e["kind"] in ("meeting", "talks")]
    assert found and found[0]["place"] == "Nairobi"


def test_leaders_discussing_something_in_a_phone_call_is_a_call(nlp):
    text = (
        "In a call on Tuesday, President Olan Brisk and Prime Minister Tarja Velm discussed "
        "efforts to extend the truce, the presidency said."
    )
    calls = [e for e in occurrences(nlp, text) if e["kind"] == "call"]
    assert len(calls) == 1
    names = " ".join(calls[0]["actors"] + calls[0]["recipients"])
    assert "Brisk" in names and "Velm" in names


def test_a_call_for_something_is_no_phone_call(nlp):
    text = "The two ministers discussed the crisis in a call for restraint on Monday."
    assert not [e for e in occurrences(nlp, text) if e["kind"] == "call"]


@pytest.mark.parametrize(
    "text",
    [
        "Velmaria's Iran-aligned Houthi movement has engaged in Oman-mediated talks with "
        "international parties, a spokesman said on Saturday.",
        "Lebanon's Hezbollah movement held talks with Qatari mediators in Doha on Monday.",
    ],
)
def test_a_group_named_with_its_country_is_the_side_not_the_country(nlp, text):
    talks = [e for e in occurrences(nlp, text) if e["kind"] in ("talks", "meeting")]
    assert talks
    sides = talks[0]["actors"] + talks[0]["recipients"]
    assert not {"Velmaria", "Lebanon"} & set(sides), sides
    assert any(s in ("Houthis", "Hezbollah") for s in sides), sides


def test_two_states_possessing_their_bodies_are_both_sides(nlp):
    text = "Sudan's army and Egypt's foreign ministry held talks in Cairo on Monday."
    (talks,) = [e for e in occurrences(nlp, text) if e["kind"] == "talks"]
    assert any("Sudan" in s for s in talks["actors"]) and "Egypt" in talks["actors"]


@pytest.mark.parametrize(
    "text",
    [
        "Armenia and Azerbaijan agreed to restore diplomatic ties.",  # NER tags Armenia ORG here
        "Saudi Arabia and Iran agreed to re-establish ties in a deal brokered by China.",
    ],
)
def test_every_state_of_a_joined_subject_is_a_party(nlp, text):
    doc = nlp(make_doc(nlp, Article("t", text, published="2025-06-05")))
    (agreement,) = [e for e in doc._.parley_events if e["kind"] == "agreement"]
    assert len(agreement["actors"]) == 2, agreement["actors"]

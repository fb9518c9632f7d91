"""Event places named by an apposition to a settlement noun ("the U.S. capital Washington")."""

from __future__ import annotations

import pytest

from events_support import occurrences


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

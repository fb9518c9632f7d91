"""The actor layer, round 9 (coordinator's fixes from reading real wire copy): an unnamed
official described by a named group speaks for that group, not for a plural "officials"
met earlier.

Every person and group here is invented."""

from __future__ import annotations

from actors_support import analyse as _analyse
from actors_support import speaker as _speaker


def test_a_group_official_speaks_for_the_group_not_for_earlier_officials(nlp):
    a = _analyse(
        nlp,
        "Officials from the Velmar Front and the government said a truce was close.\n\n"
        "But a senior Velmar Front official told Wire on Monday that the movement had not "
        "yet answered the proposal.",
    )
    assert _speaker(a, "had not yet answered") == "Velmar Front"
    assert _speaker(a, "a truce was close") != "Velmar Front"


def test_an_unnamed_official_of_a_state_still_speaks_for_the_state(nlp):
    a = _analyse(
        nlp,
        "Officials in the region said the talks would resume.\n\n"
        "An Egyptian official told Wire on Monday that the delegations would arrive in Cairo.",
    )
    assert _speaker(a, "delegations would arrive") == "Egypt"

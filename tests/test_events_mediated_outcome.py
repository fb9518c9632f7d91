"""Events: the go-between whose efforts brought an occurrence about mediated it (invented text)."""

from __future__ import annotations

import pytest

from events_support import occurrences


@pytest.mark.parametrize(("text", "mediator"), [
    ("Malta on Tuesday announced that its mediatory efforts led to a ceasefire between "
     "Chile and Peru.", "Malta"),
    ("Maltese mediation led to a ceasefire between Chile and Peru on Sunday.", "Malta"),
])
def test_efforts_that_led_to_a_ceasefire_make_their_maker_its_mediator(nlp, text, mediator):
    found = [e for e in occurrences(nlp, text) if e["kind"] == "ceasefire"]
    assert found and mediator in found[0]["mediators"], found
    assert mediator not in found[0]["actors"]


def test_a_side_s_own_efforts_without_mediation_mediate_nothing(nlp):
    text = "Chile said its military efforts led to a ceasefire with Peru on Sunday."
    found = [e for e in occurrences(nlp, text) if e["kind"] == "ceasefire"]
    assert all(not e["mediators"] for e in found), found

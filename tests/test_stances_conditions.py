"""Stances and conditions (parley.nlp.stances.hypothetical, targets.condition_of): a
position held under "provided (that) X", "on the condition that X", "but only if X" or
"but only after X" is conditional, with X as the condition; the words of another position's condition ("as long as the rebels pulled out",
"unless the rebels stopped blocking roads"), an act someone is accused of ("accused the
rebels of blocking roads") and the shutting of a road ("was blocking roads") are nobody's
position.

Every person, group and place here is invented."""

from __future__ import annotations

import pytest

from stances_support import by_actor, open_stances


@pytest.mark.parametrize(
    "sentence, condition",
    [
        (
            "Army spokesman Nabil Harouk said the army was ready for another truce, provided "
            "that the militia left the hospitals.",
            "the militia left the hospitals",
        ),
        (
            "Army spokesman Nabil Harouk said the army welcomed another truce but only if the "
            "militia stopped shelling the hospitals.",
            "the militia stopped shelling the hospitals",
        ),
        (
            "Army spokesman Nabil Harouk said the army supported a new truce on condition that "
            "the rebels withdrew from the towns.",
            "the rebels withdrew from the towns",
        ),
        (
            "Army spokesman Nabil Harouk said the army was open to another truce on the "
            "condition that the militia left the hospitals.",
            "the militia left the hospitals",
        ),
        (
            "Army spokesman Nabil Harouk said the army would accept another truce, but only "
            "after the militia left the hospitals.",
            "the militia left the hospitals",
        ),
        (
            "\u201cWe accept another truce provided the militia leaves the hospitals,\u201d "
            "army spokesman Nabil Harouk said.",
            "the militia leaves the hospitals",
        ),
    ],
)
def test_a_position_held_under_a_condition_is_conditional(nlp, sentence, condition):
    found = by_actor(open_stances(nlp, sentence), "Nabil Harouk")
    truce = [s for s in found if "truce" in s.proposition]
    assert truce, [(s.actor, s.proposition) for s in found]
    assert all(s.stance == "conditional" for s in truce), [(s.stance, s.condition) for s in truce]
    assert truce[0].condition == condition


def test_a_condition_said_after_the_reporting_verb_is_not_when_it_was_said(nlp):
    text = (
        "\u201cWe stand firmly against this plan,\u201d Lira Voss, a spokeswoman for the "
        "Orvan council, said before the delegation set off."
    )
    found = open_stances(nlp, text)
    assert all(s.condition is None for s in found), [(s.proposition, s.condition) for s in found]


@pytest.mark.parametrize(
    "sentence",
    [
        "Army spokesman Nabil Harouk said the army would agree to another truce as long as "
        "the Velmar Front pulled out of civilian homes.",
        "The army refused to resume talks unless the Velmar Liberation Front (VLF) stopped "
        "blocking roads into the capital.",
    ],
)
def test_the_words_of_a_condition_are_no_position(nlp, sentence):
    found = open_stances(nlp, sentence)
    for s in found:
        assert "roads" not in s.proposition and "pulled out" not in s.proposition, (
            s.actor, s.stance, s.proposition,
        )
        assert s.stance == "conditional", (s.actor, s.stance, s.proposition)


def test_an_act_someone_is_accused_of_is_no_position(nlp):
    text = "Harouk accused the rebels of blocking roads and looting markets in the capital."
    found = open_stances(nlp, text)
    assert not [s for s in found if "roads" in s.proposition], [
        (s.actor, s.stance, s.proposition) for s in found
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Army spokesman Nabil Harouk said the Velmar Liberation Front (VLF) was blocking roads "
        "and attacking villages.",
        "Army spokesman Nabil Harouk said the VLF had closed the bridge at Orvan.",
    ],
)
def test_shutting_a_road_is_no_position_on_the_road(nlp, sentence):
    found = open_stances(nlp, sentence)
    assert not [s for s in found if "road" in s.proposition or "bridge" in s.proposition], [
        (s.actor, s.stance, s.proposition) for s in found
    ]

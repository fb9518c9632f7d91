"""Positions stated in forms a real Kosovo-Serbia report used: a noun with a possessive
pronoun ("voiced his willingness to ...", "restated its opposition to ..."), whose pronoun is
the stating verb's subject (before, "his" was looked up as a holder of its own, found no one,
and the stance was lost), an onus ("it is up to X to ..."), and what a "This is ..." verdict points back at (the act,
never a person; a real Thailand-Cambodia report gave "the American leader"). Invented texts."""

from __future__ import annotations

import pytest

from stances_support import analysed

CASES = [
    ("President Dario Velk voiced his willingness to resume talks with Ostrava.",
     "Dario Velk", "support", "resume talks"),
    ("President Dario Velk also expressed his readiness to resume talks with Ostrava, despite "
     "the hard choices facing Morland, according to him.", "Dario Velk", "support", "resume talks"),
    ("The Morland council restated its opposition to the new border fence.",
     "Morland council", "oppose", "border fence"),
    ("Foreign Minister Ana Rusk reaffirmed her support for the ceasefire plan.",
     "Ana Rusk", "support", "ceasefire"),
]


@pytest.mark.parametrize(("sentence", "holder", "polarity", "target"), CASES)
def test_the_possessor_of_a_stated_position_is_the_subject(nlp, sentence, holder, polarity, target):
    result = analysed(nlp, "TARSK, June 2 -\n\n" + sentence)
    found = [(s.actor, s.stance) for s in result.stances if target in s.proposition.lower()]
    assert found == [(holder, polarity)]


def test_another_persons_possessive_on_a_welcome_is_not_changed(nlp):
    """Not a stating verb: "welcomed her readiness" keeps the rules it had (the welcomer)."""
    result = analysed(nlp, "TARSK, June 2 -\n\nMinister Ana Rusk met Dario Velk on Monday. "
                           "Velk welcomed her readiness to resume talks with Ostrava.")
    assert [(s.actor, s.stance) for s in result.stances if "talks" in s.proposition] == \
        [("Dario Velk", "support")]


def test_the_party_an_onus_is_up_to_is_not_what_it_must_do(nlp):
    """ "it is up to Kordic to set a date": the parse hangs "to Kordic" on "is" as if it were
    an infinitive; the demand is setting the date, not "Kordic"."""
    result = analysed(nlp, "TARSK, June 2 -\n\nPresident Dario Velk also spoke on Monday. He said "
                           "that it is up to Kordic to set a date for the meeting.")
    assert [s.proposition for s in result.stances] == ["set a date for the meeting"]


def _targets(nlp, text: str) -> list[tuple[str, str]]:
    return [(s.actor, s.proposition) for s in analysed(nlp, text).stances
            if s.target is not None and s.target.text == "This"]


def test_a_this_after_an_act_is_the_act_not_its_object(nlp):
    """ "agreed to halt attacks. 'This is positive news'": the news is the halt."""
    text = ("TARSK, June 2 -\n\nHun said Velk told him that Ostrava had also agreed to halt "
            "attacks.\n\n“This is positive news for the soldiers of both countries,” Hun said.")
    assert _targets(nlp, text) == [("Hun", "halt attacks")]


def test_a_this_never_points_back_at_a_person(nlp):
    """ "... after Velk spoke with the Tarskan leader. 'This is positive news'": not the
    leader."""
    text = ("TARSK, June 2 -\n\nOstrava agreed to a truce after Velk spoke with the Tarskan "
            "leader.\n\n“This is positive news for the soldiers of both countries,” Hun said.")
    found = _targets(nlp, text)
    assert found and all("leader" not in target for _, target in found)

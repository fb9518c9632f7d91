"""A position stated as a noun with a possessive pronoun ("voiced his willingness to ...",
"restated its opposition to ..."): the pronoun is the stating verb's subject, who holds it.
Before, "his" was looked up as a holder of its own, found no one, and the stance was lost.
Invented texts."""

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

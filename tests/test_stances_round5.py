"""Open-target stances, fifth round: target boundaries and what vague targets stand for
(invented text)."""

from __future__ import annotations

from stances_support import held_by as of
from stances_support import open_stances


def test_ready_with_its_infinitive_under_the_copula(nlp):
    text = 'Lorvania\'s foreign ministry said it was ready "to host the delegations for the whole round".'
    stances = open_stances(nlp, text)
    assert len(stances) == 1, "one position, not a second read off the inner verb"
    [s] = stances
    assert s.stance == "support" and s.cue.text == "ready"
    assert s.proposition.startswith("host the delegations")


def test_a_participle_kept_on_its_object(nlp):
    text = ("Varessa will keep the Ostrava grain protocol suspended after raiders burned two "
            "depots, Trade Minister Odile Marchetti said on Monday.")
    [s] = of(open_stances(nlp, text), "Marchetti")
    assert s.stance == "oppose"
    assert "Ostrava grain protocol" in s.proposition


def test_not_standing_by_while_something_happens_is_against_it(nlp):
    text = ('Lorvanian Defence Minister Edvard Kasko told reporters that Lorvania "will not '
            'stand by while fishermen are detained for doing their jobs."')
    [s] = of(open_stances(nlp, text), "Kasko")
    assert s.stance == "oppose"
    assert "fishermen" in s.proposition and "stand" not in s.proposition


def test_denied_acceptance_of_an_object_the_parse_detached(nlp):
    text = ("Nenad Kovar denied that Varessa had accepted, even tacitly, a Lorvanian plan drafted "
            "last year under which the river port would be shared.")
    [s] = of(open_stances(nlp, text), "Kovar")
    assert s.stance == "oppose"
    assert "accept" in s.proposition and "plan" in s.proposition


def test_a_texts_contents_are_nobodys_position(nlp):
    text = ("Mira Toldan said the accord drafted in Ostrava, under which Varessa would stop "
            "blocking Lorvanian grain convoys, was still on the table.")
    stances = open_stances(nlp, text)
    assert not any("convoys" in s.proposition for s in stances)


def test_whereby_clause_is_contents(nlp):
    text = ("Edvard Kasko described a framework whereby Lorvania would reject any new "
            "border posts.")
    assert not [s for s in open_stances(nlp, text) if "border posts" in s.proposition]


def test_the_two_are_the_two_things_named_before(nlp):
    text = ("Tomas Varga said the border dispute and the water quota were separate questions. "
            "He said Arvel would reject any attempt to merge the two.")
    [s] = [x for x in of(open_stances(nlp, text), "Varga") if x.stance == "oppose"]
    assert "border dispute" in s.proposition and "water quota" in s.proposition
    assert "the two" not in s.proposition


def test_a_bare_noun_points_back_at_the_verb_of_its_stem(nlp):
    text = ("Nenad Kovar accused the rebels of taxing the salt trade in Ostrava. "
            "Rukundo dismissed the accusation.")
    [s] = of(open_stances(nlp, text), "Rukundo")
    assert s.stance == "oppose"
    assert "salt trade" in s.proposition and "Kovar" not in s.proposition


def test_a_bare_noun_with_nothing_before_stays(nlp):
    text = "Mira Toldan welcomed the release."
    [s] = of(open_stances(nlp, text), "Toldan")
    assert s.proposition == "release"

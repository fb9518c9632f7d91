"""Open-target stances, seventh round: reluctance wrappers, manner phrases, appositive
antecedents, and purpose infinitives that are no report (invented text)."""

from __future__ import annotations

from stances_support import analysed, open_stances
from stances_support import held_by as of


def test_not_in_a_rush_is_one_position_against_the_inner_act(nlp):
    text = ("Varessan President Mira Toldan said last week that Varessa will not be in a rush "
            "to sign the river accord.")
    [s] = of(open_stances(nlp, text), "Toldan")
    assert s.stance == "oppose"
    assert "river accord" in s.proposition and "rush" not in s.proposition


def test_in_no_hurry_is_against_the_inner_act(nlp):
    text = "Varessan President Mira Toldan said Varessa is in no hurry to sign the river accord."
    [s] = of(open_stances(nlp, text), "Toldan")
    assert s.stance == "oppose"


def test_in_a_hurry_stays_support(nlp):
    text = "Varessan President Mira Toldan said Varessa is in a hurry to sign the river accord."
    [s] = of(open_stances(nlp, text), "Toldan")
    assert s.stance == "support"


def test_refusal_of_haste_targets_the_inner_act_and_even_if_is_no_condition(nlp):
    text = ("Varessan President Mira Toldan said that even if Lorvania meets her demands, "
            "Varessa will not be in a rush to hold the vote.")
    [s] = of(open_stances(nlp, text), "Toldan")
    assert s.stance == "oppose"
    assert s.proposition.startswith("hold the vote")


def test_backing_of_someone_in_a_manner_phrase_is_no_stance_on_them(nlp):
    text = ("Lorvanian Prime Minister Edvard Kasko said the envoy would go to Ostrava with the "
            "backing of the members of the war cabinet.")
    assert not any("cabinet" in s.proposition for s in open_stances(nlp, text))


def test_backing_as_an_object_is_still_a_stance(nlp):
    text = "Lorvanian Prime Minister Edvard Kasko said Lorvania backed the Ostrava plan."
    [s] = of(open_stances(nlp, text), "Kasko")
    assert s.stance == "support" and "Ostrava plan" in s.proposition


def test_appositive_one_with_a_relative_clause_targets_its_antecedent(nlp):
    text = ('"Based on all of the talks that we\'ve had, I believe both countries are close to '
            'reaching a final settlement, one that Lorvania would strongly support," Lorvanian '
            'Foreign Minister Edvard Kasko said.')
    stances = of(open_stances(nlp, text), "Kasko")
    assert [s.proposition for s in stances] == ["final settlement"]
    assert stances[0].stance == "support"


def test_a_perfect_have_is_no_demand(nlp):
    text = "Lorvanian Foreign Minister Edvard Kasko said the talks we've had went well."
    assert not of(open_stances(nlp, text), "Kasko")


def test_an_appeal_to_a_named_party_in_a_second_clause_is_its_own_position(nlp):
    text = ("Lorvanian envoy Edvard Kasko called the truce extension a real step and urged "
            "Varessa to hand over its artillery to the border monitors.")
    stances = of(open_stances(nlp, text), "Kasko")
    assert any("artillery" in s.proposition for s in stances)
    assert len(stances) == 2


def test_a_second_clause_with_a_thing_as_subject_is_its_own_position(nlp):
    text = ("Mira Toldan said Varessa had never approved the blockade of Ostrava and that "
            "raids on fishing boats must stop.")
    stances = of(open_stances(nlp, text), "Toldan")
    assert any("raids" in s.proposition and s.stance == "oppose" for s in stances)
    assert any("blockade" in s.proposition for s in stances)


def test_an_appeal_to_both_sides_after_praise_stays_one_position(nlp):
    text = ("Lorvanian envoy Edvard Kasko hailed the joint statement and called on the two "
            "countries to go on building on the progress.")
    assert len(of(open_stances(nlp, text), "Kasko")) == 1


def test_discussing_as_the_purpose_of_a_trip_is_no_quote(nlp):
    text = ("Lorvania will send its negotiating team, led by intelligence chief Nenad Kovar, to "
            "Ostrava on Sunday to discuss the resumption of talks with the rebels.")
    assert not analysed(nlp, text).quotes


def test_discussing_hung_on_the_leader_participle_is_no_quote(nlp):
    text = ("Lorvania will send its negotiating team, led by spy chief Nenad Kovar, to "
            "Ostrava on Sunday to discuss the resumption of talks with the rebels.")
    assert not analysed(nlp, text).quotes


def test_going_on_to_discuss_is_still_a_report(nlp):
    text = "Nenad Kovar went on to discuss the resumption of talks with the rebels."
    quotes = analysed(nlp, text).quotes
    assert any("resumption of talks" in q.content.text for q in quotes)


def test_a_discussion_held_is_still_reported(nlp):
    text = "Nenad Kovar discussed the resumption of talks with reporters on Monday."
    quotes = analysed(nlp, text).quotes
    assert any("resumption of talks" in q.content.text for q in quotes)


def test_sentence_opening_it_after_a_bodys_statement_is_that_body(nlp):
    text = ('The Varessan foreign ministry said in a statement that Ostrava would not attend any '
            'meeting "whose agenda treats Varessan ports as a subject for negotiation." It '
            'rejected the agenda as drafted by the Lorvanian Union.')
    stances = open_stances(nlp, text)
    assert any("agenda" in s.proposition and s.stance == "oppose" and "Varessa" in s.actor
               for s in stances)


def test_sentence_opening_it_after_a_persons_statement_is_nobody(nlp):
    text = ('Lorvanian envoy Edvard Kasko said on Monday that the talks were stalled. It rejected '
            'the agenda as drafted by the Ostrava council.')
    assert not any("agenda" in s.proposition for s in open_stances(nlp, text))


def test_a_verb_joined_to_a_passive_participle_keeps_the_main_subject(nlp):
    text = ("Varessan Foreign Minister Mira Toldan rejected the agenda as drafted by the "
            "Lorvanian Union and called the talks premature.")
    stances = open_stances(nlp, text)
    assert not of(stances, "Lorvanian Union")
    assert of(stances, "Toldan")


def test_a_thing_that_will_not_block_our_determination_leaves_it_standing(nlp):
    text = ('"Pressure from outside will not block our determination to engage with the world," '
            'Lorvanian President Mira Toldan said.')
    stances = of(open_stances(nlp, text), "Toldan")
    assert [(s.stance, s.proposition) for s in stances] == [("support", "engage with the world")]


def test_a_negated_statement_of_support_still_flips(nlp):
    text = "Lorvanian President Mira Toldan did not express support for the Ostrava plan."
    [s] = of(open_stances(nlp, text), "Toldan")
    assert s.stance == "oppose" and "Ostrava plan" in s.proposition

"""Occurrences, third round: sides, mediators, places and dates read off wider context
(parley.nlp.events.parties, occurrence, merge, process, when, rules; parley.nlp.dates).

Invented people and towns; the states and bodies are real, so that names resolve.
"""

from __future__ import annotations

from events_support import occurrences


def of_kind(nlp, text: str, kind: str, published: str = "2025-03-12") -> list[dict]:
    return [e for e in occurrences(nlp, text, published) if e["kind"] == kind]


def test_a_go_between_carrying_messages_between_rooms_mediates(nlp):
    text = (
        "Chilean and Peruvian negotiators held indirect talks in Quito on Saturday, with "
        "Ecuador's foreign minister carrying messages between two rooms."
    )
    (ev,) = of_kind(nlp, text, "talks")
    assert ev["actors"] == ["Chile", "Peru"]
    assert "Ecuador" in ev["mediators"]


def test_both_delegations_are_the_states_not_the_host_who_spoke(nlp):
    text = (
        "Chilean and Peruvian negotiators held indirect talks in Quito on Saturday, with "
        "Ecuador's foreign minister carrying messages between two rooms. "
        "Ecuadorian Foreign Minister Rosa Andrade said both delegations had agreed to meet "
        "again in Quito next Saturday."
    )
    talks = of_kind(nlp, text, "talks")
    assert [sorted(e["actors"]) for e in talks] == [["Chile", "Peru"], ["Chile", "Peru"]]
    assert talks[1]["status"] == "planned" and talks[1]["date"] == "2025-03-15"


def test_an_envoy_shuttling_between_delegations_brings_the_body_they_act_for(nlp):
    text = (
        "Talks between the chief negotiators of Chile and Peru ended in Lima on Monday. "
        "EU special representative Marta Quillen shuttled between the two delegations for "
        "seven hours."
    )
    (ev,) = of_kind(nlp, text, "talks")
    assert "European Union" in ev["mediators"]


def test_un_facilitated_as_one_word_names_the_mediator_and_a_capital_is_a_place(nlp):
    text = "Chile and Peru agreed on the rules after four days of U.N.-facilitated talks in Tunis."
    (ev,) = of_kind(nlp, text, "talks")
    assert ev["mediators"][0] == "United Nations" and ev["place"] == "Tunis"


def test_a_release_with_one_side_named_is_between_the_article_s_two_sides(nlp):
    text = (
        "Chile and Bolivia agreed a prisoner exchange last month. "
        "Chile released 40 Bolivian prisoners from a jail in Arica on Saturday."
    )
    ev = of_kind(nlp, text, "exchange")[-1]
    assert sorted(ev["actors"]) == ["Bolivia", "Chile"]


def test_prisoners_released_by_a_state_are_its_release(nlp):
    text = (
        "The 12 Chilean prisoners released by Bolivia in return for a jailed smuggler are "
        "back in Santiago."
    )
    (ev,) = of_kind(nlp, text, "exchange")
    assert "Bolivia" in ev["actors"]


def test_an_act_after_an_occurrence_is_no_light_verb_use_of_it(nlp):
    text = (
        "Chile and Bolivia agreed a prisoner exchange in January. "
        "Twelve sailors remain in custody after last Saturday's swap, in which four pilots returned."
    )
    ev = of_kind(nlp, text, "exchange")[-1]
    assert ev["date"] == "2025-03-08" and ev["status"] == "happened"


def test_talks_after_a_preposition_read_as_a_verb(nlp):
    text = (
        "Chilean President Tomas Ferrer spoke to reporters in Lima. He made the comments "
        "following talks with Peruvian President Ana Velarde held on the sidelines of a forum."
    )
    (ev,) = of_kind(nlp, text, "talks")
    assert ev["actors"] == ["Tomas Ferrer"] and ev["recipients"] == ["Ana Velarde"]


def test_a_negotiating_table_to_be_set_up_is_planned_talks(nlp):
    text = (
        "Peru said on Tuesday it would open talks with Chile. The dialogue table with Chile "
        "is to be formally set up on October 8 in Cusco."
    )
    ev = of_kind(nlp, text, "talks", "2023-09-20")[-1]
    assert (ev["status"], ev["date"], ev["place"]) == ("planned", "2023-10-08", "Cusco")
    assert sorted(ev["actors"]) == ["Chile", "Peru"]


def test_a_meeting_with_other_sides_is_not_the_last_one_again(nlp):
    text = (
        "The foreign ministers of Chile and Peru met in Lima on Monday. "
        "Bolivian President Marco Salas said the meeting he had with Ecuadorian leader "
        "Rosa Andrade in Quito went well."
    )
    meetings = of_kind(nlp, text, "meeting")
    assert len(meetings) == 2
    assert meetings[1]["place"] == "Quito"


def test_what_was_done_afterwards_is_dated_by_the_occurrence_before(nlp):
    text = (
        "Chilean and Peruvian negotiators held talks in Lima on Saturday. "
        "Chilean Foreign Minister Tomas Ferrer told state television afterwards that the "
        "talks had been useful."
    )
    (ev,) = of_kind(nlp, text, "interview")
    assert ev["date"] == "2025-03-08"


def test_a_round_pencilled_in_for_a_day_and_postponed_is_the_coming_one(nlp):
    text = (
        "Chile and Peru have not met since August. A second round of talks in Lima, "
        "pencilled in for Oct. 3, was postponed indefinitely."
    )
    (ev,) = of_kind(nlp, text, "talks", "2024-09-27")
    assert ev["date"] == "2024-10-03"  # not last year's


def test_a_name_given_as_a_town_is_a_place_later(nlp):
    text = (
        "Gunmen killed nine pilgrims near the town of Ollagua on Saturday. "
        "Army chief Tomas Ferrer is due to visit Ollagua on Wednesday."
    )
    (ev,) = of_kind(nlp, text, "visit", "2025-03-10")
    assert ev["place"] == "Ollagua" and "Ollagua" not in ev["recipients"]


def test_the_topic_s_place_is_not_the_occurrence_s(nlp):
    text = (
        "Chilean and Peruvian delegations held talks on the safety of shipping in the "
        "Pacific on Wednesday at Lima's Torre Palace."
    )
    (ev,) = of_kind(nlp, text, "talks")
    assert ev["place"] != "Pacific"


def test_meeting_a_goal_is_no_meeting(nlp):
    assert not of_kind(nlp, "Peru said the dam will let Peru meet its aim of exports.", "meeting")


def test_a_threatened_strike_in_an_infinitive_conjunct_is_none(nlp):
    text = "Chile has threatened more than once to carry out airstrikes against Peru's depots."
    assert not of_kind(nlp, text, "strike")


def test_the_two_countries_are_the_pair_just_named(nlp):
    text = (
        "Brazil praised the joint declaration of Chile and Peru, in which the two "
        "countries agreed to observe a border truce beginning on February 25."
    )
    (ev,) = of_kind(nlp, text, "ceasefire", "2025-02-26")
    assert sorted(ev["actors"]) == ["Chile", "Peru"] and ev["date"] == "2025-02-25"


def test_conditions_and_purposes_are_no_occurrences(nlp):
    text = "Tomas Ferrer said on Tuesday he would join the meeting as long as trade is on its list."
    assert not of_kind(nlp, text, "meeting")
    text = "Chile and Peru created a joint commission so that the truce holds."
    assert not of_kind(nlp, text, "ceasefire")


def test_possessed_visits_someone_should_stop_organising_are_none(nlp):
    text = "Chile said Peru should stop organising Ana Velarde's stopover visits."
    assert not of_kind(nlp, text, "visit")


def test_a_visit_noun_to_a_capital_is_there_and_hosted_by_its_country(nlp):
    (ev,) = of_kind(nlp, "Ana Velarde's visit to Lima was cut short on Monday.", "visit")
    assert ev["place"] == "Lima" and ev["recipients"] == ["Peru"]


def test_captives_handed_over_in_a_passive_are_the_article_s_swap(nlp):
    text = (
        "Chile and Bolivia agreed a prisoner exchange last month. "
        "Three Chilean pilots were handed to the Red Cross in Arica on Saturday, and Chile "
        "released 40 Bolivian prisoners hours later."
    )
    ev = of_kind(nlp, text, "exchange")[-1]
    assert sorted(ev["actors"]) == ["Bolivia", "Chile"]
    assert (ev["place"], ev["date"]) == ("Arica", "2025-03-08")


def test_talks_held_later_are_dated_by_the_occurrence_before(nlp):
    text = (
        "Chilean Foreign Minister Tomas Ferrer met Peruvian President Ana Velarde in Lima on "
        "Monday. Ferrer later held talks with Peruvian Defence Minister Luis Tapia."
    )
    ev = of_kind(nlp, text, "talks")[-1]
    assert ev["date"] == "2025-03-10"


def test_an_extension_agreed_at_the_close_of_talks_is_where_they_were(nlp):
    text = (
        "Chile and Bolivia agreed on Monday to extend their ceasefire by 90 days, at the close "
        "of a two-week round of talks in Quito."
    )
    (ev,) = of_kind(nlp, text, "extension")
    assert (ev["place"], ev["date"], ev["status"]) == ("Quito", "2025-03-10", "happened")

"""Occurrences, seventh round: named groups as parties, non-capital cities and seats of
international bodies, the Red Cross as go-between, counterparts and titles, demonym
governments, dates of truces and relative clauses, second mentions (parley.nlp.events).

Invented people and places; the states are real, so that names resolve.
"""

from __future__ import annotations

from events_support import occurrences
from parley.nlp.events.parties import proper_name

# PUBLISHED is Wednesday 2025-03-12.


def of_kind(nlp, text: str, kind: str) -> list[dict]:
    return [e for e in occurrences(nlp, text) if e["kind"] == kind]


def sides(ev: dict) -> set[str]:
    return {*ev["actors"], *ev["recipients"], *ev["mediators"]}


def test_a_group_name_is_a_name_a_description_is_not():
    assert proper_name("ELN")
    assert proper_name("Revolutionary Armed Forces of Colombia")
    assert not proper_name("both sides")
    assert not proper_name("U.S. officials")
    assert not proper_name("the rebels")


def test_a_named_group_is_named_as_its_actor_not_as_the_words(nlp):
    text = (
        "Colombia's government and the National Liberation Army (ELN) agreed on Tuesday "
        "to extend their truce by 60 days. The ELN said the truce had held."
    )
    (ev,) = of_kind(nlp, text, "extension")
    assert sides(ev) == {"Colombia's government", "ELN"}


def test_a_stopover_in_a_well_known_city_is_hosted_by_its_country(nlp):
    text = (
        "Paraguayan President Tomas Villaverde stopped over in Honolulu on Tuesday "
        "on his way to the Pacific."
    )
    (ev,) = of_kind(nlp, text, "visit")
    assert ev["place"] == "Honolulu"
    assert "United States" in ev["recipients"]


def test_a_city_the_lexicon_knows_names_its_country():
    from parley.nlp.events.lexicon import load_lexicon

    lex = load_lexicon()
    assert lex.city_country("Jeddah") == "SA"
    assert lex.city_country("Xanadu") is None


def test_the_red_cross_organising_a_swap_mediates_it_between_the_sides(nlp):
    text = (
        "Ethiopia and the TPLF agreed on Thursday to let the International Committee of "
        "the Red Cross organise an exchange of prisoners. TPLF fighters attacked Ethiopian "
        "posts, Ethiopia said. The TPLF denied it."
    )
    (ev,) = of_kind(nlp, text, "exchange")
    assert ev["mediators"] == ["International Committee of the Red Cross"]
    assert set(ev["actors"]) == {"Ethiopia", "Tigray People's Liberation Front"}


def test_a_swap_handed_to_the_red_cross_keeps_it_out_of_later_talks(nlp):
    text = (
        "Three soldiers were handed to the International Committee of the Red Cross on "
        "Saturday. Talks between Peru and Bolivia will resume in Doha next week."
    )
    (talks,) = of_kind(nlp, text, "talks")
    assert "International Committee of the Red Cross" not in sides(talks)
    assert talks["mediators"] == ["Qatar"]


def test_a_call_to_a_counterpart_is_between_the_two_states(nlp):
    text = "Kenya's foreign minister spoke by telephone with his Ugandan counterpart on Thursday."
    (ev,) = of_kind(nlp, text, "call")
    assert ev["actors"] == ["Kenya"]
    assert ev["recipients"] == ["Uganda"]


def test_calling_a_counterpart_is_a_call_and_calling_something_a_name_is_not(nlp):
    text = "Pakistan's chief of army staff called his Indian counterpart on Monday afternoon."
    (ev,) = of_kind(nlp, text, "call")
    assert "Pakistan" in ev["actors"]
    assert ev["recipients"] == ["India"]
    assert not of_kind(nlp, "The council called the vote illegal on Monday.", "call")


def test_a_meeting_with_a_counterpart_is_hosted_by_the_counterpart_state(nlp):
    text = "Amos Wekesa, Kenya's foreign minister, met his Ugandan counterpart in Kampala on Thursday."
    (ev,) = of_kind(nlp, text, "meeting")
    assert "Uganda" in ev["recipients"]


def test_a_date_in_a_relative_clause_on_another_noun_does_not_date_the_talks(nlp):
    text = "Peru and Bolivia opened negotiations to end the conflict that began last October."
    (ev,) = of_kind(nlp, text, "talks")
    assert ev["date"] is None


def test_a_two_word_demonym_is_one_country_and_no_side_of_its_own(nlp):
    text = (
        "Talks between Sudan and the Rapid Support Forces were held on Monday, hosted by "
        "the Saudi Arabian port city of Jeddah."
    )
    (ev,) = of_kind(nlp, text, "talks")
    assert ev["mediators"] == ["Saudi Arabia"]
    assert "Arabian" not in sides(ev)


def test_a_truce_running_from_a_weekday_starts_on_the_coming_one(nlp):
    text = (
        "Sudan's army and the Rapid Support Forces agreed on a nationwide ceasefire for 24 "
        "hours from 6 a.m. on Saturday, the mediators said."
    )
    (ev,) = of_kind(nlp, text, "ceasefire")
    assert ev["date"] == "2025-03-15"  # published Wednesday 03-12: the coming Saturday


def test_a_truce_agreed_on_a_weekday_keeps_the_past_one(nlp):
    text = "Sudan's army and the Rapid Support Forces agreed on Saturday on a ceasefire."
    evs = of_kind(nlp, text, "ceasefire")
    assert evs and evs[0]["date"] == "2025-03-08"


def test_the_talks_as_subject_of_a_plan_are_the_talks_told_before(nlp):
    text = (
        "Talks between Chile and Peru opened in Quito on Monday. "
        "The talks are scheduled to run for ten days, Chile said."
    )
    (ev,) = of_kind(nlp, text, "talks")
    assert ev["status"] == "happened"
    assert ev["date"] == "2025-03-10"


def test_talks_that_will_resume_are_a_new_round(nlp):
    text = (
        "Talks between Chile and Peru opened in Quito on Monday. "
        "The talks will resume in May, Chile said."
    )
    assert len(of_kind(nlp, text, "talks")) == 2


def test_talks_in_the_seat_of_a_body_the_article_names_are_that_bodys(nlp):
    with_eu = (
        "An EU spokesperson said the next round of talks between Serbia and Kosovo in "
        "Brussels would be held later this month."
    )
    (ev,) = of_kind(nlp, with_eu, "talks")
    assert ev["mediators"] == ["European Union"]
    without = "The next round of talks between Serbia and Kosovo in Brussels would be held later this month."
    (ev,) = of_kind(nlp, without, "talks")
    assert ev["mediators"] == ["Belgium"]


def test_an_envoy_named_in_apposition_after_his_brief_takes_part(nlp):
    text = "The U.N. envoy for Sudan, Tahar Mansouri, met army chiefs in Port Sudan on Monday."
    (ev,) = of_kind(nlp, text, "meeting")
    assert "Tahar Mansouri" in ev["actors"]


def test_officials_who_will_talk_again_are_planned_talks_of_their_states(nlp):
    text = (
        "The Directors General of Military Operations of India and Pakistan will talk "
        "again on the 12th of May."
    )
    (ev,) = of_kind(nlp, text, "talks")
    assert set(ev["actors"]) == {"India", "Pakistan"}
    assert ev["status"] == "planned"
    assert ev["date"] == "2025-05-12"
    assert not of_kind(nlp, "He said he would talk again to reporters.", "talks")


def test_a_titled_officer_of_a_state_contacting_his_counterpart_is_a_call(nlp):
    text = (
        "The Director General of Military Operations of Peru contacted his Bolivian "
        "counterpart on Monday."
    )
    (ev,) = of_kind(nlp, text, "call")
    assert ev["actors"] == ["Peru"]
    assert ev["recipients"] == ["Bolivia"]


def test_a_government_named_by_its_demonym_keeps_the_article_s_name(nlp):
    text = (
        "The Congolese government and the M23 agreed on Thursday to extend their "
        "ceasefire. The two sides will meet again in Doha next week."
    )
    (ext,) = of_kind(nlp, text, "extension")
    assert set(ext["actors"]) == {"Congolese government", "M23"}
    (talks,) = of_kind(nlp, text, "talks")
    assert "Congolese government" in talks["actors"]
    assert "DR Congo" not in sides(talks)

"""Occurrences, sixth round: weekdays of clauses told in the past, particles parsed as
adverbs, shots fired at a target, extended truces, hosts and facilitators, places cut from
a group's name (parley.nlp.events).

Invented people and places; the states are real, so that names resolve.
"""

from __future__ import annotations

from events_support import occurrences

# PUBLISHED is Wednesday 2025-03-12: the past Friday is 03-07, the coming one 03-14.


def of_kind(nlp, text: str, kind: str) -> list[dict]:
    return [e for e in occurrences(nlp, text) if e["kind"] == kind]


def sides(ev: dict) -> set[str]:
    return {*ev["actors"], *ev["recipients"], *ev["mediators"]}


def test_a_weekday_on_the_announcement_is_the_past_one(nlp):
    text = (
        "The Sudanese army announced on Friday evening that it would send negotiators "
        "to Jeddah for talks with the Rapid Support Forces."
    )
    (ev,) = of_kind(nlp, text, "envoy")
    assert ev["status"] == "planned"
    assert ev["date"] == "2025-03-07"


def test_a_weekday_of_a_plan_is_still_the_coming_one(nlp):
    text = "The Sudanese army said it would send negotiators to Jeddah on Friday."
    (ev,) = of_kind(nlp, text, "envoy")
    assert ev["date"] == "2025-03-14"


def test_talks_suspended_on_a_weekday_are_dated_by_the_past_weekday(nlp):
    text = "Talks between Armenia and Azerbaijan in Almaty were suspended on Tuesday."
    (ev,) = of_kind(nlp, text, "talks")
    assert ev["date"] == "2025-03-11"


def test_missiles_fired_at_a_target_far_from_the_verb_are_a_strike(nlp):
    text = "Iran fired two missiles on Thursday at a tanker sailing south of the strait."
    kinds = {e["kind"] for e in occurrences(nlp, text)}
    assert "strike" in kinds and "drill" not in kinds


def test_missiles_fired_into_the_sea_stay_a_drill(nlp):
    text = "North Korea fired two missiles into the sea on Thursday."
    (ev,) = occurrences(nlp, text)
    assert ev["kind"] == "drill"


def test_a_place_read_into_a_group_name_is_cut_off(nlp):
    text = (
        "Talks between the Sudanese army and the Rapid Support Forces in Jeddah were "
        "suspended on Tuesday, the Saudi and U.S. facilitators said."
    )
    (ev,) = of_kind(nlp, text, "talks")
    assert "Rapid Support Forces" in sides(ev)
    assert not any("Jeddah" in n for n in sides(ev))
    assert ev["place"] == "Jeddah"


def test_facilitators_named_by_their_states_mediate(nlp):
    text = (
        "Talks between the Sudanese army and the Rapid Support Forces in Jeddah were "
        "suspended on Tuesday, the Saudi and U.S. facilitators said."
    )
    (ev,) = of_kind(nlp, text, "talks")
    assert {"Saudi Arabia", "United States"} <= set(ev["mediators"])


def test_delegations_in_a_city_agree_there(nlp):
    text = (
        "Delegations of the Sudanese army and the Rapid Support Forces in Jeddah agreed "
        "on Monday to a week-long truce."
    )
    (ev,) = of_kind(nlp, text, "ceasefire")
    assert ev["place"] == "Jeddah"


def test_a_meeting_hosted_by_a_minister_has_the_host_as_mediator(nlp):
    text = (
        "The foreign ministers of Armenia and Azerbaijan met in Almaty on Monday, "
        "hosted by Omani Foreign Minister Faisal al-Harthi."
    )
    (ev,) = of_kind(nlp, text, "meeting")
    assert {"Faisal al-Harthi", "Oman"} <= set(ev["mediators"])
    assert {"Armenia", "Azerbaijan"} <= set(ev["actors"])


def test_a_truce_told_as_extended_is_an_extension(nlp):
    text = (
        "Colombia and the rebels met in Havana. "
        "The ceasefire, extended in April until July 16, has largely held."
    )
    kinds = [e["kind"] for e in occurrences(nlp, text)]
    assert "extension" in kinds and "ceasefire" not in kinds


def test_travel_to_two_capitals_has_both_hosts(nlp):
    text = "The bloc's envoy, Anna Berg, would travel to Belgrade and Pristina next week."
    (ev,) = of_kind(nlp, text, "visit")
    assert {"Serbia", "Kosovo"} <= set(ev["recipients"])


def test_a_known_venue_gives_its_city_and_host(nlp):
    text = (
        "Chile and Peru initialled the text of a peace agreement at the State Department "
        "on Wednesday."
    )
    (ev,) = of_kind(nlp, text, "signing")
    assert ev["place"] == "State Department, Washington"
    assert "United States" in ev["mediators"]


def test_a_venue_in_a_side_s_capital_adds_no_host(nlp):
    text = "Russia and the United States signed the accord at the Kremlin on Friday."
    (ev,) = of_kind(nlp, text, "signing")
    assert ev["place"] == "Kremlin, Moscow"
    assert not ev["mediators"]


HOSTED = (
    "Qatar said Peru and Ecuador made progress on the third day of talks in Doha. "
    "Qatar's foreign ministry said Qatar would keep pressing. "
    "Peru's negotiators and Ecuador's negotiators will meet again. "
    "Qatar has hosted the two sides since March."
)


def test_hosting_the_two_sides_makes_a_mediator_not_a_meeting(nlp):
    evs = occurrences(nlp, HOSTED)
    assert not any(e["kind"] == "meeting" and e["actors"] == ["Qatar"] for e in evs)
    (talks,) = [e for e in evs if e["kind"] == "talks" and "third" in e["evidence"]["text"]]
    assert "Qatar" in talks["mediators"]
    assert "Qatar" not in talks["actors"]


def test_a_gerund_admitted_was_done(nlp):
    text = "Chile confirmed dispatching a delegation to Lima last week."
    (ev,) = of_kind(nlp, text, "envoy")
    assert ev["status"] == "happened"
    assert ev["place"] == "Lima"


def test_a_gerund_ruled_out_was_not_done(nlp):
    text = "Chile ruled out sending a delegation to Lima."
    assert not of_kind(nlp, text, "envoy")


def test_spoke_by_telephone_with_by_read_as_an_agent_is_a_call(nlp):
    text = (
        "Chile's foreign minister, Ana Rojas Vidal, spoke by telephone with her Peruvian "
        "counterpart Luis Quispe on Tuesday and urged Lima to avoid new steps."
    )
    (ev,) = of_kind(nlp, text, "call")
    assert "Ana Rojas Vidal" in ev["actors"]
    assert "Luis Quispe" in ev["recipients"]


def test_a_telephone_phrase_hung_on_the_object_is_a_call_with_its_counterpart(nlp):
    text = (
        "Chilean Foreign Minister Ana Rojas said she had discussed the plan by telephone "
        "with Peruvian envoy Luis Quispe on Tuesday."
    )
    (ev,) = of_kind(nlp, text, "call")
    assert "Luis Quispe" in ev["recipients"]


def test_met_where_a_host_held_a_round_of_talks_is_the_talks(nlp):
    text = (
        "Chile and Peru held talks in June. The two foreign ministers last met in "
        "September in Quito, where Ecuador hosted a round of talks."
    )
    evs = [e for e in occurrences(nlp, text) if "Quito" in e["evidence"]["text"]]
    (ev,) = evs
    assert ev["kind"] == "talks"
    assert "Ecuador" in ev["mediators"]


THREE = (
    "Chile, Peru and Bolivia argued over the river for years. Chile said Peru must wait. "
    "Bolivia said Chile and Peru should agree. Peru said Bolivia and Chile had stalled. "
    "Brazilian President Rui Bastos received the three foreign ministers on Wednesday."
)


def test_the_three_ministers_received_are_the_three_states_named(nlp):
    (ev,) = [e for e in of_kind(nlp, THREE, "meeting") if "Rui Bastos" in e["actors"]]
    assert {"Chile", "Peru", "Bolivia"} <= set(ev["recipients"])


def test_two_ministers_received_are_not_guessed_from_counts(nlp):
    text = THREE.replace("the three foreign ministers", "the two foreign ministers")
    (ev,) = [e for e in of_kind(nlp, text, "meeting") if "Rui Bastos" in e["actors"]]
    assert not {"Chile", "Peru", "Bolivia"} <= set(ev["recipients"])


def test_a_summoned_ambassador_is_named_by_the_apposition_else_by_the_state(nlp):
    text = "Vice Foreign Minister Li Wen called in the Japanese ambassador to China Kenji Sato."
    (ev,) = of_kind(nlp, text, "meeting")
    assert ev["recipients"] == ["Kenji Sato"]
    text = "Chile's foreign ministry summoned the Russian ambassador on Saturday."
    (ev,) = of_kind(nlp, text, "meeting")
    assert ev["recipients"] == ["Russia"]


def test_the_next_swap_set_off_with_its_schedule_is_planned_and_dated(nlp):
    text = (
        "Peru and Chile traded accusations on Monday over the truce. In the next swap, "
        "set for Saturday, Chile is to free ten soldiers."
    )
    (ev,) = of_kind(nlp, text, "exchange")
    assert (ev["status"], ev["date"]) == ("planned", "2025-03-15")
    assert {"Peru", "Chile"} <= set(ev["actors"])


def test_the_next_exchange_due_on_a_weekday_after_an_adjective(nlp):
    text = (
        "Peru and Ecuador swapped prisoners. Ecuador said it remained committed to the "
        "truce and to the next exchange, due on Saturday."
    )
    planned = [e for e in of_kind(nlp, text, "exchange") if e["status"] == "planned"]
    assert [e["date"] for e in planned] == ["2025-03-15"]


def test_a_swap_without_next_is_not_taken_for_a_planned_one(nlp):
    text = "Peru and Chile traded accusations. Under the swap, set for Saturday, nothing moved."
    assert not [e for e in of_kind(nlp, text, "exchange") if e["status"] == "planned"]


def test_bare_plural_commanders_meeting_are_the_article_s_sides(nlp):
    text = (
        "Peru and Ecuador traded fire last week. Ecuador's army said that brigade "
        "commanders would meet at the Zarumilla crossing point on Saturday."
    )
    (ev,) = of_kind(nlp, text, "meeting")
    assert {"Peru", "Ecuador"} <= set(ev["actors"])
    assert ev["status"] == "planned"
    assert ev["place"] == "Zarumilla crossing point"


def test_agreed_to_hold_fire_parsed_as_an_adverbial_is_agreed_now(nlp):
    text = (
        "Peru and Ecuador traded fire. The two armies' operations chiefs agreed over "
        "their hotline on Tuesday to hold fire along the border."
    )
    (ev,) = of_kind(nlp, text, "ceasefire")
    assert ev["status"] == "happened"


def test_bringing_two_sides_together_is_talks_they_hold_and_the_convener_mediates(nlp):
    text = "Norway brought Colombia and the ELN together in Oslo on Monday."
    (ev,) = of_kind(nlp, text, "talks")
    assert {"Colombia", "ELN"} <= set(ev["actors"])
    assert ev["mediators"] == ["Norway"]
    assert ev["place"] == "Oslo"


def test_an_envoy_who_plans_to_bring_delegations_together_mediates_with_her_body(nlp):
    text = (
        "U.N. envoy Marta Ruiz said she planned to bring delegations of the House of "
        "Representatives and the High Council of State together in Tunis next month."
    )
    (ev,) = of_kind(nlp, text, "talks")
    assert {"House of Representatives", "High Council of State"} <= set(ev["actors"])
    assert {"Marta Ruiz", "United Nations"} <= set(ev["mediators"])
    assert ev["status"] == "planned"


def test_bringing_without_together_is_no_talks(nlp):
    assert not of_kind(nlp, "Norway brought Colombia a new offer on Monday.", "talks")


RETURN = (
    "The House of Representatives and the High Council of State met in Tunis. "
    "U.N. envoy Marta Ruiz said the two delegations would return to Tunis on Nov. 5 "
    "to agree on a government."
)


def test_the_two_delegations_returning_to_the_venue_resume_talks(nlp):
    (ev,) = of_kind(nlp, RETURN, "talks")
    assert {"House of Representatives", "High Council of State"} <= set(ev["actors"])
    assert (ev["place"], ev["status"]) == ("Tunis", "planned")


def test_a_planned_month_day_long_past_is_next_year_s(nlp):
    (ev,) = of_kind(nlp, RETURN, "talks")
    assert ev["date"] == "2025-11-05"  # told in March 2025


def test_one_delegation_going_home_is_no_talks(nlp):
    assert not of_kind(nlp, "The Chilean delegation returned to Santiago on Monday.", "talks")


def test_it_in_reported_speech_is_the_group_that_spoke(nlp):
    text = (
        "Peru's army said it had completed a week of live-fire exercises in the "
        "Tumbes region on Sunday."
    )
    (ev,) = of_kind(nlp, text, "drill")
    assert ev["actors"] and "Peru" in ev["actors"][0]


def test_it_in_a_person_s_reported_speech_is_not_the_person(nlp):
    text = (
        "General Ivo Ramos said the rebels broke the commitments it signed in Lima in "
        "May 2023."
    )
    assert not [e for e in of_kind(nlp, text, "signing") if "Ivo Ramos" in e["actors"]]

"""Round 10 of issue 16 (events): trips told with their purpose, and the parties of events."""

from __future__ import annotations

from events_support import occurrences

# -- "arrived in X for talks with Y": who travels, and whom they talk with (pipeline) -------


def test_a_delegation_arriving_for_talks_with_mediators_is_the_talks(nlp):
    text = (
        "A Velorian delegation arrived in Doha on Tuesday for talks with Qatari and "
        "Egyptian mediators on a prisoner exchange, officials said."
    )
    found = occurrences(nlp, text)
    assert [e["kind"] for e in found if e["kind"] in ("visit", "talks")] == ["talks"]
    (talks,) = [e for e in found if e["kind"] == "talks"]
    assert talks["place"] == "Doha"
    assert {"Qatar", "Egypt"} <= set(talks["mediators"] + talks["actors"] + talks["recipients"])


def test_an_envoy_flying_to_a_side_for_talks_is_the_envoys_visit(nlp):
    text = (
        "The United Nations envoy for Chad, Amara Dellow, will fly to N'Djamena on Sunday "
        "for talks with army chief General Idriss Kabo, the United Nations said."
    )
    found = occurrences(nlp, text)
    assert [e["kind"] for e in found if e["kind"] in ("visit", "talks")] == ["visit"]
    (visit,) = [e for e in found if e["kind"] == "visit"]
    assert any("Kabo" in r for r in visit["recipients"])


def test_a_side_visiting_the_other_for_talks_is_a_visit_and_talks_with_one_go_between(nlp):
    text = (
        "A Velorian delegation arrived in Ankara on Thursday for talks with Turkish "
        "officials, the agency reported. The delegation flew in on a Qatari plane, "
        "accompanied by Qatari mediators."
    )
    found = occurrences(nlp, text)
    visit = [e for e in found if e["kind"] == "visit"]
    talks = [e for e in found if e["kind"] == "talks"]
    assert len(visit) == 1 and len(talks) == 1
    assert visit[0]["mediators"] == talks[0]["mediators"] == ["Qatar"]


# -- "both sides agreed to meet again" is a meeting; delegations meeting hold talks --------


def test_both_sides_agreeing_to_meet_again_is_a_meeting(nlp):
    text = (
        "The foreign ministers of Velora and Marqueta met in Lisbon on Monday. Portuguese "
        "Foreign Minister Rui Tavares, who chaired the meeting, said both sides had agreed "
        "to meet again in Madrid in February."
    )
    again = [e for e in occurrences(nlp, text) if e["place"] == "Madrid"]
    assert [e["kind"] for e in again] == ["meeting"]


def test_delegations_agreeing_to_meet_again_hold_talks(nlp):
    text = (
        "Velora and Marqueta held talks in Muscat on Saturday. Omani Foreign Minister "
        "Said al-Rawahi said both delegations had agreed to meet again in Salalah next "
        "Saturday."
    )
    again = [e for e in occurrences(nlp, text) if e["place"] == "Salalah"]
    assert [e["kind"] for e in again] == ["talks"]


# -- an envoy named with the body sent: the person and the body -----------------------------


def test_an_envoy_in_apposition_travels_with_the_body_sent(nlp):
    text = (
        "The United Nations envoy for Chad, Tahar Benhaddou, will fly to N'Djamena on "
        "Sunday for talks with army chief General Idriss Kabo, the United Nations said. "
        "Benhaddou said on Wednesday the talks were urgent."
    )
    (visit,) = [e for e in occurrences(nlp, text) if e["kind"] == "visit"]
    assert any("Benhaddou" in a for a in visit["actors"])
    assert "United Nations" in visit["actors"]


# -- a negated act on an indefinite occurrence tells of none -------------------------------


def test_not_hosting_a_negotiation_is_no_talks(nlp):
    text = (
        'Talks between Velora and Marqueta opened in Lisbon on Monday. "We have been '
        'carrying messages, not hosting a negotiation," envoy Rui Tavares said.'
    )
    talks = [e for e in occurrences(nlp, text) if e["kind"] == "talks"]
    assert len(talks) == 1
    assert talks[0]["place"] == "Lisbon"


def test_definite_talks_not_attended_still_took_place(nlp):
    text = "Velora did not attend the talks with Marqueta that opened in Lisbon on Monday."
    talks = [e for e in occurrences(nlp, text) if e["kind"] in ("talks", "boycott")]
    assert talks


# -- a third country's well-known city hosts talks between two others ----------------------


def test_talks_in_a_well_known_city_are_hosted_by_its_country(nlp):
    text = (
        "A second round of talks between the Velorian army and the Northern Front in "
        "Geneva, pencilled in for Oct. 3, was postponed indefinitely."
    )
    (talks,) = [e for e in occurrences(nlp, text) if e["kind"] == "talks"]
    assert talks["place"] == "Geneva"
    assert talks["mediators"] == ["Switzerland"]


# -- a go-between's talks with one side in that side's country are the envoy's visit -------


def test_an_envoys_talks_in_a_sides_capital_are_a_visit(nlp):
    text = (
        "The African Union's special envoy for the Sahel, Joyce Amani Wekesa, held talks "
        "with Malian officials in Bamako last week, her office said."
    )
    found = occurrences(nlp, text)
    visits = [e for e in found if e["kind"] == "visit"]
    assert not [e for e in found if e["kind"] == "talks"]
    assert len(visits) == 1 and visits[0]["recipients"] == ["Mali"]
    assert visits[0]["place"] == "Bamako"


def test_ministers_talks_in_a_capital_stay_talks(nlp):
    text = "Foreign Minister Ana Velez held talks with Malian officials in Bamako last week."
    assert [e["kind"] for e in occurrences(nlp, text) if e["kind"] in ("talks", "visit")] == [
        "talks"
    ]


# -- those the freed are handed to are the swap's go-betweens -------------------------------


def test_freed_captives_handed_to_a_commission_name_its_bodies_as_go_betweens(nlp):
    text = (
        "Northern Front guerrillas freed three Velorian soldiers on Monday, handing them to "
        "a humanitarian commission of the International Committee of the Red Cross and the "
        "Catholic Church in a rural area of Tarvan province, the ICRC said."
    )
    (swap,) = [e for e in occurrences(nlp, text) if e["kind"] == "exchange"]
    assert set(swap["mediators"]) == {"International Committee of the Red Cross", "Catholic Church"}
    assert "Northern Front" in swap["actors"]


# -- talks told with one side take the sides of the article's talks at that place ----------


def test_one_sided_talks_take_the_sides_of_talks_at_the_same_place(nlp):
    text = (
        "The Tarvan Alliance and the Northern Front held a second round of talks in Lisbon "
        "on Saturday. A spokesman for the Alliance denied that the Tarvan Alliance had "
        "agreed during last Saturday's talks in Lisbon to hand over the border posts."
    )
    talks = [e for e in occurrences(nlp, text) if e["kind"] == "talks"]
    assert len(talks) == 2
    for ev in talks:
        assert {"Tarvan Alliance", "Northern Front"} <= {*ev["actors"], *ev["recipients"]}


# -- talks told by their close are the talks, dated by the act done at it -------------------


def test_talks_at_whose_close_a_truce_was_extended_take_the_day_of_the_extension(nlp):
    text = (
        "The Velorian government and the Northern Front agreed on Wednesday to extend their "
        "ceasefire by 60 days, at the close of a two-week round of talks in Lisbon."
    )
    found = occurrences(nlp, text)
    (talks,) = [e for e in found if e["kind"] == "talks"]
    (ext,) = [e for e in found if e["kind"] == "extension"]
    assert talks["place"] == "Lisbon"
    assert talks["date"] == ext["date"] == "2025-03-12"


def test_the_prospect_of_talks_is_still_a_topic(nlp):
    text = "The Velorian government raised the prospect of talks in Lisbon on Wednesday."
    assert not [e for e in occurrences(nlp, text) if e["kind"] == "talks"]


# -- a light verb with its own object and the occurrence as topic tells no occurrence -------


def test_keeping_ones_word_on_the_ceasefire_is_no_ceasefire(nlp):
    text = '"We have kept our word on the ceasefire," Northern Front commander Idris Kabo said.'
    assert not [e for e in occurrences(nlp, text) if e["kind"] == "ceasefire"]


def test_keeping_the_ceasefire_is_still_one(nlp):
    text = "The Northern Front and the Velorian army have kept the ceasefire since March."
    assert [e for e in occurrences(nlp, text) if e["kind"] == "ceasefire"]


# -- "would resume only when ...": a condition, not a round planned -------------------------


def test_talks_that_would_resume_only_when_captives_are_freed_are_no_event(nlp):
    text = (
        "Velorian negotiator Ana Velez said the talks with the Northern Front would resume "
        "only when the three captives were freed."
    )
    assert not [e for e in occurrences(nlp, text) if e["kind"] == "talks"]


def test_talks_that_would_resume_on_a_day_are_planned(nlp):
    text = (
        "Velorian negotiator Ana Velez said the talks with the Northern Front would resume "
        "in Lisbon on Friday."
    )
    (talks,) = [e for e in occurrences(nlp, text) if e["kind"] == "talks"]
    assert talks["status"] == "planned"


# -- "proposed that the two sides meet": a proposal, no meeting ----------------------------


def test_a_meeting_proposed_in_the_subjunctive_is_no_meeting(nlp):
    text = (
        "Velorian Unification Minister Ana Velez proposed on Friday that the two sides meet "
        "at the border village of Tarvan to discuss family reunions."
    )
    assert not [e for e in occurrences(nlp, text) if e["kind"] in ("meeting", "talks")]


def test_a_meeting_they_said_they_held_is_still_one(nlp):
    text = "Velorian Unification Minister Ana Velez said on Friday that she met Idris Kabo in Tarvan."
    assert [e for e in occurrences(nlp, text) if e["kind"] == "meeting"]


# -- talks an international body convenes in a third country's capital: that country hosts --


def test_talks_a_body_convenes_in_a_third_capital_are_hosted_by_that_country_too(nlp):
    text = (
        "Talks between the Velorian government and the Northern Front, convened by the "
        "African Union, opened in Nairobi on Saturday."
    )
    (talks,) = [e for e in occurrences(nlp, text) if e["kind"] == "talks"]
    assert set(talks["mediators"]) == {"African Union", "Kenya"}


def test_talks_a_state_mediates_in_a_third_capital_keep_that_mediator_alone(nlp):
    text = (
        "Talks between the Velorian government and the Northern Front, mediated by Qatar, "
        "opened in Nairobi on Saturday."
    )
    (talks,) = [e for e in occurrences(nlp, text) if e["kind"] == "talks"]
    assert talks["mediators"] == ["Qatar"]


def test_freed_captives_handed_to_a_states_troops_name_no_go_between(nlp):
    text = (
        "Northern Front guerrillas freed three soldiers on Monday, handing them to Kenyan "
        "troops at the Tarvan crossing, the army said."
    )
    for swap in [e for e in occurrences(nlp, text) if e["kind"] == "exchange"]:
        assert not swap["mediators"]


def test_a_trip_for_talks_with_no_one_named_stays_a_visit_and_talks(nlp):
    text = (
        "Qatar mediated talks between the Tarvan Alliance and the Northern Front in Doha on "
        "Monday. A Tarvan Alliance delegation arrived in Doha on Tuesday for talks."
    )
    kinds = [e["kind"] for e in occurrences(nlp, text) if "Tuesday" in e["evidence"]["text"]]
    assert "visit" in kinds

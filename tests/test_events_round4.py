"""Occurrences, fourth round: sides named in broken lists, reflexives, envoys, drills and
strikes' targets; dates from a later mention, from a clause followed, and not from the
saying that reports an occurrence (parley.nlp.events.parties, occurrence, rules, link,
process, when).

Invented people; the states are real, so that names resolve.
"""

from __future__ import annotations

from events_support import occurrences


def of_kind(nlp, text: str, kind: str, published: str = "2025-03-12") -> list[dict]:
    return [e for e in occurrences(nlp, text, published) if e["kind"] == kind]


def sides(ev: dict) -> set[str]:
    return {*ev["actors"], *ev["recipients"], *ev["mediators"]}


def test_talks_among_a_list_the_parse_breaks_keep_every_side(nlp):
    text = "Trilateral talks among Chile, the United States and Peru began in Lima."
    (ev,) = of_kind(nlp, text, "talks")
    assert {"Chile", "United States", "Peru"} <= sides(ev)


def test_a_restated_noun_takes_the_list_of_the_first(nlp):
    text = (
        "Ecuador's president welcomed the envoys who came for the round of talks among "
        "Chile, the United States, and Bolivia, talks that opened in Quito that evening. "
        "Observers from Brazil sat in on the session of talks among Norway, Canada, "
        "and Iceland, talks that resumed in Quito the next morning, the agency reported."
    )
    talks = of_kind(nlp, text, "talks")
    assert any({"Chile", "United States", "Bolivia"} <= sides(e) for e in talks)
    assert {"Norway", "Canada", "Iceland"} <= sides(talks[-1])


def test_delegations_from_several_states_are_those_states_not_the_last_pair(nlp):
    text = (
        "Chile and Peru held talks in Quito on Monday. "
        "Delegations from Bolivia, Paraguay and Uruguay will hold talks in Asuncion next week."
    )
    talks = of_kind(nlp, text, "talks")
    assert {"Bolivia", "Paraguay", "Uruguay"} <= sides(talks[-1])
    assert "Chile" not in sides(talks[-1])


def test_between_herself_and_a_minister_is_the_speaker_and_the_minister(nlp):
    text = (
        "Foreign Minister Ana Lund said the talks between herself and Peruvian Foreign "
        "Minister Ivo Pell lasted all afternoon."
    )
    (ev,) = of_kind(nlp, text, "talks")
    assert {"Ana Lund", "Ivo Pell"} <= sides(ev)


def test_drills_around_a_territory_have_it_as_counterpart(nlp):
    (ev,) = of_kind(nlp, "Chile's navy staged drills around Peru on Monday.", "drill")
    assert "Peru" in ev["recipients"]
    (ev,) = of_kind(nlp, "Chile held naval drills encircling Peru on Monday.", "drill")
    assert "Peru" in ev["recipients"]


def test_strikes_that_hit_a_states_sites_have_it_as_counterpart(nlp):
    text = "The Chilean strikes destroyed Peru's radar stations, the minister said."
    (ev,) = of_kind(nlp, text, "strike")
    assert ev["actors"] == ["Chile"] and "Peru" in ev["recipients"]


def test_a_summoned_ambassador_named_after_the_title_is_the_counterpart(nlp):
    text = (
        "Deputy Foreign Minister Ana Lund summoned the Chilean ambassador, Ivo Tamm, on Thursday."
    )
    (ev,) = of_kind(nlp, text, "meeting")
    assert ev["actors"] == ["Ana Lund"] and "Ivo Tamm" in ev["recipients"]


def test_a_meeting_told_in_a_dated_saying_is_not_dated_by_the_saying(nlp):
    text = (
        "Chilean President Ivo Tamm assured lawmakers on Thursday that his meeting "
        "with Peru's president Ana Lund in Lima had gone well."
    )
    (ev,) = of_kind(nlp, text, "meeting")
    assert ev["date"] is None


def test_a_saying_still_dates_its_own_occasion(nlp):
    text = "Ivo Tamm met Ana Lund in Lima on Thursday. He said the talks had been useful."
    (ev,) = of_kind(nlp, text, "meeting")
    assert ev["date"] == "2025-03-06"


def test_a_later_mention_dated_by_its_own_clause_dates_the_truce(nlp):
    text = (
        "Chile and Peru declared a truce along their border, an official said. "
        "A spokesman said both governments would extend the cease-fire, which began "
        "on March 2, by a month."
    )
    (ev,) = of_kind(nlp, text, "ceasefire")
    assert ev["date"] == "2025-03-02"


def test_a_later_mention_does_not_redate_a_dated_truce(nlp):
    text = (
        "Chile and Peru agreed a truce on Monday. "
        "Observers said the ceasefire, which was first proposed on February 3, held."
    )
    (ev,) = of_kind(nlp, text, "ceasefire")
    assert ev["date"] == "2025-03-10"


def test_a_month_of_the_clause_followed_dates_the_drills_but_a_day_does_not(nlp):
    text = "Chile held drills near Peru after Peru's president had toured Bolivia last August."
    (ev,) = of_kind(nlp, text, "drill")
    assert ev["date"].startswith("2024-08")
    text = "Chile held drills near Peru after Peru signed a deal with Bolivia on Monday."
    (ev,) = of_kind(nlp, text, "drill")
    assert ev["date"] is None


def test_a_mediator_serving_in_a_sentence_of_its_own_mediates_the_talks(nlp):
    text = (
        "Chile and Peru began their seventh negotiating round in Lima on Friday. "
        "The two sides disagree on fishing rights. The dispute is decades old. "
        "Ecuador's Foreign Minister Rosa Andrade acts as the go-between in the process."
    )
    (ev,) = of_kind(nlp, text, "talks")
    assert "Ecuador" in ev["mediators"] and ev["actors"] == ["Chile", "Peru"]


def test_serving_as_something_else_mediates_nothing(nlp):
    text = (
        "Chile and Peru began their seventh negotiating round in Lima on Friday. "
        "Ecuador's Foreign Minister Rosa Andrade acts as chair of the regional council."
    )
    (ev,) = of_kind(nlp, text, "talks")
    assert "Ecuador" not in ev["mediators"]


def test_a_truce_that_took_effect_is_an_occurrence_with_its_date(nlp):
    text = "A ceasefire between Chile and Peru took effect on Monday."
    (ev,) = of_kind(nlp, text, "ceasefire")
    assert sorted(ev["actors"]) == ["Chile", "Peru"] and ev["date"] == "2025-03-10"
    assert not of_kind(nlp, "Chile said the truce would take shape slowly.", "ceasefire")


def test_a_swap_under_a_deal_brokered_by_a_third_state_is_mediated_by_it(nlp):
    text = "Chile and Peru swapped 84 prisoners on Thursday under a deal brokered by Ecuador."
    (ev,) = of_kind(nlp, text, "exchange")
    assert sorted(ev["actors"]) == ["Chile", "Peru"] and ev["mediators"] == ["Ecuador"]


def test_where_a_state_hosted_the_round_it_mediates_the_meeting(nlp):
    text = (
        "The two foreign ministers of Chile and Peru last met in September in Quito, where "
        "Ecuador hosted a round of talks."
    )
    evs = [e for e in occurrences(nlp, text) if e["kind"] in ("meeting", "talks")]
    assert evs and all("Ecuador" in e["mediators"] for e in evs)


def test_mediators_accompanying_a_delegation_mediate_its_talks(nlp):
    text = (
        "A Chilean delegation arrived in Lima on Monday for talks with Peruvian officials. "
        "The delegation flew in on a Bolivian plane, accompanied by Bolivian mediators."
    )
    (ev,) = of_kind(nlp, text, "talks")
    assert "Bolivia" in ev["mediators"]


def test_a_signing_to_be_done_on_a_trip_due_on_a_date_takes_that_date(nlp):
    text = (
        "The foreign ministers of Chile and Peru are due back in Lima on June 2 to sign the text."
    )
    (ev,) = of_kind(nlp, text, "signing")
    assert ev["date"] == "2025-06-02" and ev["status"] == "planned"


def test_an_exchange_set_aside_to_take_place_in_a_month_is_dated_by_it(nlp):
    text = (
        "Chile and Peru agreed to another exchange of wounded prisoners, to take place "
        "before the end of the month."
    )
    (ev,) = of_kind(nlp, text, "exchange")
    assert ev["date"].startswith("2025-03")


def test_the_two_foreign_ministers_are_the_two_named_with_that_title(nlp):
    text = (
        "Chilean Foreign Minister Ana Lund said the deal was fair. Peruvian Foreign Minister "
        "Ivo Pell said it was a good day. Chile and Peru initialled the text of a peace deal "
        "on Wednesday. The two foreign ministers are due back in Lima on June 2 to sign the text."
    )
    planned = [e for e in of_kind(nlp, text, "signing") if e["status"] == "planned"]
    assert planned and sorted(planned[0]["actors"]) == ["Ana Lund", "Ivo Pell"]


def test_three_ministers_are_not_resolved_to_two_titled_people(nlp):
    text = (
        "Chilean Foreign Minister Ana Lund said the deal was fair. Peruvian Foreign Minister "
        "Ivo Pell said it was a good day. President Tom Reed received the three ministers "
        "on Thursday."
    )
    evs = of_kind(nlp, text, "meeting")
    assert evs and not {"Ana Lund", "Ivo Pell"} <= set(evs[0]["recipients"])


def test_interviewed_by_or_for_a_named_outlet_has_it_as_counterpart(nlp):
    text = (
        "Chile and Peru met in Quito on Sunday. Tom Reed was interviewed for the Lima Herald "
        "on Friday. Ivo Pell was interviewed for the job."
    )
    evs = of_kind(nlp, text, "interview")
    reed = [e for e in evs if e["actors"] == ["Tom Reed"]]
    assert reed and reed[0]["recipients"] == ["Lima Herald"]
    assert all("job" not in e["recipients"] for e in evs)


def test_a_meeting_at_the_invitation_of_a_third_state_is_mediated_by_it(nlp):
    text = "Chile and Peru met in Lima at the invitation of Bolivia on Tuesday."
    (ev,) = of_kind(nlp, text, "meeting")
    assert sorted(ev["actors"]) == ["Chile", "Peru"] and ev["mediators"] == ["Bolivia"]

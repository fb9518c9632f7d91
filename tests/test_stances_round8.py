"""Open-target stances, eighth round: targets that name the negotiated thing (a carrier
noun's complement, conjoined words kept apart by their "and"). Invented text."""

from __future__ import annotations

from stances_support import held_by as of
from stances_support import open_stances


def test_proposal_to_do_something_is_the_doing(nlp):
    text = ("Tavonian Foreign Minister Ilse Marrow said on Tuesday that Tavonia rejected the "
            "Brevan proposal to extend the river truce by six weeks.")
    [s] = of(open_stances(nlp, text), "Marrow")
    assert s.stance == "oppose"
    assert s.proposition.startswith("extend the river truce")
    assert "proposal" not in s.proposition


def test_offer_of_talks_is_the_talks(nlp):
    text = ("Tavonian Foreign Minister Ilse Marrow dismissed the offer of border talks on "
            "Thursday.")
    [s] = of(open_stances(nlp, text), "Marrow")
    assert s.stance == "oppose"
    assert s.proposition == "border talks"


def test_demand_that_they_leave_is_the_leaving(nlp):
    text = ("Tavonian Foreign Minister Ilse Marrow rejected the demand that Tavonian troops "
            "pull out of the city of Olvena.")
    [s] = of(open_stances(nlp, text), "Marrow")
    assert s.stance == "oppose"
    assert "pull out of the city" in s.proposition and "demand" not in s.proposition


def test_proposal_of_its_author_stays_the_proposal(nlp):
    # "of" naming whose proposal it is says nothing of what it is: keep the noun
    text = "Tavonian Foreign Minister Ilse Marrow welcomed the proposal of Brevan President Osk Dahl."
    stances = of(open_stances(nlp, text), "Marrow")
    assert all("Dahl" not in s.proposition or "proposal" in s.proposition for s in stances)


def test_conjoined_words_keep_their_and(nlp):
    text = ("Tavonian Foreign Minister Ilse Marrow said Tavonia was ready to discuss a "
            "nationwide ceasefire and safe corridors for aid convoys into Olvena and Kesh.")
    [s] = of(open_stances(nlp, text), "Marrow")
    assert "ceasefire and safe corridors" in s.proposition
    assert s.proposition.endswith("Olvena and Kesh")


def test_a_cut_proposition_does_not_end_on_a_preposition(nlp):
    text = ("Tavonian Foreign Minister Ilse Marrow said Tavonia wanted the Brevan border "
            "authority to take over the northern side of the Olvena river crossing under "
            "joint monitoring by observers.")
    for s in of(open_stances(nlp, text), "Marrow"):
        assert s.proposition.split()[-1] not in ("under", "by", "of", "from", "and")


def test_a_named_subject_of_the_demanded_act_stays(nlp):
    text = "Brevan President Osk Dahl said Tavonia must pull its troops back from the Olvena valley."
    [s] = of(open_stances(nlp, text), "Dahl")
    assert s.stance == "support"
    assert s.proposition.startswith("Tavonia pull its troops back")


def test_a_pronoun_subject_is_still_dropped(nlp):
    text = "Brevan President Osk Dahl said it would never give up the Olvena valley."
    [s] = of(open_stances(nlp, text), "Dahl")
    assert s.stance == "oppose"
    assert s.proposition.startswith("give up the Olvena valley")


def test_the_accusation_is_what_was_alleged(nlp):
    text = ("Brevan prosecutors alleged that Osk Dahl diverted $40m from the Olvena water fund. "
            "Dahl has rejected the accusation.")
    stances = [s for s in open_stances(nlp, text) if s.stance == "oppose"]
    assert stances and "diverted $ 40 m from the Olvena water fund" in stances[0].proposition
    assert "accusation" not in stances[0].proposition


def test_the_release_is_what_was_freed(nlp):
    text = ("Kesh rebels freed four Tavonian engineers on Monday, the Red Cross said. "
            "Tavonian Foreign Minister Ilse Marrow welcomed the release.")
    [s] = of(open_stances(nlp, text), "Marrow")
    assert s.stance == "support"
    assert "four Tavonian engineers" in s.proposition

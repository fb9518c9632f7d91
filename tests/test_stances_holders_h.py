"""Stances (h-stance round): holders the sentence itself does not name, and cues without a
side-taking word. Invented texts; each case failed before its fix."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import analyze_articles
from stances_support import analysed


def _quotes(nlp, text: str) -> list[tuple[str, str]]:
    article = Article("t", text, published="2025-05-02")
    return [(q.speaker.name, q.content.text) for q in next(analyze_articles([article], nlp)).quotes]


ON_AFTER_TELLER = (
    "President Alia Vorn spoke in Tarsk on Monday. “Kestria will defend its harbours and "
    "keep trading with its neighbours,” she said, according to the Meridian Press.\n\n"
    "“Threats from abroad will not weaken our determination to reopen the northern ports.”"
)


def test_a_quote_paragraph_after_an_attributed_one_is_the_same_speakers(nlp):
    """The agency that relayed the first quote did not say the second."""
    said = _quotes(nlp, ON_AFTER_TELLER)
    assert not [s for s, c in said if "Meridian" in s]
    assert any(s == "Alia Vorn" and "Threats from abroad" in c for s, c in said)


def test_a_stance_in_that_paragraph_is_the_speakers(nlp):
    stances = analysed(nlp, ON_AFTER_TELLER).stances
    assert not [s for s in stances if "Meridian" in s.actor]
    assert any(s.actor == "Alia Vorn" and "northern ports" in s.proposition for s in stances)


def test_a_verb_that_judges_its_subject_is_a_position_on_it(nlp):
    """ "X matters" in someone's words: the speaker wants X."""
    text = ("Velorian Defence Minister Oto Kaskin spoke in Dorn on Monday.\n\n"
            "“Calm and stability across the Varan Strait matter not only for our security but "
            "for the whole region,” Kaskin told reporters.")
    found = [s for s in analysed(nlp, text).stances if s.actor == "Oto Kaskin"]
    assert [(s.stance, "stability" in s.proposition) for s in found] == [("support", True)]


def test_the_noun_matter_and_a_negated_verb_judge_nothing(nlp):
    text = ("Velorian Defence Minister Oto Kaskin spoke in Dorn on Monday.\n\n"
            "“The matter of the harbour was discussed, and the order of speakers does not matter,” "
            "Kaskin told reporters.")
    assert not [s for s in analysed(nlp, text).stances if "matter" in s.evidence.text]


def test_taking_aim_at_a_party_opposes_what_it_is_said_to_have_done(nlp):
    text = ("Dovan's envoy Ray Tolm addressed the council on Monday.\n\n"
            "He took particular aim at Kestria, which he said had failed to pay the money it "
            "pledged to the northern force.")
    found = [s for s in analysed(nlp, text).stances if s.actor == "Ray Tolm"]
    assert [s.stance for s in found] == ["oppose"]
    assert "Kestria" in found[0].proposition and "pay" in found[0].proposition


def test_taking_issue_with_a_text_opposes_it(nlp):
    text = ("Kestrian Foreign Minister Lia Moss spoke on Monday.\n\n"
            "Moss took issue with the draft accord on Monday.")
    found = [s for s in analysed(nlp, text).stances if s.actor == "Lia Moss"]
    assert [(s.stance, "accord" in s.proposition) for s in found] == [("oppose", True)]


def test_time_and_again_is_no_target(nlp):
    """ "has threatened time and again to launch strikes": the threat is of the strikes."""
    text = ("Kestrian President Ilo Vorn spoke on Monday.\n\n"
            "Vorn has threatened time and again to launch airstrikes on the harbour should no "
            "deal be reached.")
    found = [s for s in analysed(nlp, text).stances if s.actor == "Ilo Vorn"]
    assert found and all(s.proposition.startswith("launch airstrikes") for s in found)


def test_the_us_is_a_state_not_first_person(nlp):
    """ "whom the US regarded as ...": the United States, not the speaker's "us"."""
    text = ("The plane landed in Dorn on Wednesday.\n\n"
            "The group, among them six citizens whom the US regarded as wrongly imprisoned, "
            "touched down on Wednesday night at the military base in Dorn.")
    found = analysed(nlp, text).stances
    assert [(s.actor, s.stance) for s in found] == [("United States", "oppose")]


def test_an_evaluative_adverb_judges_the_act_it_modifies(nlp):
    text = ("Velorian adviser Tom Brand spoke on Tuesday.\n\n"
            "“Every Velorian who was wrongfully held in Kestria is now safe at home,” Brand "
            "posted on X.")
    found = [s for s in analysed(nlp, text).stances if s.actor == "Tom Brand"]
    assert [(s.stance, s.proposition) for s in found] == [("oppose", "Velorian held in Kestria")]


def test_a_news_agency_relaying_a_persons_words_holds_nothing(nlp):
    text = ("President Ilo Vorn of Kestria received the envoys on Friday, the state news agency "
            "KNA said.\n\n"
            "President Vorn voiced hope that the talks would bring progress toward an end to the "
            "war, and restated Kestria's commitment to backing dialogue and solutions reached "
            "through diplomacy, KNA said.")
    found = analysed(nlp, text).stances
    assert not [s for s in found if s.actor == "KNA"]
    assert [s.actor for s in found] == ["Ilo Vorn"]


IT_PRESSES = ("Dovan's envoy Ray Tolm addressed the council on Monday.\n\n"
              "He criticised Kestria, which he stated had fallen short on the money it pledged, "
              "even as it presses other nations to share the costs of the new northern force.")
IT_REJECTS = ("Kestrian Foreign Minister Lia Moss spoke on Monday.\n\n"
              "“Kestria will not give up its harbours and it rejects the demand for a new "
              "border,” Moss said.")


def test_it_in_a_clause_about_another_party_is_not_the_speaker(nlp):
    """ "X, which he said ..., even as it presses others to pay": X presses, not him."""
    found = [s for s in analysed(nlp, IT_PRESSES).stances if s.actor == "Ray Tolm"]
    assert [s.stance for s in found] == ["oppose"]


def test_it_for_the_speakers_own_state_still_speaks_for_it(nlp):
    found = [s for s in analysed(nlp, IT_REJECTS).stances if s.actor == "Lia Moss"]
    assert [s.stance for s in found] == ["oppose"]


def test_what_a_closure_means_must_happen_is_nobodys_demand(nlp):
    text = ("The harbour of Tarsk remains closed.\n\n"
            "The blockade has shut the Kestrian ports, which means goods must be moved out by "
            "rail and road.")
    assert not analysed(nlp, text).stances


def test_what_a_speaker_says_a_truce_means_is_still_her_demand(nlp):
    text = ("Kestrian Foreign Minister Lia Moss spoke on Monday.\n\n"
            "Moss said the ceasefire means the militias must leave the border villages.")
    found = [s for s in analysed(nlp, text).stances if s.actor == "Lia Moss"]
    assert [s.stance for s in found] == ["support"]


def test_they_after_unnamed_people_names_no_holder(nlp):
    """ "The organisers tied ... . They urged ...": not the party named before them."""
    text = ("The Dovan Party leader Ari Sen praised the ceremony on Friday.\n\n"
            "The organisers tied the handover to a call from the movement's founder. With "
            "tension in the region rising, they urged political players to back peaceful "
            "solutions.")
    assert not [s for s in analysed(nlp, text).stances if "Dovan" in s.actor]


def test_they_after_a_word_for_the_group_is_still_the_group(nlp):
    text = ("The Northern Front said on Friday it would not leave Tarsk.\n\n"
            "The rebels seized the town on Monday. They urged the army to accept a truce.")
    found = [s for s in analysed(nlp, text).stances if "truce" in s.proposition]
    assert [s.actor for s in found] == ["Northern Front"]


def test_talks_that_produced_favourable_results_are_supported(nlp):
    text = ("Kestrian Foreign Minister Lia Moss spoke on Wednesday.\n\n"
            "Moss stated on Wednesday that the Tarsk meetings held with senior officials of "
            "Dovan on the river dam had produced favourable results.")
    found = [s for s in analysed(nlp, text).stances if s.actor == "Lia Moss"]
    assert [(s.stance, "meetings" in s.proposition) for s in found] == [("support", True)]


def test_an_effort_to_do_something_wants_it_done(nlp):
    text = ("The Velorian ambassador Sam Idle spoke on Monday.\n\n"
            "Idle said Veloria stands by the people of Dorn in pressing ahead with every effort "
            "to secure an end to the violence and to widen humanitarian access.")
    found = [s for s in analysed(nlp, text).stances if "humanitarian access" in s.proposition]
    assert [s.stance for s in found] == ["support"]


def test_a_seat_of_government_stands_for_its_state():
    from parley.nlp.actors.countries import load_countries

    index = load_countries()
    assert [index.code(n) for n in ("the Kremlin", "White House", "Downing Street")] == \
        ["RU", "US", "GB"]


def test_the_kremlins_denial_is_held_for_russia(nlp):
    text = ("Velorian Foreign Minister Ari Tamm spoke in Dorn on Monday.\n\n"
            "The Kremlin denied that its drones had crossed into Velorian airspace.")
    result = analysed(nlp, text)
    countries = {a.name: a.country for a in result.actors}
    found = [s for s in result.stances if s.stance == "oppose"]
    assert [countries.get(s.actor) for s in found] == ["RU"]

"""The actor layer, round 6: statements speak for their authors, a body's country from any
word of its name, "the Bolivian diplomat" is a person (not Bolivia), "X's negotiators … they",
headline fragments ("Top Azerbaijani") are nobody, and a lede's title is the person named
with it in the next sentences.

Every person, and the state Dravenia, is invented; the other states are real."""

from __future__ import annotations

import pytest

from actors_support import analyse as _analyse
from actors_support import names as _names
from actors_support import speaker as _speaker
from parley.nlp.actors.component import _country_in_name

# -- 1. a statement speaks for its author ---------------------------------------------------


def test_a_statement_by_a_body_is_the_bodys(nlp):
    text = ("WASHINGTON, May 4 (Wire) - Army and rebel delegations met in Jeddah on Monday. "
            "A statement by the Department of State noted that the two sides had agreed to a "
            "three-day truce.")
    analysis = _analyse(nlp, text)
    assert "State Department" in _speaker(analysis, "three-day truce")
    assert not any("statement" in n.lower() for n in _names(analysis))


def test_the_statement_later_is_the_author_of_the_last_statement(nlp):
    text = ("YEREVAN, May 4 (Wire) - Armenia and Azerbaijan held talks in Geneva on Monday. "
            "Both sides said some progress had been made. A spokesman read out the statement by "
            "the Azerbaijani Foreign Ministry. \"We are ready to sign within a month,\" the "
            "statement said.")
    analysis = _analyse(nlp, text)
    assert _speaker(analysis, "ready to sign") == "Azerbaijani Foreign Ministry"


def test_a_demonym_statement_is_the_states(nlp):
    text = ("JEDDAH, May 4 (Wire) - Army and rebel delegations met on Monday. A Saudi statement "
            "said convoys would reach the city by Friday.")
    analysis = _analyse(nlp, text)
    assert _speaker(analysis, "convoys would reach") == "Saudi Arabia"


def test_a_joint_statement_is_its_authors_together_and_never_an_actor(nlp):
    text = ("JEDDAH, May 4 (Wire) - Army and rebel delegations met in Jeddah on Monday. The "
            "joint US-Saudi statement said the parties had agreed to protect civilians. The "
            "US/Saudi joint statement also urged both sides to let aid through.")
    analysis = _analyse(nlp, text)
    speaker = _speaker(analysis, "protect civilians")
    assert "United States" in speaker and "Saudi Arabia" in speaker
    assert not any("statement" in n.lower() for n in _names(analysis))
    for event in analysis.events:
        assert not any("statement" in p.lower() for p in event.actors + event.recipients)


def test_an_unattributed_statement_is_nobody(nlp):
    text = ("GENEVA, May 4 (Wire) - Talks resumed on Monday. A statement issued after the "
            "meeting said the next round would open in June.")
    analysis = _analyse(nlp, text)
    assert _speaker(analysis, "next round") == ""


# -- 2. a body's country from any word of its name ------------------------------------------


@pytest.mark.parametrize("name, code", [
    ("warring Sudanese army", "SD"),
    ("embattled Bolivian navy", "BO"),
    ("South Sudanese army", "SS"),
    ("Armenia's foreign ministry", "AM"),
    ("Saudi Arabia and United States", None),  # two countries: neither
    ("Friends for Sudan", None),  # a destination, not the body's own
    ("Rapid Support Forces", None),
])
def test_country_in_a_bodys_name(name, code):
    assert _country_in_name(name) == code


def test_an_adjective_before_the_demonym_keeps_the_country(nlp):
    text = ("JEDDAH, May 4 (Wire) - Talks between the warring Sudanese army and the rebels "
            "resumed on Monday. The warring Sudanese army said it would not leave the capital.")
    analysis = _analyse(nlp, text)
    army = [a for a in analysis.actors if "army" in a.name]
    assert army and army[0].country == "SD"


# -- 3. "the Bolivian diplomat" is a person -------------------------------------------------


def test_the_nationality_and_a_person_noun_is_the_person_named_before(nlp):
    text = ("LA PAZ, May 4 (Wire) - Talks on the gas pipeline resumed on Monday. \"We want a "
            "fair price,\" said Mara Quintela, Bolivia's ambassador to Chile. The Bolivian "
            "diplomat said the talks had been frank.")
    analysis = _analyse(nlp, text)
    assert _speaker(analysis, "had been frank") == "Mara Quintela"


def test_the_nationality_and_a_person_noun_alone_is_not_the_country(nlp):
    text = ("LA PAZ, May 4 (Wire) - Talks on the gas pipeline resumed on Monday. The Bolivian "
            "diplomat said the talks had been frank.")
    analysis = _analyse(nlp, text)
    assert _speaker(analysis, "had been frank") == ""
    assert "Bolivia" not in _names(analysis)


def test_the_nationality_and_a_person_noun_with_two_candidates_is_nobody(nlp):
    text = ("LA PAZ, May 4 (Wire) - Bolivian Foreign Minister Mara Quintela and Bolivian "
            "Ambassador Teo Arandi met Chilean officials on Monday. The Bolivian diplomat said "
            "the talks had been frank.")
    analysis = _analyse(nlp, text)
    assert _speaker(analysis, "had been frank") == ""


def test_an_unnamed_official_still_stands_for_the_state(nlp):
    text = ("CAIRO, May 4 (Wire) - Talks resumed on Monday. An Egyptian official said the "
            "crossing would open on Friday.")
    analysis = _analyse(nlp, text)
    assert _speaker(analysis, "crossing would open") == "Egypt"


def test_a_states_particular_official_is_the_person_named_next(nlp):
    text = ("XIAMEN, China, Sept 26 (Wire) - China's top official for maritime affairs told a "
            "forum on Friday that Beijing would never give up its claims.\n\nLiu Weiguo, "
            "director of the Maritime Affairs Office, said talks could resume.")
    analysis = _analyse(nlp, text)
    assert _speaker(analysis, "never give up") == "Liu Weiguo"


# -- 4. "X's negotiators … they" ------------------------------------------------------------


def test_they_after_a_states_negotiators_is_the_state(nlp):
    text = ("YEREVAN, May 4 (Wire) - Armenia's negotiators arrived in Geneva on Monday. They "
            "said they wanted a lasting peace treaty.")
    analysis = _analyse(nlp, text)
    assert _speaker(analysis, "lasting peace treaty") == "Armenia"


def test_a_persons_envoys_are_not_that_person(nlp):
    text = ("MOSCOW, May 4 (Wire) - Gen. Ivo Darnel met Tomas Verin's envoys on Monday. "
            "Verin's envoys said the meeting had been useful.")
    analysis = _analyse(nlp, text)
    assert _speaker(analysis, "meeting had been useful") != "Tomas Verin"


# -- 5. headline fragments ------------------------------------------------------------------


def test_an_adjective_and_a_demonym_is_not_a_person(nlp):
    text = ("Top Azerbaijani hails deal\n\nBAKU, May 4 (Wire) - Azerbaijani President Ilham "
            "Korvan said on Monday the deal was historic.")
    analysis = _analyse(nlp, text)
    people = [a for a in analysis.actors if a.kind == "person"]
    assert [a.name for a in people] == ["Ilham Korvan"]
    assert people[0].country == "AZ"


def test_a_title_after_and_before_a_comma_and_a_name_is_that_persons(nlp):
    text = ("TRIPOLI, May 4 (Wire) - The envoy said he and Tunisian Foreign Minister, Rafik "
            "Mansouri, had agreed on the need for elections.")
    analysis = _analyse(nlp, text)
    actor = [a for a in analysis.actors if a.name == "Rafik Mansouri"][0]
    assert (actor.title, actor.country) == ("foreign minister", "TN")


# -- "her office said" -----------------------------------------------------------------------


def test_her_office_is_the_body_her_title_names(nlp):
    text = ("ADDIS ABABA, Oct. 27 (Wire) - Eritrea's Information Minister Tesfay Gebru said the "
            "reports were false. The African Union's special envoy for the region, Amara Njoki "
            "Wambui, held talks in Asmara last week, her office said.")
    analysis = _analyse(nlp, text)
    assert _speaker(analysis, "held talks in Asmara") == "African Union"


def test_a_title_of_another_country_is_not_the_last_holder_of_that_kind(nlp):
    text = ("SRINAGAR, India, March 2 (Wire) - India will keep the treaty suspended, Home "
            "Minister Arjun Velkar said on Monday.\n\nPakistan's deputy prime minister, who "
            "also holds the foreign affairs portfolio, rejected the accusation. Imran Qadir "
            "Lodhi told the National Assembly that Pakistan condemned the killings.")
    analysis = _analyse(nlp, text)
    lodhi = [a for a in analysis.actors if a.name.endswith("Lodhi")][0]
    velkar = [a for a in analysis.actors if a.name == "Arjun Velkar"][0]
    assert lodhi.country == "PK" and "deputy prime minister" in (lodhi.title or "")
    assert velkar.country != "PK"

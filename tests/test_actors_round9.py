"""The actor layer, round 9 (coordinator's fixes from reading real wire copy): an unnamed
official described by a named group speaks for that group, not for a plural "officials"
met earlier; "he" after "prosecutors alleged that X did Y" is X when no subject or speaker
of that sentence fits (the prosecutors are no "he").

Every person and group here is invented."""

from __future__ import annotations

from actors_support import analyse as _analyse
from actors_support import speaker as _speaker


def test_a_group_official_speaks_for_the_group_not_for_earlier_officials(nlp):
    a = _analyse(
        nlp,
        "Officials from the Velmar Front and the government said a truce was close.\n\n"
        "But a senior Velmar Front official told Wire on Monday that the movement had not "
        "yet answered the proposal.",
    )
    assert _speaker(a, "had not yet answered") == "Velmar Front"
    assert _speaker(a, "a truce was close") != "Velmar Front"


def test_an_unnamed_official_of_a_state_still_speaks_for_the_state(nlp):
    a = _analyse(
        nlp,
        "Officials in the region said the talks would resume.\n\n"
        "An Egyptian official told Wire on Monday that the delegations would arrive in Cairo.",
    )
    assert _speaker(a, "delegations would arrive") == "Egypt"


def test_he_after_an_allegation_is_the_accused_when_no_speaker_fits(nlp):
    a = _analyse(
        nlp,
        '"We were treated fairly," Tomas Brevik said on Tuesday.\n\n'
        "Prosecutors have alleged that Anselm Quarry moved $40m through shell companies. "
        "He has rejected the accusation.",
    )
    holders = [s.actor for s in a.stances if "accusation" in s.evidence.text]
    assert holders == ["Anselm Quarry"], [(s.actor, s.evidence.text) for s in a.stances]


def test_he_after_a_reported_subject_is_still_the_speaker_who_fits(nlp):
    a = _analyse(
        nlp,
        "Foreign Minister Tomas Brevik said that Anselm Quarry would lead the delegation. "
        '"He will report to me," he said.',
    )
    assert _speaker(a, "report to me") == "Tomas Brevik"



def test_a_demonym_tagged_apart_from_a_ministry_names_the_ministry_of_that_state():
    import spacy
    from spacy.tokens import Span as TokenSpan

    from parley.nlp.actors.component import repair_country_ents

    doc = spacy.blank("en")("Qatari Foreign Ministry spokesman Fahd Nour said so.")
    doc.ents = [TokenSpan(doc, 0, 1, label="NORP"), TokenSpan(doc, 1, 3, label="ORG"),
                TokenSpan(doc, 4, 6, label="PERSON")]
    repair_country_ents(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Qatari Foreign Ministry", "ORG"), ("Fahd Nour", "PERSON")
    ]


def test_a_demonym_before_an_organisation_that_is_no_state_body_stays_apart():
    import spacy
    from spacy.tokens import Span as TokenSpan

    from parley.nlp.actors.component import repair_country_ents

    doc = spacy.blank("en")("Qatari Airways flew the delegates home.")
    doc.ents = [TokenSpan(doc, 0, 1, label="NORP"), TokenSpan(doc, 1, 2, label="ORG")]
    repair_country_ents(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Qatari", "NORP"), ("Airways", "ORG")]


def test_a_demonym_tagged_apart_from_an_army_names_that_state_s_army():
    import spacy
    from spacy.tokens import Span as TokenSpan

    from parley.nlp.actors.component import repair_country_ents

    doc = spacy.blank("en")("The Sudanese Armed Forces said so.")
    doc.ents = [TokenSpan(doc, 1, 2, label="NORP"), TokenSpan(doc, 2, 4, label="ORG")]
    repair_country_ents(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Sudanese Armed Forces", "ORG")]



def test_a_party_leader_is_of_the_country_named_around_him(nlp):
    a = _analyse(
        nlp,
        "Poland's parliament voted on Monday to extend the border mission.\n\n"
        "Green Harvest Party leader Ilan Marant said the vote was a turning point for Poland.",
    )
    [person] = [x for x in a.actors if x.name == "Ilan Marant"]
    assert person.country == "PL"

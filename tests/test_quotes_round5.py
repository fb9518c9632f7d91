"""Quote rules on wire copy (round 5): names in quotation marks, documents, collectives
that no one speaks for, joint decisions, someone else's proposal as an object."""

from __future__ import annotations

import pytest

from parley.nlp.quotes.marks import find_quoted
from parley.nlp.quotes.rules import _is_term
from quotes_support import contents, quote_rules


@pytest.fixture(scope="module")
def nlp():
    return quote_rules()


def _terms(text: str) -> list[bool]:
    return [_is_term(text, q) for q in find_quoted(text)]


def test_quoted_words_after_the_are_a_name():
    text = 'Ostreli officials refer to the road as the "Varn corridor", a term that Dunmere rejects.'
    assert _terms(text) == [True]


def test_a_statement_after_the_is_not_a_name():
    text = 'Ilse Marrow said the "talks will resume in Dunmere next week, whatever Keldor says."'
    assert _terms(text) == [False]
    text = 'Ilse Marrow said the talks had been "serious and constructive".'
    assert _terms(text) == [False]


def test_according_to_a_document_has_no_speaker(nlp):
    text = ("The envoy is carrying a proposal for a month-long truce around Varn, "
            "according to a copy of the draft seen by Wire.")
    assert not any("month-long truce" in c for c in contents(nlp, text))


def test_according_to_a_ministry_is_still_a_quote(nlp):
    text = "The second round in Dunmere was postponed, according to Ostrel's foreign ministry."
    assert any("second round" in c for c in contents(nlp, text))


def test_neither_government_reports_nothing(nlp):
    text = "Neither government has confirmed reports of troops massing near the Varn river."
    assert not any("troops massing" in c for c in contents(nlp, text))


def test_each_side_reports_nothing(nlp):
    text = "Each side accused the other of opening fire first near Varn on Thursday night."
    assert not any("opening fire" in c for c in contents(nlp, text))


def test_a_joint_pledge_of_the_two_sides_is_not_a_quote(nlp):
    text = "The meeting was the first since the two sides agreed to mark another stretch of their border."
    assert not any("mark another stretch" in c for c in contents(nlp, text))


def test_one_speaker_agreeing_is_still_a_report(nlp):
    text = "Ilse Marrow agreed to travel to Dunmere for a second round of talks next month."
    assert any("travel to Dunmere" in c for c in contents(nlp, text))


def test_two_that_clauses_are_one_report(nlp):
    text = ("Keldor's military said in a statement that the two directors general of military "
            "operations had reaffirmed their 2021 understanding and that brigade commanders would "
            "meet at the Varn crossing on Saturday to settle local disputes.")
    found = contents(nlp, text)
    assert len([c for c in found if "directors" in c or "brigade commanders" in c]) == 1
    assert any("directors" in c and "brigade commanders" in c for c in found)


def test_rejecting_an_offer_is_not_a_quote(nlp):
    text = "Keldor on Monday rejected an offer of talks from Ostrel's unification minister."
    assert not any("offer of talks" in c for c in contents(nlp, text))


def test_rejecting_a_claim_with_content_is_still_a_quote(nlp):
    text = "Ilse Marrow denied that Ostreli troops had crossed the Varn river."
    assert any("Ostreli troops had crossed" in c for c in contents(nlp, text))


def test_referring_a_case_to_a_council_is_not_a_quote(nlp):
    text = ("The agency's 35-nation board can refer Keldor to the U.N. Security Council "
            "if it finds Dunmere in breach of its obligations.")
    assert not any("Security Council" in c for c in contents(nlp, text))


def test_referring_to_is_the_reporters_gloss(nlp):
    text = '"We will not build a second capital inside Varn," Tomas Halek said, referring to the enclave across the river.'
    found = contents(nlp, text)
    assert not any("enclave across the river" in c for c in found)
    assert any("second capital" in c for c in found)


def test_discussing_requests_still_reports_the_topic(nlp):
    text = "Members of the Varn committee met the ministry's liaison Ilse Marrow on Monday to discuss document requests."
    assert any("document requests" in c for c in contents(nlp, text))

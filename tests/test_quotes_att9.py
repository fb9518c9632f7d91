"""Quote rules of attribution round 9 (issue 14): transcripts, polls and reckonings, report
nouns with their owner, headline names without an entity type, and four more verbs whose
plain object is what was said. Invented sentences, invented people and places."""

from __future__ import annotations

import pytest

from quotes_support import quote_rules


@pytest.fixture(scope="module")
def nlp():
    return quote_rules(paragraphs=True)


def _quotes(nlp, text):
    return nlp(text)._.parley_quotes


def _by_content(nlp, text, start):
    return [q for q in _quotes(nlp, text) if q["content"]["text"].startswith(start)]


TRANSCRIPT = (
    "Talks on the Varna corridor resumed on Sunday.\n\n"
    "HOLLIS: Will the ministry sign the draft before the deadline?\n\n"
    "KOVACS: We will not sign anything that gives away the northern valleys.\n\n"
    "HOLLIS: Thank you, minister.\n"
)


def test_a_transcript_turn_is_its_speakers_words(nlp):
    [q] = _by_content(nlp, TRANSCRIPT, "We will not sign")
    assert q["speaker"]["mention"]["text"] == "KOVACS"
    assert q["content"]["text"].endswith("northern valleys")
    assert _by_content(nlp, TRANSCRIPT, "Will the ministry sign")


def test_a_one_off_capitalised_label_is_no_speaker(nlp):
    text = "UPDATE: The ministry said the talks would resume on Monday in Varna.\n"
    assert not any(q["speaker"]["mention"] and q["speaker"]["mention"]["text"] == "UPDATE"
                   for q in _quotes(nlp, text))


def test_a_finding_set_in_a_poll_is_the_polls(nlp):
    text = "In the latest Hadley Institute poll, Moreau leads Petrak by four points among likely voters."
    [q] = _by_content(nlp, text, "Moreau leads")
    assert "poll" in q["speaker"]["mention"]["text"]


def test_voters_questioned_in_a_poll_report_nothing_of_it(nlp):
    text = "Most of the voters questioned in the survey were farmers from the northern valleys."
    assert not any("poll" in (q["speaker"]["mention"] or {}).get("text", "")
                   or "survey" in (q["speaker"]["mention"] or {}).get("text", "")
                   for q in _quotes(nlp, text))


def test_by_ones_own_admission(nlp):
    text = "By Moreau's own admission, the ministry never read the draft before it was signed."
    [q] = _by_content(nlp, text, "the ministry never read")
    assert "Moreau" in q["speaker"]["mention"]["text"]


@pytest.mark.parametrize(
    ("text", "start", "owner"),
    [
        ("Petrak's conclusion that the vote had been fair surprised the opposition.",
         "the vote had been fair", "Petrak"),
        ("His pledge to withdraw the troops from Varna by March came as a surprise.",
         "to withdraw the troops", "His"),
        ("Moreau's bet is that the ceasefire will hold until the spring thaw.",
         "the ceasefire will hold", "Moreau"),
    ],
)
def test_a_report_noun_with_its_owner(nlp, text, start, owner):
    [q] = _by_content(nlp, text, start)
    assert owner in q["speaker"]["mention"]["text"]


def test_a_report_noun_another_cue_reports_is_left_to_that_cue(nlp):
    text = "The opposition criticised Petrak's pledge to close the border crossing at Varna."
    assert not [q for q in _quotes(nlp, text) if q["content"]["text"].startswith("to close")]


def test_an_ownerless_report_noun_is_no_quote(nlp):
    text = "The decision to reopen the border crossing came after weeks of talks."
    assert not _by_content(nlp, text, "reopen the border")


def test_a_headline_name_without_an_entity_type(nlp):
    text = "Kovacs: Varna Talks Will Go On Without The Army\n\nThe talks resumed on Monday.\n"
    [q] = _by_content(nlp, text, "Varna Talks")
    assert q["speaker"]["mention"]["text"] == "Kovacs"


def test_a_kicker_is_not_a_headline_speaker(nlp):
    text = "Correction: October 2, Sunday\n\nThe talks resumed on Monday.\n"
    assert not _by_content(nlp, text, "October")


@pytest.mark.parametrize(
    ("text", "start"),
    [
        ("The envoy noted the progress made on the prisoner exchange.", "the progress"),
        ("Farmers expressed concern that the new border post would cut them off from the market.",
         "concern that"),
        ("The minister touted his record on the northern valleys.", "his record"),
    ],
)
def test_communication_verbs_take_a_plain_object(nlp, text, start):
    assert _by_content(nlp, text, start), _quotes(nlp, text)


def test_a_bare_feeling_says_nothing(nlp):
    text = "Petrak expressed frustration after the meeting in Varna."
    assert not _by_content(nlp, text, "frustration")


# -- the model's side: sources of subjectless cues, noun-phrase contents of telling verbs --


def _parsed(nlp, text):
    return nlp(text)


def _tok(doc, word):
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        ("The ministry issued a statement saying that the talks would resume in Varna.",
         "saying", "a statement"),
        ("After saying the talks would resume, Petrak left for Varna on Monday.", "saying", "Petrak"),
    ],
)
def test_a_subjectless_participle_speaks_with_its_noun_or_clause(nlp, text, cue, source):
    from parley.nlp.attribution.link import parsed_source

    doc = _parsed(nlp, text)
    tok = _tok(doc, cue)
    found = parsed_source(doc, doc[tok.i : tok.i + 1])
    assert found is not None and found.text == source


@pytest.mark.parametrize(
    ("text", "verb", "start", "end", "expected"),
    [
        ("The envoy cited the drought as the main reason for the delay.", "cited", 3, 11, True),
        ("The envoy described the talks as frank and useful.", "described", 3, 9, True),
        ("The envoy confirmed the call.", "confirmed", 3, 5, False),
        ("The envoy rejected the plan for the northern valleys.", "rejected", 3, 9, False),
        ("The envoy likened the truce to a house of cards.", "likened", 3, 10, True),
        ("The talks ended, the ministry said, without giving details.", "said", 8, 11, False),
    ],
)
def test_telling_verbs_take_a_noun_phrase_content(nlp, text, verb, start, end, expected):
    from parley.nlp.attribution.component import told

    doc = _parsed(nlp, text)
    tok = _tok(doc, verb)
    assert told(doc[tok.i : tok.i + 1], [doc[start:end]]) is expected

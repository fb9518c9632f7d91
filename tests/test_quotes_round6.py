"""False quotes (issue 16): cues the rules refuse and the model's merge respects, model cues
that report nothing, mixed quotes, joint decisions. Invented sentences only."""

from __future__ import annotations

import pytest
import spacy

from parley.api import analyze
from parley.nlp.attribution.merge import merge, reports
from parley.nlp.pipeline import MODEL, RULE_TASKS, build_pipeline
from quotes_support import quote_rules


@pytest.fixture(scope="module")
def nlp():
    return quote_rules(paragraphs=True)


def _refused(nlp, text: str) -> list[str]:
    doc = nlp(text)
    return [doc.text[s:e] for s, e in doc._.parley_refused_cues]


def _quotes(nlp, text: str) -> list[tuple[str, bool]]:
    return [(q["content"]["text"], q["direct"]) for q in nlp(text)._.parley_quotes]


# -- refused cues --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, cue",
    [
        ("Neither government has confirmed reports that troops crossed the river.", "confirmed"),
        ("No official said the ferry would run again.", "said"),
        ("The two sides agreed to reopen the Varn crossing in May.", "agreed"),
        ('"The road stays closed," Tomas Irving said, referring to the 2019 accord.', "referring"),
    ],
)
def test_the_rules_record_the_cues_they_refuse(nlp, text, cue):
    assert cue in _refused(nlp, text)
    assert not any(not d for _, d in _quotes(nlp, text))  # and report no indirect quote there


def test_a_report_is_not_a_refused_cue(nlp):
    text = "Mayor Ilsa Brandt said the pier would open in April."
    assert _refused(nlp, text) == []
    assert _quotes(nlp, text) == [("the pier would open in April", False)]


def test_each_side_still_reports(nlp):
    """A distributive subject names two speakers, not none: the model may add that report."""
    assert _refused(nlp, "Each side says the other broke the truce at Varn.") == []


def _quote(start: int, end: int, cue: tuple[int, int]) -> dict:
    return {
        "id": f"q{start}",
        "content": {"text": "x", "start": start, "end": end},
        "direct": False,
        "speaker": {"name": "Voss", "mention": {"text": "Voss", "start": 0, "end": 4}},
        "cue": {"text": "c", "start": cue[0], "end": cue[1]},
        "_speaker_i": 0,
    }


def test_merge_drops_a_model_quote_on_a_refused_cue():
    found = [_quote(20, 40, (10, 19)), _quote(60, 80, (50, 55))]
    assert [q["id"] for q in merge([], found, [[10, 19]])] == ["q60"]
    assert [q["id"] for q in merge([], found, [])] == ["q20", "q60"]
    assert [q["id"] for q in merge([], found)] == ["q20", "q60"]


# -- model cues that report nothing ---------------------------------------------------------


@pytest.fixture(scope="module")
def parse():
    return spacy.load(MODEL)


def _span(doc, words: str):
    start = doc.text.index(words)
    return doc.char_span(start, start + len(words), alignment_mode="expand")


@pytest.mark.parametrize(
    "text, cue, content, source, expected",
    [
        ("Earlier rounds of talks produced promises to protect civilians.", "produced",
         "promises to protect civilians", "Earlier rounds", False),
        ("The first phase of the truce has seen 25 prisoners freed in exchange for grain.",
         "has seen", "25 prisoners freed in exchange for grain", "The first phase", False),
        ("Minister Voss sees the deal as a trap for the fishermen.", "sees",
         "the deal as a trap for the fishermen", "Minister Voss", True),
        ("Voters in Dunmere saw that Brandt could win the vote.", "saw",
         "Brandt could win the vote", "Voters", True),
        ("The talks are expected to cover the salaries of port workers.", "are expected",
         "The talks are expected to cover the salaries of port workers", None, False),
        ("Mayor Ilsa Brandt said the pier would open in April.", "said",
         "the pier would open in April", "Mayor Ilsa Brandt", True),
    ],
)
def test_reports(parse, text, cue, content, source, expected):
    doc = parse(text)
    src = _span(doc, source) if source else None
    assert reports(_span(doc, cue), [_span(doc, content)], False, src) is expected


def test_a_passive_cue_with_a_source_still_reports(parse):
    doc = parse("The talks are expected to cover port salaries, the ministry said.")
    cue, content = _span(doc, "are expected"), _span(doc, "The talks are expected to cover port salaries")
    assert reports(cue, [content], False, _span(doc, "the ministry")) is True
    assert reports(cue, [content], False, None) is False


# -- mixed quotes -------------------------------------------------------------------------


def test_scare_quotes_inside_a_reported_clause_are_one_indirect_quote(nlp):
    text = (
        'The Dunmere council said the fishermen had been "detained" for entering a closed zone '
        'and would be released "in the coming days".'
    )
    ((content, direct),) = _quotes(nlp, text)
    assert content.startswith("the fishermen had been")
    assert "in the coming days" in content
    assert direct is False


def test_a_short_quoted_phrase_in_a_clause_takes_the_clause(nlp):
    text = 'Ilse Marrow said the ferry would run again only once the pier was "safe and open".'
    ((content, direct),) = _quotes(nlp, text)
    assert content.startswith("the ferry would run again")
    assert direct is False


def test_a_quoted_predicate_is_the_quote(nlp):
    """What the speaker called it ("the talks had been 'serious and constructive'") stays the
    quoted words, as with "called it 'a real step'"."""
    text = 'Ilse Marrow said the talks in Varn had been "serious and constructive".'
    assert _quotes(nlp, text) == [("serious and constructive", True)]


def test_a_quoted_statement_stays_direct(nlp):
    text = 'Ilse Marrow said: "The talks will resume in Varn next week, whatever Keldor says."'
    ((content, direct),) = _quotes(nlp, text)
    assert content.startswith("The talks will resume")
    assert direct is True


def test_a_name_in_a_relative_clause_on_the_speaker_is_not_what_was_said(nlp):
    text = (
        'The rebels\' chief negotiator, Tomas Irving, who uses the nom de guerre "Falcon", '
        "said the group would free the captives in May."
    )
    contents = [c for c, _ in _quotes(nlp, text)]
    assert "Falcon" not in contents
    assert "the group would free the captives in May" in contents


# -- joint decisions ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def rules_pipeline():
    return build_pipeline(RULE_TASKS)


def test_a_joint_decision_is_an_event_not_a_quote(rules_pipeline):
    text = (
        "Ostrelia and Dunmere agreed on Friday to reopen the Varn border crossing for three "
        "months, after talks in the port city of Kessa.\n\n"
        "Foreign Minister Ilse Marrow said the crossing would open on Monday."
    )
    out = analyze(text, published="2026-03-06", nlp=rules_pipeline)
    contents = [q.content.text for q in out.quotes]
    assert contents == ["the crossing would open on Monday"]
    doc = rules_pipeline(text)  # the layers after the quotes still see the decision
    assert any(q.get("_joint") for q in doc._.parley_quotes)


def test_one_party_agreeing_is_still_a_report(rules_pipeline):
    text = "Ostrelia agreed on Friday to reopen the Varn border crossing for three months."
    out = analyze(text, published="2026-03-06", nlp=rules_pipeline)
    assert [q.content.text for q in out.quotes] == [
        "to reopen the Varn border crossing for three months"
    ]

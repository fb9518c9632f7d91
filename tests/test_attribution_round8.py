"""Round 8 of issue 14 (PolNeAR attribution): a report hung on a reported clause is a report
of its own. Invented sentences only."""

from __future__ import annotations

import pytest

from quotes_support import quote_rules


@pytest.fixture(scope="module")
def rules():
    return quote_rules(paragraphs=True)


def _quotes(nlp, text: str) -> list[tuple[str, str, str]]:
    return [
        (q["content"]["text"], q["cue"]["text"], (q["speaker"].get("mention") or {}).get("text") or "")
        for q in nlp(text)._.parley_quotes
    ]


# -- a second report inside a reported clause ends it ---------------------------------------


@pytest.mark.parametrize(
    "text, first, second",
    [
        # a participle after a comma is the speaker's, not the clause's
        (
            "Harbour analysts said the new quay had raised Velmora's trade, citing the rise in "
            "grain exports.",
            ("the new quay had raised Velmora's trade", "said", "Harbour analysts"),
            ("the rise in grain exports", "citing", "Harbour analysts"),
        ),
        # a concessive clause with a cue and a subject of its own
        (
            "Mayor Ilsa Brandt said the ferry would run in April, though she noted that the "
            "pier still needs repairs.",
            ("the ferry would run in April", "said", "Ilsa Brandt"),
            ("the pier still needs repairs", "noted", "she"),
        ),
    ],
)
def test_a_report_hung_on_the_clause_is_its_own_quote(rules, text, first, second):
    found = _quotes(rules, text)
    assert first in found
    assert second in found


def test_a_participle_that_is_no_cue_stays_in_the_clause(rules):
    text = "Harbour analysts said the new quay had raised trade, doubling the grain exports of Velmora."
    assert _quotes(rules, text) == [
        ("the new quay had raised trade, doubling the grain exports of Velmora", "said", "Harbour analysts")
    ]


def test_a_bare_conjunct_stays_in_the_report(rules):
    """'said he had spoken to X and urged him to ...': the wire gold reads one report."""
    text = "The envoy Karl Ostrander said he had spoken to Voss on Sunday and urged him to send a delegation."
    (only,) = _quotes(rules, text)
    assert only[0].endswith("urged him to send a delegation")
    assert only[2] == "Karl Ostrander"


# -- a headline attribution may hold quoted words -------------------------------------------


def test_a_headline_attribution_holds_its_quoted_words(rules):
    text = (
        "John Halvorsen: Harbour Voters Worried About the New Deal; It Is ‘a Trap.’\n\n"
        "The mayor spoke to reporters in the port on Monday.\n"
    )
    found = _quotes(rules, text)
    assert found[0][0] == "Harbour Voters Worried About the New Deal; It Is ‘a Trap"
    assert found[0][2] == "John Halvorsen"



# -- a reporting verb set off after its clause ----------------------------------------------


def test_an_aside_reports_the_clause_around_it(rules):
    text = "The old quay was a lifeline, Mr. Halvorsen said, until the storm closed it in 1999."
    quote = next(q for q in rules(text)._.parley_quotes if q["cue"]["text"] == "said")
    assert text[quote["content"]["start"] : quote["content"]["end"]].startswith("The old quay was a lifeline")
    assert quote["content"]["end"] == text.index(" in 1999") + len(" in 1999")
    assert quote["speaker"]["mention"]["text"] == "Halvorsen"


def test_an_aside_needs_a_clause_before_it(rules):
    assert _quotes(rules, "In the port of Varn, officials said.") == []


# -- a paragraph set off after "X added:" ---------------------------------------------------


def test_a_paragraph_after_a_cue_and_colon_is_the_speakers(rules):
    text = (
        "Governor Halvorsen spoke to the radio on Monday.\n\n"
        "The governor added:\n\n"
        "It is typical of the council. It knows nothing about the harbour.\n\n"
        "The port stayed closed.\n"
    )
    found = _quotes(rules, text)
    assert ("It is typical of the council. It knows nothing about the harbour", "added", "The governor") in found
    assert not any(c.startswith("The port") for c, _, _ in found)


def test_a_quoted_paragraph_after_the_colon_is_left_to_the_direct_rules(rules):
    text = "The governor added:\n\n“It is typical of the council.”\n"
    assert [c for c, _, _ in _quotes(rules, text)] == ["It is typical of the council."]


# -- "according to" ---------------------------------------------------------------------------


def test_according_to_a_speech_someone_gave_is_theirs(rules):
    text = "The levy is meant to curb speculators, according to a speech Ms. Varga delivered in Tarn in July."
    (found,) = _quotes(rules, text)
    assert found == ("The levy is meant to curb speculators", "according to", "Varga")


def test_according_to_may_report_a_clause_with_quoted_words(rules):
    text = ('According to the complaint, the developers ran a "massive fraudulent scheme" in which they '
            '"looted" the harbour fund.')
    (found,) = _quotes(rules, text)
    assert found[0].startswith('the developers ran a "massive fraudulent scheme"')
    assert found[1:] == ("According to", "the complaint")


# -- a name under a quotation after a dash the tokenizer glued to the mark ------------------


def test_a_dash_glued_to_the_closing_mark_still_names_the_speaker(rules):
    text = (
        "Readers wrote to the paper.\n\n"
        "“The new harbour levy is unfair to small traders. It should go.”― Lucia Ramos\n"
    )
    found = _quotes(rules, text)
    assert ("The new harbour levy is unfair to small traders. It should go.", "”―", "Lucia Ramos") in found


# -- a cue after a finished quotation that opens the next one ---------------------------------


def test_a_cue_opening_the_next_quotation_is_not_the_first_ones(rules):
    text = ("He told her, “Of course the ferry will run. I was only joking.” To which she said, "
            "“Thank God the ferry still runs.”")
    found = _quotes(rules, text)
    assert ("Thank God the ferry still runs.", "said", "she") in found
    assert not any(c.startswith("Of course") and "Thank God" in c for c, _, _ in found)


def test_a_split_quote_stays_one(rules):
    found = _quotes(rules, "“We will not go,” Halvorsen said, “and we will not stay.”")
    assert [c for c, _, _ in found] == ["We will not go, and we will not stay."]


# -- "as X put it" ----------------------------------------------------------------------------


def test_as_someone_put_it_reports_the_clause(rules):
    found = _quotes(rules, "The main test is a lawful source of income, as a harbour board memo put it.")
    assert found == [("The main test is a lawful source of income", "put it", "a harbour board memo")]


def test_as_someone_put_it_before_a_quotation_reports_the_quotation(rules):
    text = "As Ms. Varga put it in a statement in July, the levy is ''a tax on every fisherman in Tarn.''"
    (found,) = _quotes(rules, text)
    assert found[0].startswith("the levy is ''a tax on every fisherman")
    assert found[1:] == ("put it", "Varga")


def test_putting_a_thing_somewhere_reports_nothing(rules):
    assert _quotes(rules, "He put it on the table as she put it away.") == []


# -- a report split from its clause by an aside --------------------------------------------------


def test_a_cue_split_from_its_that_clause_by_an_aside_reports_it(rules):
    text = ("The Republican nominee continues to insist, most recently in a Labor Day interview with "
            "the Tarn Gazette, that he really, really wants to release his taxes.")
    found = _quotes(rules, text)
    assert ("he really, really wants to release his taxes", "insist", "The Republican nominee") in found
    assert not any(c.startswith("The Republican nominee") for c, _, _ in found)


def test_an_aside_between_subject_and_verb_reports_both_sides(rules):
    text = "The council met on Friday. The new quay, the harbour board said, was its biggest yet."
    quote = next(q for q in rules(text)._.parley_quotes if q["cue"]["text"] == "said")
    assert text[quote["content"]["start"] : quote["content"]["end"]] == (
        "The new quay, the harbour board said, was its biggest yet")
    assert quote["speaker"]["mention"]["text"] == "the harbour board"


def test_as_someone_said_reports_the_clause(rules):
    found = _quotes(rules, "The road to Varn is closed, as police have said.")
    assert found == [("The road to Varn is closed", "said", "police")]


def test_as_with_a_complement_of_its_own_is_left_to_the_clause_rules(rules):
    assert ("he would", "said", "he") in _quotes(rules, "He left the port early, as he said he would.")

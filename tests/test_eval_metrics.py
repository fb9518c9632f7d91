"""Scoring rules of parley.eval.metrics on small literal cases."""

from __future__ import annotations

import pytest

from parley.eval.metrics import (
    PRF,
    TokenIndex,
    dice,
    name_tokens,
    names_match,
    score_events,
    score_quote_doc,
    score_quotes,
    score_stances,
    speaker_right,
)
from parley.model import Analysis, Article, DateRef, Event, Quote, Span, Speaker, Stance

TEXT = (
    'Minister Oda Brekke said the ferry talks "went well" and she expects a deal soon. '
    "He added that nothing is final, while the union said it would strike."
)


def sp(part: str, nth: int = 0) -> Span:
    """The span of the ``nth`` occurrence of ``part`` in TEXT."""
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(part, start + 1)
    return Span.of(TEXT, start, start + len(part))


def segs(*parts: str) -> Span:
    """A discontinuous span made of the first occurrences of ``parts``."""
    return Span.of_segments(TEXT, [sp(p).ranges()[0] for p in parts])


def quote(content: Span, name: str = "Oda Brekke", mention: Span | None = None) -> Quote:
    return Quote(
        id=f"q{content.start}", content=content, direct=False, speaker=Speaker(name, mention)
    )


def doc(quotes: list[Quote], **kw) -> Analysis:
    return Analysis("d1", Article("d1", TEXT), quotes=quotes, **kw)


# -- tokens -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "ranges, words",
    [
        ([(0, 8)], ["Minister"]),
        ([(0, 3)], ["Minister"]),  # a partly covered word counts
        ([(8, 9)], []),  # only the space between two words
        ([(9, 19)], ["Oda", "Brekke"]),
        ([(0, 8), (9, 12)], ["Minister", "Oda"]),
        ([(5, 5)], []),
    ],
)
def test_token_index_maps_character_ranges_to_words(ranges, words):
    index = TokenIndex(TEXT)
    all_words = TEXT.replace('"', " ").replace(".", " ").replace(",", " ").split()
    assert [all_words[i] for i in sorted(index.tokens(ranges))] == words


@pytest.mark.parametrize(
    "a, b, expected",
    [({1, 2}, {1, 2}, 1.0), ({1, 2, 3}, {3}, 0.5), ({1}, {2}, 0.0), (set(), set(), 0.0)],
)
def test_dice(a, b, expected):
    assert dice(frozenset(a), frozenset(b)) == pytest.approx(expected)


@pytest.mark.parametrize(
    "tp, predicted, gold, p, r, f1",
    [(2, 4, 8, 0.5, 0.25, 1 / 3), (0, 0, 5, 0.0, 0.0, 0.0), (3, 3, 3, 1.0, 1.0, 1.0)],
)
def test_prf(tp, predicted, gold, p, r, f1):
    prf = PRF(tp, predicted, gold)
    assert (prf.precision, prf.recall, prf.f1) == pytest.approx((p, r, f1))


# -- content matching ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "gold, pred, overlap, dice_match",
    [
        (sp("went well"), sp("went well"), 1, 1),
        (sp("the ferry talks"), sp("ferry"), 1, 1),  # 1 of 3 words: Dice 0.5
        (sp("the ferry talks"), sp("talks"), 1, 1),
        (sp('the ferry talks "went well"'), sp("talks"), 1, 0),  # Dice 2/6
        (sp("went well"), sp("and she expects"), 0, 0),  # adjacent, no shared word
        (sp("nothing is final"), sp("the union said"), 0, 0),
        # discontinuous gold: the predicted part inside the gap does not match
        (segs("the ferry talks", "she expects a deal soon"), sp("went well"), 0, 0),
        (segs("the ferry talks", "she expects a deal soon"), sp("a deal soon"), 1, 1),
        # discontinuous prediction against a continuous gold
        (sp("nothing is final"), segs("Minister", "final"), 1, 0),
    ],
)
def test_content_match(gold, pred, overlap, dice_match):
    scored = score_quote_doc(doc([quote(gold)]), doc([quote(pred)]))
    assert (len(scored.overlap_pairs), len(scored.dice_pairs)) == (overlap, dice_match)


def test_matching_is_one_to_one_and_greedy_by_overlap():
    gold = [quote(sp("Minister Oda Brekke said")), quote(sp('the ferry talks "went well"'))]
    # the prediction shares 1 word with the first gold quote and 3 with the second
    pred = [quote(sp("said the ferry talks"))]
    scored = score_quote_doc(doc(gold), doc(pred))
    assert scored.overlap_pairs == [(1, 0, True)]


def test_a_gold_quote_takes_one_prediction_only():
    gold = [quote(sp('the ferry talks "went well"'))]
    pred = [quote(sp("went well")), quote(sp('the ferry talks "went'))]
    scores = score_quotes([doc(gold)], [doc(pred)])
    assert scores.docs[0].overlap_pairs == [(0, 1, True)]  # 4 shared words beat 2
    assert (scores.content_overlap.precision, scores.content_overlap.recall) == (0.5, 1.0)


def test_equal_overlap_prefers_the_pairing_with_the_right_speaker():
    content = sp("nothing is final")
    gold = [quote(content, "Oda Brekke"), quote(content, "Kai Moen")]
    pred = [quote(content, "Kai Moen"), quote(content, "Oda Brekke")]
    scores = score_quotes([doc(gold)], {"d1": doc(pred)})
    assert scores.e2e.tp == 2


def test_empty_predictions_score_zero_recall():
    scores = score_quotes([doc([quote(sp("went well")), quote(sp("nothing is final"))])], [])
    assert (scores.gold, scores.predicted) == (2, 0)
    assert scores.summary()["content_overlap_f1"] == 0.0
    assert scores.summary()["e2e_r"] == 0.0


def test_no_gold_and_no_prediction_is_not_an_error():
    scores = score_quotes([doc([])], [doc([])])
    assert scores.e2e == PRF(0, 0, 0)


def test_micro_average_sums_counts_over_documents():
    d1 = doc([quote(sp("went well")), quote(sp("nothing is final"))])
    d2 = Analysis("d2", Article("d2", TEXT), quotes=[quote(sp("went well"))])
    preds = {
        "d1": doc([quote(sp("went well"))]),
        "d2": Analysis("d2", Article("d2", TEXT), quotes=[quote(sp("went well"), "Kai Moen")]),
    }
    scores = score_quotes([d1, d2], preds)
    assert scores.content_overlap == PRF(2, 2, 3)
    assert scores.e2e == PRF(1, 2, 3)
    assert scores.speaker_accuracy == 0.5
    assert [d["e2e"]["tp"] for d in scores.to_json()["documents"]] == [1, 0]


def test_details_list_missed_spurious_and_wrong_speakers():
    gold = doc([quote(sp("went well")), quote(sp("nothing is final"))])
    pred = doc([quote(sp("went well"), "Kai Moen"), quote(sp("the union said"))])
    details = score_quote_doc(gold, pred).to_json(details=True)
    assert [m["content"] for m in details["missed"]] == ["nothing is final"]
    assert [m["content"] for m in details["spurious"]] == ["the union said"]
    assert details["wrong_speaker"][0]["predicted"]["speaker"] == "Kai Moen"


# -- speakers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, tokens",
    [
        ("Sergey Lavrov", {"sergey", "lavrov"}),
        ("The New York Post", {"new", "york", "post"}),
        ("the US president", {"us"}),
        ("U.S. State Department", {"us", "state", "department"}),
        ("Clinton’s campaign", {"clinton"}),
        ("He", set()),
        ("Not everyone", set()),
        ("the campaign", set()),
        ("Mr. O'Rourke", {"o'rourke"}),
        ("", set()),
    ],
)
def test_name_tokens(name, tokens):
    assert name_tokens(name) == tokens


@pytest.mark.parametrize(
    "gold, predicted, expected",
    [
        ("Sergey Lavrov", "Lavrov", True),
        ("Donald Trump", "President Trump", True),
        ("Donald Trump", "the US president", False),
        ("The New York Post", "New York Post", True),
        ("Russian officials", "Russian Foreign Ministry", True),
        ("Sergey Lavrov", "sergey lavrov", False),  # only capitalised tokens are names
        ("The campaign", "The White House", False),
    ],
)
def test_names_match(gold, predicted, expected):
    assert names_match(gold, predicted) is expected


HE = sp("He")
SHE = sp("she")


@pytest.mark.parametrize(
    "gold, predicted, expected",
    [
        (Speaker("Oda Brekke"), Speaker("Brekke"), True),
        (Speaker("Oda Brekke"), Speaker("Kai Moen"), False),
        # pronoun gold (PolNeAR Source "He"): the predicted mention decides
        (Speaker("He", HE), Speaker("Oda Brekke", HE), True),
        (Speaker("He", HE), Speaker("Oda Brekke", SHE), False),
        (Speaker("He", HE), Speaker("Oda Brekke", None), False),
        (Speaker("the union", sp("the union")), Speaker("Dock Union", sp("union")), True),
        (Speaker("the President", sp("Minister")), Speaker("Oda Brekke", sp("Minister Oda")), True),
        # a canonical gold name (seed) is judged by the name alone: "He" must be resolved
        (Speaker("Kai Moen", HE), Speaker("He", HE), False),
        (
            Speaker("Oda Brekke", sp("Minister Oda Brekke")),
            Speaker("Ferry Ministry", sp("Minister")),
            False,
        ),
        # a gold span with a name token in it (PolNeAR Source): the mention still decides
        (
            Speaker("Minister Oda Brekke", sp("Minister Oda Brekke")),
            Speaker("Ferry Ministry", sp("Minister")),
            True,
        ),
        (Speaker("Minister Oda Brekke", sp("Minister Oda Brekke")), Speaker("Kai Moen", HE), False),
        # no gold source: right only for a prediction without a speaker
        (Speaker(""), Speaker(""), True),
        (Speaker(""), Speaker("Oda Brekke", HE), False),
    ],
)
def test_speaker_right(gold, predicted, expected):
    assert speaker_right(gold, predicted) is expected


# -- events and stances -------------------------------------------------------------------


def event(kind, plover, actors, recipients=(), date=None, evidence="Minister Oda Brekke said"):
    ev = sp(evidence)
    return Event(
        id=f"e{kind}",
        kind=kind,
        plover=plover,
        evidence=ev,
        actors=list(actors),
        recipients=list(recipients),
        date=DateRef(ev, date) if date else None,
    )


GOLD_EVENT = event("meeting", "CONSULT", ["Oda Brekke"], ["Kai Moen"], "2031-03-03")


@pytest.mark.parametrize(
    "pred, matched, correct",
    [
        (event("meeting", "CONSULT", ["Brekke"], [], "2031-03-03"), 1, 1),
        (event("talks", "CONSULT", ["Oda Brekke"], [], "2031-03-03"), 1, 1),  # PLOVER type
        (event("meeting", None, ["Kai Moen"], [], "2031-03-03"), 1, 1),  # recipient shared
        (event("meeting", "CONSULT", ["Oda Brekke"], [], "2031-03-04"), 1, 0),  # wrong date
        (event("meeting", "CONSULT", ["Oda Brekke"], [], None), 1, 0),
        (event("meeting", "CONSULT", ["Lise Dahl"], [], "2031-03-03"), 0, 0),
        (event("praise", "SUPPORT", ["Oda Brekke"], [], "2031-03-03"), 0, 0),
    ],
)
def test_event_matching(pred, matched, correct):
    scores = score_events([doc([], events=[GOLD_EVENT])], [doc([], events=[pred])])
    assert (scores.matched, scores.correct) == (matched, correct)
    assert scores.prf == PRF(correct, 1, 1)


def test_undated_gold_event_wants_an_undated_prediction():
    gold = event("criticism", "ACCUSE", ["Oda Brekke"])
    scores = score_events(
        [doc([], events=[gold])], [doc([], events=[event("criticism", None, ["Brekke"])])]
    )
    assert scores.summary() == {"p": 1.0, "r": 1.0, "f1": 1.0, "date_accuracy": 1.0}


def stance(issue, actor, label):
    return Stance(
        id=f"s{issue}{actor}",
        issue=issue,
        proposition="",
        actor=actor,
        stance=label,
        evidence=sp("nothing is final"),
    )


@pytest.mark.parametrize(
    "pred, matched, correct",
    [
        (stance("ferry-deal", "Brekke", "support"), 1, 1),
        (stance("ferry-deal", "Oda Brekke", "oppose"), 1, 0),
        (stance("ferry-fares", "Oda Brekke", "support"), 0, 0),
        (stance("ferry-deal", "Kai Moen", "support"), 0, 0),
    ],
)
def test_stance_matching(pred, matched, correct):
    gold = stance("ferry-deal", "Oda Brekke", "support")
    scores = score_stances([doc([], stances=[gold])], [doc([], stances=[pred])])
    assert (scores.matched, scores.correct) == (matched, correct)
    assert scores.summary()["label_accuracy"] == (correct / matched if matched else 0.0)


def test_missing_prediction_counts_gold_events_and_stances():
    gold = doc([], events=[GOLD_EVENT], stances=[stance("ferry-deal", "Oda Brekke", "support")])
    assert score_events([gold], {}).prf == PRF(0, 0, 1)
    assert score_stances([gold], {}).prf == PRF(0, 0, 1)

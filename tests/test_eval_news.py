"""The news scorer (newsdev's rules): reading a folder, matching stances, speakers, events."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.errors import InputError
from parley.eval.news import (
    Sentences,
    bcubed,
    date_agrees,
    is_bad_speaker,
    read_news,
    score_news,
    targets_agree,
)
from parley.eval.runner import count_documents, evaluate
from parley.model import Actor, Analysis, DateRef, Event, Quote, Span, Speaker, Stance

# An invented report (people and places are made up).
TEXT = (
    "Velmar rejects truce plan\n"
    "\n"
    "Velmaran Foreign Minister Oskar Brandt said on Tuesday that his government would not "
    "sign the truce plan unless the militias withdrew. "
    "“We will never give up the valley,” Brandt told reporters.\n"
    "Brandt and Kenyan envoy Amani Wekesa met in Nairobi on Monday. "
    "Officials said the next round was due in late March.\n"
)
GOLD = {
    "file": "001-velmar.txt",
    "published": "2025-03-05",
    "conflict": "Velmar",
    "stances": [
        {
            "holder": "Oskar Brandt",
            "polarity": "oppose",
            "target": "signing the truce plan",
            "condition": "the militias withdraw",
            "issue": "truce plan",
            "evidence": "would not sign the truce plan unless the militias withdrew",
        },
        {
            "holder": "Oskar Brandt",
            "polarity": "oppose",
            "target": "giving up the valley",
            "condition": None,
            "issue": "the valley",
            "evidence": "We will never give up the valley",
        },
    ],
    "speakers": [
        {"name": "Oskar Brandt", "title": "foreign minister", "country": "XV", "affiliation": None}
    ],
    "events": [
        {
            "type": "meeting",
            "parties": ["Oskar Brandt", "Amani Wekesa"],
            "counterparts": [],
            "mediators": [],
            "place": "Nairobi",
            "date": "2025-03-03",
            "status": "happened",
            "evidence": "Brandt and Kenyan envoy Amani Wekesa met in Nairobi on Monday",
        },
        {
            "type": "talks",
            "parties": ["Velmar"],
            "counterparts": [],
            "mediators": [],
            "place": None,
            "date": "2025-03",
            "status": "planned",
            "evidence": "the next round was due in late March",
        },
    ],
    "quotes": [
        {"speaker": "Oskar Brandt", "direct": True, "cue": "told",
         "content": "We will never give up the valley"},
    ],
}


def span(text: str, needle: str) -> Span:
    start = TEXT.index(needle)
    return Span.of(TEXT, start, start + len(needle))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "gold").mkdir()
    (tmp_path / "001-velmar.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "gold" / "001-velmar.json").write_text(json.dumps(GOLD), encoding="utf-8")
    return tmp_path


def stance(sid: str, needle: str, label: str, actor: str = "Oskar Brandt", issue: str = "x"):
    return Stance(sid, issue, "p", actor, label, span(TEXT, needle), origin="open")


def event(needle: str, actors: list[str], value: str | None, granularity: str = "day"):
    date = DateRef(Span("", 0, 0), value, granularity) if value else None
    return Event("e" + needle[:4], "meeting", "CONSULT", span(TEXT, needle), actors, date=date)


def prediction(**fields) -> Analysis:
    gold = next(read_news_folder())
    return Analysis(gold.doc_id, gold.article, **fields)


_FOLDER: list[Path] = []


def read_news_folder():
    return read_news(_FOLDER[0])


@pytest.fixture(autouse=True)
def _remember(folder: Path):
    _FOLDER[:] = [folder]


def score(pred: Analysis, **kw):
    gold = next(read_news_folder())
    return score_news([(gold, pred)], "test", **kw)


# -- pieces -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, words, sentences",
    [
        ("One. Two. three", ["One", "Two", "three"], [0, 1, 1]),
        ("He said “No.” Then left.", ["He", "No", "Then"], [0, 0, 1]),
        ("Line one\nline two", ["one", "line"], [0, 1]),
        ("U.S. officials met. no split", ["U.S.", "officials", "no"], [0, 0, 0]),
        ("Who? Me! Yes", ["Who", "Me", "Yes"], [0, 1, 2]),
    ],
)
def test_sentences_split_as_the_readme_says(text, words, sentences):
    sents = Sentences(text)
    assert [sents.index(text.index(w)) for w in words] == sentences


@pytest.mark.parametrize(
    "gold, value, granularity, ok",
    [
        ("2025-03-03", "2025-03-03", "day", True),
        ("2025-03-03", "2025-03-04", "day", False),
        ("2025-03-03", "2025-03-01", "month", False),
        ("2025-03", "2025-03-01", "month", True),
        ("2025-03", "2025-03-20", "day", True),
        ("2025-03", "2025-04-01", "month", False),
        (None, None, "day", True),
        (None, "2025-03-03", "day", False),
        ("2025-03-03", None, "day", False),
    ],
)
def test_dates_agree_at_the_gold_granularity(gold, value, granularity, ok):
    ev = Event("e", "meeting", None, Span("x", 0, 1))
    ev.date = DateRef(Span("", 0, 0), value, granularity) if value else None
    assert date_agrees(gold, ev) is ok


@pytest.mark.parametrize(
    "name, bad",
    [("he", True), ("Who", True), ("that", True), ("I", True), ("the statement", True),
     ("officials", True), ("Oskar Brandt", False), ("Hamas", False), ("", False)],
)
def test_pronoun_and_fragment_speakers(name, bad):
    assert is_bad_speaker(name) is bad


def test_bcubed_on_literal_clusters():
    perfect = bcubed([("a", "x"), ("a", "x"), ("b", "y")])
    assert (perfect.precision, perfect.recall) == (1.0, 1.0)
    lumped = bcubed([("a", "x"), ("a", "x"), ("a", "y"), ("a", "y")])
    assert lumped.precision == pytest.approx(0.5) and lumped.recall == 1.0
    split = bcubed([("a", "x"), ("b", "x")])
    assert split.precision == 1.0 and split.recall == pytest.approx(0.5)
    assert bcubed([]).f1 == 0.0


# -- whole documents ----------------------------------------------------------------------


def test_reads_a_folder_and_counts_it(folder):
    (gold,) = list(read_news(folder))
    assert gold.doc_id == "001-velmar" and gold.article.published == "2025-03-05"
    assert gold.article.title == "Velmar rejects truce plan"
    assert gold.quotes[0].content.text == "We will never give up the valley"
    assert count_documents(folder) == 1


def test_malformed_gold_is_an_input_error(folder):
    (folder / "gold" / "001-velmar.json").write_text('{"file": "nope.txt"}', encoding="utf-8")
    with pytest.raises(InputError):
        list(read_news(folder))


def test_an_empty_prediction_scores_zero_with_every_gold_item_missed():
    report = score(prediction())
    s = report.summary()
    assert (report.stances.gold, report.events.gold) == (2, 2)
    assert s["stances_f1"] == 0.0 and s["events_f1"] == 0.0
    assert s["title_accuracy"] == 0.0 and s["country_accuracy"] == 0.0
    details = report.to_json(details=True)["details"][0]
    assert len(details["stances_missed"]) == 2 and len(details["events_missed"]) == 2


def test_stances_match_on_sentence_holder_and_polarity():
    pred = prediction(
        stances=[
            # conditional, in the gold's sentence, holder by surname: right
            stance("s1", "would not sign the truce plan", "conditional", "Brandt", "plan"),
            # right sentence, wrong polarity: false
            stance("s2", "We will never give up the valley", "support"),
            # right polarity, holder of another name and country: false
            stance("s3", "We will never give up the valley", "oppose", "Amani Wekesa"),
        ],
        actors=[Actor("a", "Amani Wekesa", "person", country="KE")],
    )
    report = score(pred)
    assert (report.stances.tp, report.stances.predicted, report.stances.gold) == (1, 3, 2)


def test_holder_matches_by_country_too():
    # gold holder Brandt speaks for XV (his speaker entry); the predicted holder is an
    # actor of that country with no name word in common
    pred = prediction(
        stances=[stance("s1", "We will never give up the valley", "oppose", "Velmaran cabinet")],
        actors=[Actor("v", "Velmaran cabinet", "government", country="XV")],
    )
    assert score(pred).stances.tp == 1
    pred.actors[0].country = "KE"
    assert score(pred).stances.tp == 0


def test_issue_grouping_uses_the_grouper():
    pred = prediction(
        stances=[
            stance("s1", "would not sign the truce plan", "oppose", issue="a"),
            stance("s2", "We will never give up the valley", "oppose", issue="b"),
        ]
    )
    assert score(pred).issues.f1 == 1.0
    lumped = score(pred, group=lambda analyses: {"s1": "one", "s2": "one"}).issues
    assert lumped.precision == pytest.approx(0.5) and lumped.recall == 1.0


def test_speaker_title_and_country():
    pred = prediction(
        actors=[Actor("b", "Oskar Brandt", "person", country="XV", title="Foreign Minister")]
    )
    s = score(pred).summary()
    assert s["title_accuracy"] == 1.0 and s["country_accuracy"] == 1.0
    pred.actors[0].title = "minister"
    pred.actors[0].country = "KE"
    s = score(pred).summary()
    assert s["title_accuracy"] == 0.0 and s["country_accuracy"] == 0.0


def test_events_match_in_sentence_with_a_party_and_grade_parties_and_dates():
    needle = "Brandt and Kenyan envoy Amani Wekesa met in Nairobi on Monday"
    full = prediction(events=[event(needle, ["Oskar Brandt", "Amani Wekesa"], "2025-03-03")])
    s = score(full).summary()
    assert s["events_p"] == 1.0 and s["events_r"] == 0.5
    assert s["events_all_parties"] == 1.0 and s["events_date_accuracy"] == 1.0
    half = prediction(events=[event(needle, ["Brandt"], "2025-03-10")])
    s = score(half).summary()
    assert s["events_p"] == 1.0 and s["events_all_parties"] == 0.0
    assert s["events_date_accuracy"] == 0.0
    elsewhere = prediction(events=[event("Officials said", ["Oskar Brandt"], None)])
    assert score(elsewhere).summary()["events_p"] == 0.0


def test_statements_recorded_as_events_are_not_scored_as_events():
    ev = event("would not sign the truce plan", ["Oskar Brandt"], None)
    ev.kind = "rejection"
    report = score(prediction(events=[ev]))
    assert report.events.predicted == 0


def test_quotes_speakers_and_false_quotes():
    right = Quote("q1", span(TEXT, "We will never give up the valley"), True, Speaker("Brandt"))
    wrong = Quote("q2", span(TEXT, "the next round was due"), False, Speaker("who"))
    s = score(prediction(quotes=[right, wrong])).summary()
    assert s["quotes_speaker_accuracy"] == 1.0
    assert s["false_quote_share"] == pytest.approx(0.5)
    assert s["bad_speakers"] == 1.0 and s["named_speaker_share"] == pytest.approx(0.5)


def test_evaluate_dispatches_a_news_folder(folder):
    report = evaluate(folder, pred={"001-velmar": prediction()})
    assert report.corpus == "news" and report.documents == 1


@pytest.mark.parametrize(
    "gold, pred, ok",
    [
        ("any Iranian uranium enrichment", "enrich uranium", True),
        ("signing the truce plan", "the ceasefire proposal", False),
        ("the ceasefire plan", "ceasefire", True),
        ("the ceasefire plan", "that would be", False),
    ],
)
def test_targets_agree_on_a_content_word(gold, pred, ok):
    s = Stance("s", "x", pred, "A", "oppose", Span("x", 0, 1))
    assert targets_agree({"target": gold}, s) is ok


def test_event_type_status_place_and_strict_f1():
    needle = "Brandt and Kenyan envoy Amani Wekesa met in Nairobi on Monday"
    ev = event(needle, ["Oskar Brandt", "Amani Wekesa"], "2025-03-03")
    ev.place = "Nairobi"
    s = score(prediction(events=[ev])).summary()
    assert s["events_type_accuracy"] == 1.0 and s["events_place_accuracy"] == 1.0
    assert s["events_status_accuracy"] == 1.0 and s["events_strict_f1"] == pytest.approx(2 / 3)
    ev.kind, ev.place, ev.status = "talks", "Geneva", "planned"
    s = score(prediction(events=[ev])).summary()
    assert s["events_type_accuracy"] == 0.0 and s["events_place_accuracy"] == 0.0
    assert s["events_status_accuracy"] == 0.0 and s["events_strict_f1"] == 0.0

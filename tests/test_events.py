"""Events: kinds, participants, places, dates, links and evidence (parley.nlp.events).

The literal cases use the invented Torvane Strait world (tests/fixtures/world/): its
registry gives the people canonical names, so the cases test the event rules rather than
spaCy's guesses at invented names.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, require_corpus
from parley.errors import ConfigError
from parley.eval.gold import read_seed_gold
from parley.eval.metrics import ItemScores, score_event_doc
from parley.eval.runner import evaluate_seed, predict
from parley.model import Article, Event
from parley.nlp.events import load_lexicon, parse_lexicon
from parley.nlp.pipeline import build_pipeline, make_doc

WORLD = FIXTURES / "world"
REGISTRY = str(WORLD / "actors.json")
TASKS = ("boilerplate", "quotes", "actors", "dates", "events")
PUBLISHED = "2025-03-10"  # a Monday
#: PLOVER's event types (openeventdata/PLOVER); null is allowed for kinds PLOVER does not code
PLOVER = {
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
    "FIGHT",
    "INVESTIGATE",
    "CRIME",
    None,
}


@pytest.fixture(scope="module")
def world_nlp():
    """parley's pipeline up to events, with the invented world's actor registry."""
    return build_pipeline(TASKS, configs={task: {"registries": [REGISTRY]} for task in ("actors", "events")})


def analyse(nlp, text: str, published: str = PUBLISHED):
    """The doc for ``text``: events and quotes as JSON."""
    return nlp(make_doc(nlp, Article("t", text, published=published)))


def events_of(nlp, text: str, published: str = PUBLISHED) -> list[dict]:
    return analyse(nlp, text, published)._.parley_events


# -- the lexicon -------------------------------------------------------------------------


def test_packaged_lexicon_kinds_and_plover_types_are_consistent():
    lex = load_lexicon()
    triggers = [t for ts in (*lex.verbs.values(), *lex.nouns.values()) for t in ts]
    assert {t.kind for t in triggers} <= set(lex.kinds)
    assert {k.plover for k in lex.kinds.values()} <= PLOVER
    assert lex.kind("meeting").plover == "CONSULT" and lex.kind("visit").mode == "visit"
    assert lex.kind("criticism").plover == "ACCUSE" and lex.kind("demand").plover == "REQUEST"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kinds": {}, "triggers": [{"lemma": "meet", "kind": "meeting"}]}, "unknown kind"),
        ({"kinds": {"meeting": {"role": "party"}}, "triggers": []}, "role must be"),
        ({"kinds": {"m": {}}, "triggers": [{"lemma": "x", "kind": "m", "pos": "adj"}]}, "pos must"),
        (
            {"kinds": {"m": {}}, "triggers": [{"lemma": "x", "kind": "m", "object": "cat"}]},
            "object",
        ),
        ({"triggers": []}, "kinds"),
    ],
)
def test_malformed_lexicon_is_refused_with_the_reason(tmp_path, data, message):
    path = tmp_path / "events.json"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(ConfigError, match=message):
        load_lexicon(str(path))


def test_unreadable_lexicon_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="cannot read event lexicon"):
        load_lexicon(str(tmp_path / "missing.json"))
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", "utf-8")
    with pytest.raises(ConfigError, match="malformed event lexicon"):
        load_lexicon(str(bad))


def test_parse_lexicon_indexes_triggers_by_lemma():
    lex = parse_lexicon(
        {
            "kinds": {"demand": {"plover": "REQUEST", "role": "statement"}},
            "triggers": [
                {"lemma": "Call", "pos": "verb", "kind": "demand", "prep": "for"},
                {"lemma": "demand", "pos": "noun", "kind": "demand"},
            ],
            "light_verbs": {"demand": ["make"]},
        }
    )
    assert [t.prep for t in lex.verbs["call"]] == ["for"]
    assert list(lex.nouns) == ["demand"] and lex.light_verbs["demand"] == frozenset({"make"})


# -- kinds, participants, places and dates -----------------------------------------------

# (text, kind, plover, actors, recipients, place, date)
# fmt: off
CASES = [
    ("Mirela Kastanova met Henrik Aasgaard in Corvalen on Friday.",
     "meeting", "CONSULT", ["Mirela Kastanova"], ["Henrik Aasgaard"], "Corvalen", "2025-03-07"),
    ("Elise Varnholt visited Velistra on Tuesday.",
     "visit", "CONSULT", ["Elise Varnholt"], [], "Velistra", "2025-03-04"),
    ("Teodora Malvic spoke by telephone with Ilvar Dostrey on Sunday.",
     "call", "CONSULT", ["Teodora Malvic"], ["Ilvar Dostrey"], None, "2025-03-09"),
    ("Joren Valdis engaged in long discussions with Teodora Malvic at Hallenborg Castle on Thursday.",
     "meeting", "CONSULT", ["Joren Valdis"], ["Teodora Malvic"], "Hallenborg Castle", "2025-03-06"),
    ("Ruth Halloran interviewed Henrik Aasgaard on Sunday.",
     "interview", "CONSULT", ["Henrik Aasgaard"], ["Ruth Halloran"], None, "2025-03-09"),
    ("Pavel Rudzik told the Halvik Press Agency on Saturday that the port would stay shut.",
     "interview", "CONSULT", ["Pavel Rudzik"], ["Halvik Press Agency"], None, "2025-03-08"),
    ("Henrik Aasgaard sharply criticized Mirela Kastanova on Wednesday.",
     "criticism", "ACCUSE", ["Henrik Aasgaard"], ["Mirela Kastanova"], None, "2025-03-05"),
    ("Joren Valdis praised Elise Varnholt for her patience.",
     "praise", "SUPPORT", ["Joren Valdis"], ["Elise Varnholt"], None, None),
    ("Mirela Kastanova urged Kelmora to release the sailors.",
     "demand", "REQUEST", ["Mirela Kastanova"], ["Kelmora"], None, None),
    ("Henrik Aasgaard called for an end to the blockade on Monday.",
     "demand", "REQUEST", ["Henrik Aasgaard"], [], None, "2025-03-10"),
    ("Teodora Malvic rejected the proposal on Monday.",
     "rejection", "REJECT", ["Teodora Malvic"], [], None, "2025-03-10"),
    ("Ilvar Dostrey ruled out direct talks with Kelmora.",
     "rejection", "REJECT", ["Ilvar Dostrey"], [], None, None),
    ("Mirela Kastanova and Henrik Aasgaard agreed on Saturday to exchange all prisoners.",
     "agreement", "AGREE", ["Mirela Kastanova", "Henrik Aasgaard"], [], None, "2025-03-08"),
    ("Teodora Malvic and Ilvar Dostrey agreed that monitors would patrol the strait.",
     "agreement", "AGREE", ["Teodora Malvic", "Ilvar Dostrey"], [], None, None),
    ("Ilvar Dostrey threatened Kelmora with new sanctions.",
     "threat", "THREATEN", ["Ilvar Dostrey"], ["Kelmora"], None, None),
    ("Elise Varnholt has proposed a protected shipping corridor.",
     "proposal", None, ["Elise Varnholt"], [], None, None),
    ("Henrik Aasgaard wrote in an article published by the Corvalen Ledger on Friday that the strait must stay open.",
     "publication", None, ["Henrik Aasgaard"], ["The Corvalen Ledger"], None, "2025-03-07"),
]
# fmt: on


@pytest.mark.parametrize(("text", "kind", "plover", "actors", "recipients", "place", "date"), CASES)
def test_event_kind_participants_place_and_date(
    world_nlp, text, kind, plover, actors, recipients, place, date
):
    found = [e for e in events_of(world_nlp, text) if e["kind"] == kind]
    assert len(found) == 1, events_of(world_nlp, text)
    ev = found[0]
    assert (ev["plover"], ev["actors"], ev["recipients"]) == (plover, actors, recipients)
    assert (ev["place"], ev["date"]) == (place, date)
    assert text[ev["evidence"]["start"] : ev["evidence"]["end"]] == ev["evidence"]["text"]


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Elise Varnholt visited Velistra on Tuesday.", "visit"),
        ("Teodora Malvic spoke by telephone with Ilvar Dostrey on Sunday.", "call"),
        ("Joren Valdis hosted Mirela Kastanova in Corvalen.", "host"),
        ("Joren Valdis met Mirela Kastanova in Corvalen.", None),
    ],
)
def test_plover_mode_where_one_applies(world_nlp, text, mode):
    (ev,) = [e for e in events_of(world_nlp, text) if e["plover"] == "CONSULT"]
    assert ev["mode"] == mode


@pytest.mark.parametrize(
    "text",
    [
        "Henrik Aasgaard should meet Mirela Kastanova soon.",  # modal: not (yet) an event
        "Henrik Aasgaard wants to meet Mirela Kastanova.",  # infinitive complement
        "Henrik Aasgaard did not criticize Ilvar Dostrey.",  # negated
        "If Teodora Malvic meets Ilvar Dostrey, the strait may reopen.",  # condition
        "Reporters asked whether Teodora Malvic had met Ilvar Dostrey.",  # indirect question
        "The possibility of talks between Dravenia and Kelmora remains remote.",  # no anchor
        "Henrik Aasgaard said any agreement would need monitors.",  # hypothetical noun
        "Elise Varnholt offered no proof.",  # "no" object: nothing was offered
        "Pavel Rudzik declined to comment.",  # a refusal to speak is no rejection
        "Analysts agreed that the plan was weak.",  # an opinion, not an agreement
        "Asked to describe the talks, Mirela Kastanova smiled.",  # she was asked
        "Ilvar Dostrey was called a traitor by critics for his stance.",  # naming, no demand
    ],
)
def test_what_did_not_happen_is_no_event(world_nlp, text):
    assert events_of(world_nlp, text) == []


def test_reported_refusal_is_the_speakers_rejection(world_nlp):
    text = "Henrik Aasgaard said on Thursday that Kelmora would never accept the plan."
    (ev,) = events_of(world_nlp, text)
    assert ev["kind"] == "rejection" and ev["actors"][0] == "Henrik Aasgaard"
    assert ev["date"] == "2025-03-06"  # the date of the report
    assert ev["evidence"]["text"].startswith("Henrik Aasgaard said on Thursday")


def test_third_party_act_inside_a_quotation_is_a_claim_not_an_event(world_nlp):
    text = "“We will talk when Velistra stops threatening our ships,” Mirela Kastanova said."
    assert [e["kind"] for e in events_of(world_nlp, text)] == []
    text = "“We will not sign it,” Teodora Malvic said on Friday."
    (ev,) = events_of(world_nlp, text)
    assert (ev["kind"], ev["actors"], ev["date"]) == ("rejection", ["Teodora Malvic"], "2025-03-07")


@pytest.mark.parametrize(
    "text",
    [
        "Mirela Kastanova met Henrik Aasgaard in Velistra on Friday.",
        "Joren Valdis engaged in long discussions with Teodora Malvic at Hallenborg Castle.",
        "Mirela Kastanova visited Skarra on Sunday.",
        "Ilvar Dostrey met Anton Brask near the island of Skarra.",
    ],
)
def test_places_are_never_participants(world_nlp, text):
    (ev,) = events_of(world_nlp, text)
    assert ev["place"] and ev["place"] not in ev["actors"] + ev["recipients"]
    people = {a["name"]: a["kind"] for a in analyse(world_nlp, text)._.parley_actors}
    assert all(people[name] != "unknown" for name in ev["actors"] + ev["recipients"])


# -- settings, links and inherited dates ------------------------------------------------

INTERVIEW = (
    "In an interview on Sunday, Henrik Aasgaard criticized Ilvar Dostrey.\n"
    "Aasgaard also praised Elise Varnholt's mediation and called for talks without intermediaries.\n"
    "On Tuesday, Mirela Kastanova met Joren Valdis in Halvik.\n"
    "Aasgaard welcomed the meeting."
)


def test_statements_in_an_interview_take_its_date_and_link_to_it(world_nlp):
    events = events_of(world_nlp, INTERVIEW)
    by_kind = {e["kind"]: e for e in events}
    interview = by_kind["interview"]
    assert (interview["actors"], interview["date"]) == (["Henrik Aasgaard"], "2025-03-09")
    assert interview["evidence"]["text"] == "In an interview on Sunday"
    for kind in ("criticism", "demand"):
        assert by_kind[kind]["date"] == "2025-03-09", kind
        assert by_kind[kind]["event_id"] == interview["id"], kind
    praise = [e for e in events if e["kind"] == "praise"]
    assert [(p["date"], p["event_id"]) for p in praise] == [
        ("2025-03-09", interview["id"]),
        (None, None),  # after a sentence with another date: nothing is guessed
    ]


def test_during_the_interview_links_back_without_a_second_interview(world_nlp):
    text = (
        "Ruth Halloran interviewed Henrik Aasgaard on Sunday.\n"
        "On Monday, Mirela Kastanova met Joren Valdis.\n"
        "During the interview, Aasgaard rejected the corridor plan, saying the talks had failed."
    )
    doc = analyse(world_nlp, text)
    events = doc._.parley_events
    (interview,) = [e for e in events if e["kind"] == "interview"]
    (rejection,) = [e for e in events if e["kind"] == "rejection"]
    assert (rejection["event_id"], rejection["date"]) == (interview["id"], "2025-03-09")
    said = [q for q in doc._.parley_quotes if q["cue"] and q["cue"]["text"] == "saying"]
    assert said and all(q["event_id"] == interview["id"] for q in said)


def test_quotes_after_an_interview_link_to_it_until_another_date(world_nlp):
    text = (
        "In an interview on Sunday, Henrik Aasgaard criticized Ilvar Dostrey.\n"
        "Aasgaard said the blockade had to end.\n"
        "Mirela Kastanova said on Monday that the blockade would stay."
    )
    doc = analyse(world_nlp, text)
    (interview,) = [e for e in doc._.parley_events if e["kind"] == "interview"]
    links = {q["speaker"]["name"]: q["event_id"] for q in doc._.parley_quotes}
    assert links == {"Henrik Aasgaard": interview["id"], "Mirela Kastanova": None}


def test_speaking_at_a_press_conference_links_the_criticism_to_it(world_nlp):
    text = (
        "Speaking at a news conference in Halvik on Thursday, Mirela Kastanova criticized Kelmora."
    )
    events = events_of(world_nlp, text)
    (conference,) = [e for e in events if e["kind"] == "press-conference"]
    (criticism,) = [e for e in events if e["kind"] == "criticism"]
    assert (conference["actors"], conference["place"]) == (["Mirela Kastanova"], "Halvik")
    assert (criticism["event_id"], criticism["date"]) == (conference["id"], "2025-03-06")


def test_statement_in_a_published_article_links_to_the_publication(world_nlp):
    text = "Henrik Aasgaard said in an article published by the Corvalen Ledger on Friday that Kelmora wanted peace."
    doc = analyse(world_nlp, text)
    (pub,) = doc._.parley_events
    assert [q["event_id"] for q in doc._.parley_quotes] == [pub["id"]]


# -- evidence, ids, boilerplate, determinism ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "evidence"),
    [
        (
            "Mirela Kastanova met Henrik Aasgaard in Corvalen on Friday, officials said.",
            "meeting",
            "Kastanova met Henrik Aasgaard in Corvalen on Friday",
        ),
        (
            "Henrik Aasgaard criticized Mirela Kastanova, calling her plan ‘a trap’.",
            "criticism",
            "Aasgaard criticized Mirela Kastanova",
        ),
        (
            "Henrik Aasgaard called for an end to the blockade, which has lasted six weeks.",
            "demand",
            "Aasgaard called for an end to the blockade",
        ),
    ],
)
def test_evidence_is_a_compact_exact_span(world_nlp, text, kind, evidence):
    (ev,) = [e for e in events_of(world_nlp, text) if e["kind"] == kind]
    assert ev["evidence"]["text"] == evidence
    assert text[ev["evidence"]["start"] : ev["evidence"]["end"]] == evidence


def test_ids_are_stable_and_output_is_deterministic(world_nlp):
    first = events_of(world_nlp, INTERVIEW)
    assert events_of(world_nlp, INTERVIEW) == first
    assert all(re.fullmatch(r"e[0-9a-f]{12}", e["id"]) for e in first)
    assert len({e["id"] for e in first}) == len(first)
    assert [e["evidence"]["start"] for e in first] == sorted(e["evidence"]["start"] for e in first)


def test_boilerplate_and_headlines_yield_no_events(world_nlp):
    text = (
        "Kastanova meets Aasgaard in Corvalen\n"
        "Mirela Kastanova met Henrik Aasgaard in Corvalen on Friday.\n"
        "This article was published by the Halvik Morning Post on Friday.\n"
    )
    (ev,) = events_of(world_nlp, text)  # one meeting: the headline restates it
    assert (ev["kind"], ev["actors"], ev["date"]) == ("meeting", ["Mirela Kastanova"], "2025-03-07")
    assert ev["evidence"]["start"] > text.index("\n")


@pytest.mark.parametrize("text", ["", "   \n\n ", "Talks", "meeting\n"])
def test_empty_and_bare_texts_give_no_events(world_nlp, text):
    assert events_of(world_nlp, text) == []


def test_without_a_publication_date_the_expression_is_kept_unresolved(world_nlp):
    (ev,) = events_of(world_nlp, "Mirela Kastanova met Henrik Aasgaard on Friday.", None)
    assert ev["date"] is None
    assert (ev["date_expression"]["expression"]["text"], ev["date_expression"]["resolved"]) == (
        "Friday",
        False,
    )


def test_event_json_round_trips_through_the_model(world_nlp):
    for data in events_of(world_nlp, INTERVIEW):
        assert Event.from_json(data).to_json() == data


# -- corpora: the seed target and the invented world -------------------------------------


@pytest.fixture(scope="module")
def seed_report(world_nlp):
    return evaluate_seed(require_corpus("seed", "gold.json"), nlp=world_nlp)


def test_seed_events_reach_the_target_with_every_date_right(seed_report):
    events = seed_report.events
    assert events.prf.f1 >= 0.8, events.to_json()
    assert events.attribute_accuracy == 1.0, events.to_json()


def test_seed_events_stay_out_of_boilerplate_and_name_no_places(world_nlp):
    gold = read_seed_gold(require_corpus("seed", "gold.json"))
    doc = analyse(world_nlp, gold.article.text, gold.article.published)
    boiler = doc._.parley_boilerplate
    kinds = {a["name"]: a["kind"] for a in doc._.parley_actors}
    for ev in doc._.parley_events:
        assert not any(s <= ev["evidence"]["start"] < e for s, e in boiler), ev
        for name in ev["actors"] + ev["recipients"]:
            assert kinds.get(name) in ("person", "organisation", "state", "government", "group")
        assert ev["place"] is None or ev["place"] not in kinds


def test_world_events_f1_floor(world_nlp):
    """The invented world's eight articles (its F1 is reported; a floor against regressions)."""
    golds = [
        read_seed_gold(p, WORLD / "articles" / f"{p.stem}.txt")
        for p in sorted(Path(WORLD / "gold").glob("*.json"))
    ]
    scores = ItemScores("events")
    for gold, pred in predict(golds, world_nlp):
        score_event_doc(scores, gold, pred)
    assert scores.prf.f1 >= 0.45, scores.to_json()

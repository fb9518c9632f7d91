"""Stances: the issue catalogue, reading stances off sentences, the seed gold and the world."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import require_corpus
from parley.errors import ConfigError
from parley.eval import score_stances
from parley.eval.gold import read_seed_gold
from parley.model import Article
from parley.nlp.pipeline import analyze_articles
from parley.nlp.stances.catalogue import load_catalogue, parse_catalogue
from web_support import world_analyses, world_nlp  # noqa: F401

WORLD = Path(__file__).resolve().parent / "fixtures" / "world"


def stances_of(nlp, text: str, published: str = "2025-03-20", boilerplate=()) -> list:
    article = Article("t", text, published=published, boilerplate=list(boilerplate))
    return next(analyze_articles([article], nlp)).stances


def found(stances: list, actor: str, issue: str) -> str | None:
    labels = [s.stance for s in stances if s.actor == actor and s.issue == issue]
    assert len(labels) <= 1, "one stance per actor and issue in an article"
    return labels[0] if labels else None


# -- the catalogue ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "proposition"),
    [
        ("crimea-status", "Crimea is part of Russia"),
        ("arms-supplies", "Arms supplies to Ukraine should continue"),
        ("ceasefire", "A ceasefire should be agreed now"),
        ("direct-talks", "Russia and Ukraine should negotiate directly"),
    ],
)
def test_packaged_catalogue_has_the_seed_propositions(slug, proposition):
    assert load_catalogue(extra=()).get(slug).proposition == proposition


def test_packaged_catalogue_covers_the_russia_ukraine_talks():
    slugs = {i.slug for i in load_catalogue(extra=())}
    assert slugs == {
        "crimea-status", "occupied-regions", "ceasefire", "arms-supplies", "sanctions-relief",
        "nato-membership", "security-guarantees", "direct-talks", "zaporizhzhia-plant",
        "prisoner-exchange",
    }  # fmt: skip


def test_user_file_comes_first_and_joins_lists(tmp_path):
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"issues": [
        {"slug": "ceasefire", "proposition": "The guns should fall silent",
         "keywords": ["guns fall silent"], "oppose_cues": ["fight on"]},
        {"slug": "harbour-tolls", "proposition": "Harbour tolls should be abolished",
         "keywords": ["harbour tolls"]},
    ]}))  # fmt: skip
    catalogue = load_catalogue(extra=(str(path),))
    ceasefire = catalogue.get("ceasefire")
    assert ceasefire.proposition == "The guns should fall silent"
    assert ceasefire.keywords[0] == "guns fall silent" and "truce" in ceasefire.keywords
    assert "fight on" in ceasefire.oppose_cues and "observe" in ceasefire.support_verbs
    assert load_catalogue(extra=()).get("ceasefire").context  # packaged: Russia-Ukraine only
    assert ceasefire.context == ()  # the user's issue names no context: it applies everywhere
    assert catalogue.get("harbour-tolls") is not None and catalogue.get("crimea-status")


def test_parley_issues_environment_variable(tmp_path, monkeypatch):
    path = tmp_path / "env.json"
    path.write_text(json.dumps({"issues": [{"slug": "fishing-quotas",
                                            "proposition": "Quotas should rise",
                                            "keywords": ["fishing quotas"]}]}))  # fmt: skip
    monkeypatch.setenv("PARLEY_ISSUES", str(path))
    load_catalogue.cache_clear()
    try:
        assert load_catalogue().get("fishing-quotas").proposition == "Quotas should rise"
    finally:
        monkeypatch.delenv("PARLEY_ISSUES")
        load_catalogue.cache_clear()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"issue": []}, "'issues' list"),
        ({"issues": ["ceasefire"]}, "must be an object"),
        ({"issues": [{"slug": "Cease Fire", "proposition": "p", "keywords": ["x"]}]}, "slug"),
        ({"issues": [{"slug": "a", "keywords": ["x"]}]}, "proposition"),
        ({"issues": [{"slug": "a", "proposition": "p"}]}, "keyword or pattern"),
        ({"issues": [{"slug": "a", "proposition": "p", "keywords": "x"}]}, "list of strings"),
        ({"issues": [{"slug": "a", "proposition": "p", "patterns": ["(x"]}]}, "bad pattern"),
        ({"issues": [{"slug": "a", "proposition": "p", "keywords": ["x"]}] * 2}, "twice"),
    ],
)
def test_malformed_catalogue_is_refused(data, message):
    with pytest.raises(ConfigError, match=message):
        parse_catalogue(data, "mine.json")


def test_unreadable_catalogue_file_is_a_config_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ConfigError, match="cannot read issue catalogue"):
        load_catalogue(extra=(str(bad),))


# -- reading stances off sentences (the invented Torvane Strait world) ------------------------

CASES = [
    # support: wanting, calling for, welcoming, modal
    ("Foreign Minister Henrik Aasgaard said Kelmora wants a ceasefire in the Torvane Strait.",
     "Henrik Aasgaard", "ceasefire", "support"),
    ("President Ilvar Dostrey called for an immediate truce on Tuesday.",
     "Ilvar Dostrey", "ceasefire", "support"),
    ("Henrik Aasgaard called for talks without intermediaries.",
     "Henrik Aasgaard", "direct-talks", "support"),
    ("Mirela Kastanova said sanctions must be lifted before the summer.",
     "Mirela Kastanova", "sanctions-relief", "support"),
    ("Mirela Kastanova called for an end to the sanctions.",
     "Mirela Kastanova", "sanctions-relief", "support"),
    ("Elise Varnholt said what the strait needs is a ceasefire.",
     "Elise Varnholt", "ceasefire", "support"),
    # oppose: rejecting, ruling out, negation, "an end to", extending sanctions
    ("President Teodora Malvic rejected the ceasefire proposal on Tuesday.",
     "Teodora Malvic", "ceasefire", "oppose"),
    ("Mirela Kastanova ruled out direct talks with Velistra.",
     "Mirela Kastanova", "direct-talks", "oppose"),
    ("Ilvar Dostrey said Dravenia would never accept a prisoner exchange.",
     "Ilvar Dostrey", "prisoner-exchange", "oppose"),
    ("Henrik Aasgaard said the sanctions must be extended by a year.",
     "Henrik Aasgaard", "sanctions-relief", "oppose"),
    ("Teodora Malvic demanded an end to the ceasefire.",
     "Teodora Malvic", "ceasefire", "oppose"),
    ("Henrik Aasgaard said Kelmora is not ready for a ceasefire.",
     "Henrik Aasgaard", "ceasefire", "oppose"),
    # conditional: conditions, required assurances, doors only opened
    ("Teodora Malvic said Kelmora would accept a ceasefire only if Dravenia lifted the blockade.",
     "Teodora Malvic", "ceasefire", "conditional"),
    ("Henrik Aasgaard said Kelmora would support direct talks provided Estvale takes part.",
     "Henrik Aasgaard", "direct-talks", "conditional"),
    ("Ilvar Dostrey insisted that Dravenia requires assurances that any truce would hold.",
     "Ilvar Dostrey", "ceasefire", "conditional"),
    ("Mirela Kastanova said Dravenia was ready for a prisoner exchange as long as the "
     "coastguards come home first.",
     "Mirela Kastanova", "prisoner-exchange", "conditional"),
    ("Ilvar Dostrey said Dravenia was willing to discuss a joint commission for the strait.",
     "Ilvar Dostrey", "torvane-strait-status", "conditional"),
    ("Henrik Aasgaard said Kelmora will not lay down its arms without security guarantees.",
     "Henrik Aasgaard", "ceasefire", "conditional"),
    # objects: only the issue's own verbs and cues say which way ("sanctions" are not relief)
    ("Henrik Aasgaard said the Council should impose further sanctions on Dravenia.",
     "Henrik Aasgaard", "sanctions-relief", "oppose"),
    ("Mirela Kastanova urged the Council to lift its sanctions.",
     "Mirela Kastanova", "sanctions-relief", "support"),
    ("Henrik Aasgaard said Kelmora wants the sanctions to stay.",
     "Henrik Aasgaard", "sanctions-relief", None),
    # nothing: no side taken, the issue only a circumstance or a condition, no issue at all
    ("Henrik Aasgaard said talks could resume once the ceasefire holds.",
     "Henrik Aasgaard", "ceasefire", None),
    ("Mirela Kastanova said the navies would keep patrolling before any ceasefire.",
     "Mirela Kastanova", "ceasefire", None),
    ("Teodora Malvic said the ceasefire was discussed for three hours.",
     "Teodora Malvic", "ceasefire", None),
    ("Mirela Kastanova said the Council keeps its sanctions in place.",
     "Mirela Kastanova", "sanctions-relief", None),
    ("Teodora Malvic said the weather in Velistra was mild.", "Teodora Malvic", "ceasefire", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "actor", "issue", "label"), CASES)
def test_reads_stance_of_sentence(world_nlp, text, actor, issue, label):  # noqa: F811
    assert found(stances_of(world_nlp, text), actor, issue) == label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Sergey Lavrov said Washington must lift the sanctions on Russia.", "support"),
        ("Sergey Lavrov said Washington must lift the sanctions on Orlavia.", None),
    ],
)
def test_packaged_issue_needs_its_context(nlp, text, label):
    """Sanctions in an article that never names Russia or Ukraine are not the packaged issue."""
    assert found(stances_of(nlp, text), "Sergey Lavrov", "sanctions-relief") == label


def test_no_issue_no_stance(world_nlp):  # noqa: F811
    assert stances_of(world_nlp, "Teodora Malvic said the weather in Velistra was mild.") == []


def test_factive_report_is_not_the_reporters_stance(world_nlp):  # noqa: F811
    text = "Ruth Halloran pointed out that Teodora Malvic had rejected the ceasefire."
    stances = stances_of(world_nlp, text)
    assert found(stances, "Ruth Halloran", "ceasefire") is None
    assert found(stances, "Teodora Malvic", "ceasefire") == "oppose"


def test_stance_record_fields(world_nlp):  # noqa: F811
    text = "Kelmora news\nMirela Kastanova ruled out direct talks with Velistra.\n"
    [stance] = stances_of(world_nlp, text, published="2025-03-19")
    assert (stance.issue, stance.actor, stance.stance) == (
        "direct-talks",
        "Mirela Kastanova",
        "oppose",
    )
    assert stance.proposition == "The parties should negotiate directly"
    assert text[stance.evidence.start : stance.evidence.end] == stance.evidence.text
    assert "ruled out direct talks" in stance.evidence.text
    assert stance.date == "2025-03-19"  # no dated event: the publication date
    assert (
        stance.id.startswith("s") and stance.id == stances_of(world_nlp, text, "2025-03-19")[0].id
    )


def test_nothing_from_boilerplate(world_nlp):  # noqa: F811
    body = "Teodora Malvic said the weather in Velistra was mild.\n"
    boiler = "Henrik Aasgaard urged readers to support a ceasefire today.\n"
    text = body + boiler
    assert stances_of(world_nlp, text, boilerplate=[(len(body), len(text))]) == []
    assert stances_of(world_nlp, text) != []  # the same line outside boilerplate does yield one


# -- the seed article: the gold target --------------------------------------------------------


def test_seed_gold_stances(nlp):
    seed = require_corpus("seed")
    gold = read_seed_gold(seed / "gold.json", seed / "article.txt")
    article = Article(gold.doc_id, gold.article.text, published=gold.article.published)
    predicted = next(analyze_articles([article], nlp))
    scores = score_stances([gold], [predicted])
    assert scores.correct >= 5, "at least 5 of the 6 gold stances right"
    polar = {"support", "oppose"}
    for g in gold.stances:
        for p in predicted.stances:
            if p.issue == g.issue and p.actor == g.actor and {p.stance, g.stance} == polar:
                pytest.fail(f"wrong polarity: {p.actor} on {p.issue}")
    for s in predicted.stances:
        assert not any(b0 <= s.evidence.start < b1 for b0, b1 in predicted.article.boilerplate)


# -- the invented world: gold stances --------------------------------------------------------


def test_world_stances_have_no_wrong_polarity(world_analyses):  # noqa: F811
    wrong, right, gold_n = [], 0, 0
    for analysis in world_analyses:
        gold = json.loads((WORLD / "gold" / f"{analysis.doc_id}.json").read_text("utf-8"))
        wanted = {(g["actor"], g["issue"]): g["stance"] for g in gold["stances"]}
        gold_n += len(wanted)
        for s in analysis.stances:
            label = wanted.get((s.actor, s.issue))
            right += label == s.stance
            if {label, s.stance} == {"support", "oppose"}:
                wrong.append((analysis.doc_id, s.actor, s.issue, s.stance))
    assert wrong == []
    # measured: 35-36 of 53 gold stances with exact actor names (see the report)
    assert right / gold_n >= 0.55

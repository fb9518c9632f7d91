"""Open-target stances: positions on any proposition, read off the parse (invented text)."""

from __future__ import annotations

import pytest

from parley.model import Article
from parley.nlp.pipeline import analyze_articles
from parley.nlp.stances.cues import load_lexicon, parse_lexicon


def open_stances(nlp, text: str, title: str | None = None) -> list:
    article = Article("t", text, published="2025-05-02", title=title)
    return [s for s in next(analyze_articles([article], nlp)).stances if s.origin == "open"]


def by_actor(stances: list, actor: str) -> list:
    return [s for s in stances if s.actor == actor]


def test_lexicon_is_general_english_with_signs():
    lex = load_lexicon()
    assert lex.verbs["reject"].sign == -1
    assert lex.verbs["welcome"].sign == 1
    assert lex.verbs["call"].prep_only and "for" in lex.verbs["call"].preps
    assert lex.phrasal[("rule", "out")] == -1
    assert lex.evaluative["unacceptable"] == -1
    assert "must" in lex.demand_modals


def test_parse_lexicon_reads_signs_and_preps():
    lex = parse_lexicon({"verbs": {"bless": {"+": ["for"]}}, "prep_only": ["bless"]})
    assert lex.verbs["bless"].sign == 1 and lex.verbs["bless"].prep_only
    assert lex.verbs["bless"].preps == frozenset({"for"})


def test_reject_with_holder_cue_and_target_offsets(nlp):
    text = "Lorvanian Foreign Minister Edvard Kasko rejected the ceasefire plan on Monday."
    [s] = by_actor(open_stances(nlp, text), "Edvard Kasko")
    assert s.stance == "oppose"
    assert s.cue.text == "rejected" and text[s.cue.start : s.cue.end] == "rejected"
    assert "ceasefire plan" in s.target.text and "ceasefire plan" in s.proposition
    assert text[s.holder.start : s.holder.end] in ("Edvard Kasko", "Kasko")
    assert s.issue.startswith("open:")


def test_refusal_with_never_and_condition(nlp):
    text = ("Edvard Kasko said Lorvania would never give up uranium enrichment "
            "as long as the sanctions remain in place.")
    stances = open_stances(nlp, text)
    [s] = by_actor(stances, "Edvard Kasko")
    assert s.stance == "conditional"
    assert s.proposition.startswith("give up uranium enrichment")
    assert s.condition.startswith("the sanctions remain")


def test_negated_agreement_is_opposition(nlp):
    text = "Mira Toldan said her government would not agree to end the war in Varessa."
    [s] = by_actor(open_stances(nlp, text), "Mira Toldan")
    assert s.stance == "oppose"
    assert s.proposition == "end the war in Varessa"


def test_quote_speaker_holds_first_person_position(nlp):
    text = '"We will never accept foreign troops on our soil," Mira Toldan told reporters.'
    [s] = by_actor(open_stances(nlp, text), "Mira Toldan")
    assert s.stance == "oppose"
    assert "foreign troops" in s.proposition


def test_call_for_is_support_and_demand_modal(nlp):
    text = ("Edvard Kasko called for an immediate truce. "
            "Mira Toldan said the rebels must lay down their weapons.")
    stances = open_stances(nlp, text)
    assert [s.stance for s in by_actor(stances, "Edvard Kasko")] == ["support"]
    [demand] = by_actor(stances, "Mira Toldan")
    assert demand.stance == "support" and demand.proposition.startswith("lay down")


def test_anaphoric_target_resolves_to_named_proposal(nlp):
    text = ("Mediators presented a five-point plan for a truce in Varessa on Sunday. "
            "Rebel commander Dario Helm rejected the plan on Monday.")
    [s] = by_actor(open_stances(nlp, text), "Dario Helm")
    assert s.stance == "oppose"
    assert "five-point plan" in s.proposition or "truce" in s.proposition
    assert s.target.text == "the plan"


def test_neutral_report_yields_no_stance(nlp):
    text = "Edvard Kasko arrived in Varessa on Monday and met the mediators for two hours."
    assert open_stances(nlp, text) == []


def test_headline_is_not_read(nlp):
    title = "Kasko rejects truce plan"
    text = title + "\n\nThe talks in Varessa resumed on Monday after a week's pause."
    assert open_stances(nlp, text, title=title) == []


@pytest.mark.parametrize("sentence", [
    "Edvard Kasko and Mira Toldan agreed between themselves to meet again.",
    "Both sides agreed to extend the talks by a week.",
])
def test_mutual_agreement_is_an_event_not_a_position(nlp, sentence):
    assert open_stances(nlp, sentence) == []


def test_catalogue_takes_precedence_in_the_same_sentence(nlp):
    text = "Volodymyr Zelensky said Kyiv would never recognise Crimea as part of Russia."
    article = Article("t", text, published="2025-05-02")
    stances = next(analyze_articles([article], nlp)).stances
    mine = [s for s in stances if s.actor == "Volodymyr Zelensky"]
    assert mine and all(s.origin == "catalogue" for s in mine)


def test_catalogue_gold_scores_catalogued_stances_only():
    from parley.eval.metrics import ItemScores, score_stance_doc
    from parley.model import Analysis, Span, Stance

    text = "Kasko rejected the plan. Toldan backed direct talks."
    article = Article("d", text)
    ev = Span.of(text, 0, 24)
    gold = Analysis("d", article, stances=[
        Stance("g1", "direct-talks", "p", "Toldan", "support", Span.of(text, 25, 51))])
    pred = Analysis("d", article, stances=[
        Stance("p1", "direct-talks", "p", "Toldan", "support", Span.of(text, 25, 51)),
        Stance("p2", "open:the plan", "the plan", "Kasko", "oppose", ev, origin="open")])
    scores = ItemScores("stances")
    score_stance_doc(scores, gold, pred)
    assert (scores.predicted, scores.correct, scores.gold) == (1, 1, 1)
    gold.stances.append(Stance("g2", "open:the plan", "the plan", "Kasko", "oppose", ev,
                               origin="open"))
    scores = ItemScores("stances")
    score_stance_doc(scores, gold, pred)
    assert scores.predicted == 2  # a gold with open stances judges open predictions too


TITLE = "Fishing talks resume"


def titled_open_stances(nlp, body: str) -> list:
    article = Article("t", f"{TITLE}\n\n{body}", title=TITLE, published="2025-03-20")
    return [s for s in next(analyze_articles([article], nlp)).stances if s.origin == "open"]


def held(nlp, body: str) -> list[tuple[str, str, str]]:
    """(holder, label, target text) of every open stance of ``body``."""
    return [(s.actor, s.stance, s.target.text if s.target else "") for s in titled_open_stances(nlp, body)]


@pytest.mark.parametrize(
    ("body", "holder", "label", "target"),
    [
        # a country's officials hold the country's position
        ("Norwegian officials said on Monday that they would never accept a tariff on salmon.",
         "Norway", "oppose", "accept a tariff on salmon"),
        # a surname alone is the person the article named in full
        ("Foreign Minister Halvard Tennoe arrived in Bergen on Monday. Tennoe praised the "
         "agreement on fishing quotas.", "Halvard Tennoe", "support", "the agreement on fishing quotas"),
        # reported speech inside reported speech: the inner speaker holds it
        ("Foreign Minister Halvard Tennoe said on Monday that Ambassador Orsolya Kertvany talked "
         "of Hungary's wish for closer trade with Norway.", "Orsolya Kertvany", "support",
         "closer trade with Norway"),
        # "the president" is the person last named President
        ("Foreign Minister Halvard Tennoe passed on President Marit Solheim's greetings, "
         "underlining the president's commitment to honouring the fishing accord.",
         "Marit Solheim", "support", "honouring the fishing accord"),
        # a region's commitment restated by its governor: the governor's position
        ("Governor Halvard Tennoe on Monday restated the Nordland region's commitment to the "
         "fishing accord.", "Halvard Tennoe", "support", "the fishing accord"),
    ],
)
def test_holder_of_open_stance(nlp, body, holder, label, target):
    # The holder rule is under test; the target's head words must be there (how far the
    # phrase runs is the target rules' business, tested above).
    found = held(nlp, body)
    heads = [w for w in target.split() if len(w) > 3 and w not in {"accept", "the"}][:1]
    assert any(h == holder and lab == label and all(w in t for w in heads)
               for h, lab, t in found), found

"""Open-target stances: positions on any proposition, read off the parse (invented text)."""

from __future__ import annotations

import pytest

from parley.model import Article
from parley.nlp.pipeline import analyze_articles
from parley.nlp.stances.cues import load_lexicon, parse_lexicon
from stances_support import by_actor, open_stances


def test_lexicon_is_general_english_with_signs():
    lex = load_lexicon()
    assert lex.verbs["pursue"].sign == 1
    assert lex.verbs["offer"].prep_only  # "offered condolences" takes no side; "offered to" does
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
    # the subject is a name, so it stays (round 8): who would give it up is part of the question
    assert s.proposition.startswith("Lorvania give up uranium enrichment")
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


@pytest.mark.parametrize(
    ("body", "holder", "label", "target"),
    [
        # "said X would happen and urged ...", parsed as X urging: the speaker urges
        ("Mira Toldan said talks on the prisoners would resume in Lemburg next month and "
         "urged both sides to free the wounded first.", "Mira Toldan", "support", "free the wounded"),
        # a subject whose name the parse hangs on the nearest noun as an apposition
        ("The head of Croatia's office for the border, Marko Horvat, called the decree an "
         "insult and demanded that Slovenia reopen the bridges immediately.", "Marko Horvat",
         "support", "reopen the bridges"),
        # "asked X for Y" is a request, not a question
        ("Mira Toldan said Lorvania had asked the mediators for a joint monitoring team.",
         "Mira Toldan", "support", "joint monitoring team"),
        # a title conjoined with the name: the person, not the title or the party
        ("Former defence minister and Unity Party Chairman Halvard Tennoe stated on Monday "
         "that Norway could either share the quotas fairly or “we will fish the whole of the "
         "northern sea ourselves”.", "Halvard Tennoe", "support", "fish the whole"),
        # a demand that something stop is against it
        ("Edvard Kasko said the shelling of the border villages must stop.", "Edvard Kasko",
         "oppose", "shelling of the border villages"),
    ],
)
def test_more_holders_and_polarities(nlp, body, holder, label, target):
    found = held(nlp, body)
    assert any(h == holder and lab == label and target in t for h, lab, t in found), found


def test_descriptions_state_no_position(nlp):
    # a question put to someone, a relative clause and a plain passive describe; they take
    # no side
    text = ("When asked to name the mediators, Mira Toldan said the army would keep to the "
            "commitments it signed in Lemburg. The roadmap has yet to be signed.")
    found = open_stances(nlp, text)
    assert not [s for s in found if s.cue.text in ("asked", "signed")], found


def test_a_relative_clause_that_denounces_judges_its_noun(nlp):
    text = ("Edvard Kasko stopped over in Lemburg on Monday, a visit Varessa denounced as a "
            "provocation.")
    found = open_stances(nlp, text)
    assert any(s.actor == "Varessa" and s.stance == "oppose" and "visit" in s.proposition
               for s in found), [(s.actor, s.stance, s.proposition) for s in found]


def test_offer_to_act_and_a_passive_on_its_subject(nlp):
    text = ("Prime Minister Edvard Kasko offered on Saturday to hold talks with Varessa on the "
            "dam. Mira Toldan said the treaty could be signed if the border was marked first.")
    found = {s.actor: s for s in open_stances(nlp, text)}
    assert found["Edvard Kasko"].stance == "support"
    assert "hold talks with Varessa" in found["Edvard Kasko"].proposition
    assert found["Mira Toldan"].stance == "conditional"
    assert found["Mira Toldan"].proposition == "sign treaty"


def test_a_definite_target_with_a_relative_clause_is_not_resolved_back(nlp):
    text = ("Varessa proposed a ten-point plan for the dam on Monday. Edvard Kasko said both "
            "sides must respect the agreement they signed in January.")
    [s] = [s for s in open_stances(nlp, text) if s.actor == "Edvard Kasko"]
    assert "agreement" in s.proposition and "plan" not in s.proposition


def test_an_evaluative_word_named_in_passing_is_no_verdict(nlp):
    passing = open_stances(nlp, 'Mira Toldan said the two delegations had made "real progress '
                                'on humanitarian questions" in Lemburg.')
    assert not [s for s in passing if s.cue.text == "progress"], passing
    verdict = open_stances(nlp, "Mira Toldan said the situation in Lemburg was "
                                '"a work in progress" and the talks would go on.')
    assert [s for s in verdict if s.actor == "Mira Toldan" and s.cue.text == "progress"
            and s.stance == "support"], verdict


def test_a_title_as_speaker_gives_way_to_the_person_in_apposition():
    from parley.nlp.stances.open import _speaker_name
    from parley.nlp.stances.units import Mentions

    text = "Lorvania's foreign ministry spokesperson, Mira Toldan, said talks would resume."
    title_end = text.index(", Mira")
    name_at = text.index("Mira Toldan")
    mentions = Mentions([
        {"name": "foreign ministry", "kind": "organisation",
         "mentions": [{"start": 11, "end": 27}]},
        {"name": "Mira Toldan", "kind": "person",
         "mentions": [{"start": name_at, "end": name_at + 11}]},
    ])
    quote = {"speaker": {"name": text[:title_end], "mention": {"start": 0, "end": title_end}}}
    assert _speaker_name(quote, mentions, text) == "Mira Toldan"
    assert _speaker_name(quote, mentions) != "Mira Toldan"  # without the text: as before


def test_of_two_subjects_the_one_next_to_the_verb_holds(nlp):
    from spacy.tokens import Doc

    from parley.nlp.stances.open import subject_of

    words = ["Centre", "Party", "Leader", "Halvard", "Tennoe", "called", "it", "historic"]
    heads = [1, 5, 4, 4, 5, 5, 5, 5]
    deps = ["compound", "nsubj", "compound", "compound", "nsubj", "ROOT", "dobj", "oprd"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps)
    assert subject_of(doc[5]).text == "Tennoe"


def test_words_an_agency_reports_someone_saying_are_that_persons(nlp):
    # the quote is the agency's (as the quote rules read it); "X went on to say" inside its
    # report makes X the holder, and "will constitute ... if" is a verdict, not an intent
    text = ("State television reported that Mira Toldan went on to say that if the envoys met "
            "in Lemburg, “this will constitute a grave provocation against Varessa.”")
    found = [(s.actor, s.stance) for s in open_stances(nlp, text)]
    assert found == [("Mira Toldan", "oppose")], found


def test_the_person_not_the_possessor_and_she_in_her_own_words(nlp):
    text = ("President Edvard Kasko spoke on Monday. Kasko’s deputy, Vice President Mira "
            "Toldan, stated that the strikes had wrecked the depots, creating what she called "
            "“a chance to end the war.”")
    found = [(s.actor, s.stance) for s in open_stances(nlp, text) if "chance" in s.proposition]
    assert found == [("Mira Toldan", "support")], found


@pytest.mark.parametrize(
    ("quote", "label", "target"),
    [
        ("There will be no second phase without our prisoners.", "conditional", "second phase"),
        ("There is no place for foreign troops on our border.", "oppose",
         "foreign troops on our border"),
        ("Our missiles are not on the table.", "oppose", "Our missiles"),
        ("The status of the valley is not up for discussion.", "oppose", "status of the valley"),
    ],
)
def test_ruling_out_with_be(nlp, quote, label, target):
    text = f"Mira Toldan spoke in Lemburg on Monday. “{quote}” Toldan said."
    found = [(s.actor, s.stance, s.proposition) for s in open_stances(nlp, text)]
    assert ("Mira Toldan", label, target) in found, found


def test_a_forecast_with_there_is_no_ruling_out(nlp):
    found = open_stances(nlp, "Mira Toldan said there was no sign of the convoy in Lemburg.")
    assert not found, found


def test_a_state_kept_until_something_happens_is_a_conditional_refusal(nlp):
    text = ("Mira Toldan said the bridge at Lemburg would stay closed until the prisoners "
            "were home. Edvard Kasko said the talks would continue next week.")
    found = {s.actor: s for s in open_stances(nlp, text)}
    kept = found["Mira Toldan"]
    assert kept.stance == "conditional" and "bridge" in kept.proposition
    assert kept.condition.startswith("the prisoners")
    assert "Edvard Kasko" not in found  # no "until": a forecast, not a position


def test_a_demand_on_someone_is_the_speakers_not_theirs(nlp):
    text = ("Mira Toldan said the extension showed the process was alive, but that the Red "
            "Hand must abandon kidnapping for ransom.")
    found = [(s.actor, s.stance, s.proposition) for s in open_stances(nlp, text)]
    assert ("Mira Toldan", "support", "Red Hand abandon kidnapping for ransom") in found, found
    assert not [f for f in found if f[0] != "Mira Toldan"], found


def test_the_latter_is_the_last_actor_of_the_sentence_before(nlp):
    text = ("Without evidence, Norway held Sweden responsible for the bombing of the pipeline. "
            "The latter has denied the charge and demanded an independent inquiry.")
    found = {(s.actor, s.stance) for s in open_stances(nlp, text)}
    assert ("Sweden", "oppose") in found and ("Sweden", "support") in found, found


def test_two_bodies_of_one_state_are_one_holder_people_two():
    from parley.nlp.stances.open import _one_state
    from parley.nlp.stances.units import Mentions

    mentions = Mentions([
        {"name": "Kremlin", "kind": "government", "country": "RU", "mentions": []},
        {"name": "Ministry of Defence", "kind": "organisation", "country": "RU", "mentions": []},
        {"name": "Lorvanian army", "kind": "organisation", "country": "SE", "mentions": []},
        {"name": "Mira Toldan", "kind": "person", "country": "RU", "mentions": []},
    ])
    assert _one_state(mentions, "Kremlin", "Ministry of Defence")
    assert not _one_state(mentions, "Kremlin", "Lorvanian army")
    assert not _one_state(mentions, "Kremlin", "Mira Toldan")


def test_would_keep_doing_is_an_intention_and_its_condition_counts(nlp):
    text = ("Mira Toldan said Lorvania would keep offering its good offices to both sides. "
            "Edvard Kasko said the troops would keep observing the truce as long as the "
            "rebels did not attack them.")
    found = {s.actor: s for s in open_stances(nlp, text)}
    assert found["Mira Toldan"].stance == "support"
    assert "offering its good offices" in found["Mira Toldan"].proposition
    assert found["Edvard Kasko"].stance == "conditional"
    assert found["Edvard Kasko"].condition.startswith("the rebels")


def test_only_when_opens_a_condition(nlp):
    text = "Mira Toldan said the talks would resume only when the captives were freed."
    [s] = [s for s in open_stances(nlp, text) if s.actor == "Mira Toldan"]
    assert s.stance == "conditional" and s.condition.startswith("the captives")


def test_what_would_never_come_is_a_forecast_not_a_refusal(nlp):
    text = ('Mira Toldan welcomed what she called "a day many people thought would never '
            'come." Edvard Kasko said Lorvania would never sign the accord.')
    found = [(s.actor, s.stance, s.cue.text) for s in open_stances(nlp, text)]
    assert not [f for f in found if f[1] == "oppose" and f[0] == "Mira Toldan"], found
    assert any(f[0] == "Edvard Kasko" and f[1] == "oppose" for f in found), found


def test_talks_held_are_no_position_readiness_to_hold_them_is(nlp):
    held_talks = open_stances(nlp, "Mira Toldan said she had discussed a new exchange of "
                                   "prisoners with Edvard Kasko.")
    assert not [s for s in held_talks if s.cue.text == "discussed"], held_talks
    ready = open_stances(nlp, "Mira Toldan said Lorvania was ready to discuss a new exchange "
                              "of prisoners.")
    assert [s for s in ready if s.actor == "Mira Toldan" and "exchange" in s.proposition], ready


def test_a_power_under_a_condition_is_no_intention(nlp):
    found = open_stances(nlp, "Mira Toldan said the council can expel Lorvania from the "
                              "league if it finds a breach of the charter.")
    assert not [s for s in found if s.stance == "conditional"], found
    kept = open_stances(nlp, "Mira Toldan said Lorvania would attend the meeting as long as "
                             "the agenda was agreed first.")
    assert [s for s in kept if s.stance == "conditional"], kept


@pytest.mark.parametrize("quote", [
    "The onus is on Varessa to end the shelling of the border villages.",
    "It is up to Varessa to end the shelling of the border villages,",
])
def test_a_burden_put_on_someone_is_a_demand(nlp, quote):
    text = f"Mira Toldan spoke in Lemburg on Monday. “{quote}” Toldan said."
    found = [(s.actor, s.stance, s.proposition) for s in open_stances(nlp, text)]
    assert any(a == "Mira Toldan" and lab == "support" and "end the shelling" in p
               for a, lab, p in found), found


def test_hyphenated_word_kept_whole_in_target(nlp):
    text = "Edvard Kasko said Lorvania would call on both parties to re-engage without preconditions."
    [s] = by_actor(open_stances(nlp, text), "Edvard Kasko")
    assert s.stance == "support" and s.proposition.startswith("re-engage")


def test_ministers_of_two_states_each_hold_the_position(nlp):
    text = "The foreign ministers of Chad and Niger called for an immediate ceasefire in Varessa."
    stances = open_stances(nlp, text)
    assert {s.actor for s in stances} == {"Chad", "Niger"}
    assert all(s.stance == "support" and "ceasefire" in s.proposition for s in stances)


def test_the_proposal_points_back_at_what_was_proposed(nlp):
    text = ("Pesk proposed on Thursday that the Lorvanian army leave the northern valley. "
            "Lorvania rejected the proposal within hours.")
    [s] = by_actor(open_stances(nlp, text), "Lorvania")
    assert s.stance == "oppose" and "northern valley" in s.proposition


def test_the_document_points_back_at_the_treaty(nlp):
    text = ("Lorvania said it would sign the peace treaty with Pesk next month. "
            "Pesk said it would not sign the document before Lorvania changed its constitution.")
    [s] = by_actor(open_stances(nlp, text), "Pesk")
    assert "peace treaty" in s.proposition


def test_indirect_question_takes_no_side(nlp):
    text = "Edvard Kasko said it was unclear how to continue the talks with Pesk."
    assert by_actor(open_stances(nlp, text), "Edvard Kasko") == []


def test_urged_after_a_reported_question_is_the_reporters(nlp):
    text = ('Karen Lind said the report showed "why verification cannot wait" and urged '
            'Lorvania to restore full access for inspectors.')
    [s] = by_actor(open_stances(nlp, text), "Karen Lind")
    assert s.stance == "support" and s.proposition.startswith("restore full access")


def test_discussing_is_not_a_position_but_ready_to_discuss_is(nlp):
    text = "Edvard Kasko will discuss the war in Varessa with his Pesk counterpart on Monday."
    assert by_actor(open_stances(nlp, text), "Edvard Kasko") == []
    text = "Edvard Kasko said Lorvania was ready to discuss a ceasefire in Varessa."
    [s] = by_actor(open_stances(nlp, text), "Edvard Kasko")
    assert s.stance == "support" and "ceasefire" in s.proposition


def test_untitled_headline_line_is_not_a_stance(nlp):
    text = ("Lorvania rejects Pesk truce plan as talks stall\n"
            "TARLO, May 2 (Wire) - Lorvania's foreign minister Edvard Kasko said on Friday his "
            "country would never accept foreign troops in Varessa.")
    stances = open_stances(nlp, text)
    assert [s.actor for s in stances] == ["Edvard Kasko"]
    assert stances[0].stance == "oppose" and "foreign troops" in stances[0].proposition


def test_the_two_ministers_are_the_people_named_before(nlp):
    text = ("Lorvanian Foreign Minister Edvard Kasko met his Pesk counterpart Mira Toldan in "
            "Tarlo on Monday. The two ministers welcomed the new border agreement.")
    stances = [s for s in open_stances(nlp, text) if "border agreement" in s.proposition]
    assert {s.actor for s in stances} == {"Edvard Kasko", "Mira Toldan"}
    assert all(s.stance == "support" for s in stances)


def test_cue_in_a_relative_clause_is_not_the_speakers(nlp):
    text = ('A rebel commander, Jean Balo, said the rebels would never hand Tarlo back to '
            '"those who abandoned it," and called the talks a trap.')
    stances = by_actor(open_stances(nlp, text), "Jean Balo")
    refusal = [s for s in stances if s.cue.text == "would never"]
    assert len(refusal) == 1 and not [s for s in stances if s.cue.text == "abandoned"]
    assert refusal[0].proposition.startswith("hand Tarlo back")
    assert "trap" not in refusal[0].proposition  # the speaker's own next clause


def test_asked_not_to_be_named_takes_no_side(nlp):
    text = "A senior Lorvanian official who asked not to be named said the talks were over."
    assert [s for s in open_stances(nlp, text) if "name" in s.proposition] == []


def test_demand_that_something_come_first_is_on_that_thing(nlp):
    text = "Kasko said this time the guarantees of sanctions relief must come first."
    [s] = by_actor(open_stances(nlp, text), "Kasko")
    assert s.stance == "support" and s.proposition.startswith("guarantees of sanctions relief")


def test_a_purpose_others_are_brought_together_for_is_nobody_s_position(nlp):
    text = ("Mara Quell said she would bring the two delegations together in Velmora next "
            "month to agree on a new customs code.")
    assert not [s for s in open_stances(nlp, text) if "customs" in s.target.text]
    text = "Mara Quell said Lorvania would take real steps to honour the customs code."
    (kept,) = [s for s in open_stances(nlp, text) if "customs" in s.target.text]
    assert kept.stance == "support"

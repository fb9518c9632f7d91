"""Emergent issues in memory: features, the article-name gate, grouping over a set."""

from __future__ import annotations

import numpy as np
import pytest

from parley.world.changes import ChangeTracker, is_change
from parley.world.issues import (
    EMERGENT_PREFIX,
    IssueGrouper,
    article_context,
    group_issues,
    group_issues_without_vectors,
    slug_for,
)
from parley.world.vectors import content_words, load_vectors, no_vectors
from world_support import ostria_1, varn_1, varn_2


def test_vectors_know_that_weapons_are_arms():
    vectors = load_vectors()
    arms, weapons, river = (vectors.phrase([w]) for w in ("arms", "weapons", "river"))
    assert float(arms @ weapons) > float(arms @ river) + 0.2
    assert vectors.weight("demilitarisation") > vectors.weight("weapons") > vectors.weight("war")


def test_content_words_and_an_empty_table():
    assert content_words("Hamas laying down its weapons") == ["hamas", "laying", "down", "weapons"]
    assert not np.any(no_vectors().phrase(["weapons"]))
    assert no_vectors().weight("anything") == 1.0


def test_article_context_keeps_names_written_twice():
    ctx = article_context("Varnland and the Red Hand. Varnland says Red Hand. Once Ostria. The end. The")
    assert {"Varnland", "Red", "Hand"} <= ctx
    assert "Ostria" not in ctx and "The" not in ctx


def test_disarmament_in_three_wordings_is_one_issue_and_other_conflicts_stay_apart():
    a1, a2, o1 = varn_1(), varn_2(), ostria_1()
    found = group_issues([a2, o1, a1])  # publication order is the grouper's, not the list's
    disarm = {found[s.id] for s in (a1.stances[0], a1.stances[1], a2.stances[0], a2.stances[1])}
    assert len(disarm) == 1
    (slug,) = disarm
    assert slug.startswith(EMERGENT_PREFIX) and "disarmament" in slug
    varn_ceasefire, ostria_ceasefire = found[a1.stances[2].id], found[o1.stances[0].id]
    assert varn_ceasefire != slug
    assert varn_ceasefire != ostria_ceasefire, "the name gate keeps the two ceasefires apart"
    assert found[o1.stances[1].id] == ostria_ceasefire
    assert found[f"varn-2/{a2.stances[0].id}"] == slug


def test_the_vectors_are_what_groups_surrendering_weapons_with_disarmament():
    a1, a2 = varn_1(), varn_2()
    words_only = group_issues_without_vectors([a1, a2])
    assert words_only[a2.stances[0].id] != words_only[a1.stances[0].id]
    assert group_issues([a1, a2])[a2.stances[0].id] == group_issues([a1, a2])[a1.stances[0].id]


def test_catalogue_stances_keep_their_slug_and_grouping_is_deterministic():
    a1 = varn_1()
    a1.stances[2].origin, a1.stances[2].issue = "catalogue", "kessel-ceasefire"
    first, second = group_issues([a1, varn_2()]), group_issues([a1, varn_2()])
    assert first == second
    assert first[a1.stances[2].id] == "kessel-ceasefire"


def test_incremental_grouper_reports_members():
    grouper = IssueGrouper()
    grouper.add_analysis(varn_1())
    grouper.add_analysis(varn_2())
    sizes = sorted(len(m) for m in grouper.members.values())
    assert sizes == [1, 4]


@pytest.mark.parametrize(("phrase", "start"), [
    ("the disarmament of the Red Hand militia", "e-disarmament-red-hand-militia-"),
    ("", "e-"),
])
def test_slugs_are_readable_and_stable(phrase, start):
    assert slug_for(phrase, "x").startswith(start)
    assert slug_for(phrase, "x") == slug_for(phrase, "x") != slug_for(phrase, "y")


@pytest.mark.parametrize(("labels", "flags"), [
    (["oppose", "unclear", "support"], [(False, None), (False, None), (True, "oppose")]),
    (["support", "support"], [(False, None), (False, None)]),
    (["unclear", "oppose", "support", "oppose"],
     [(False, None), (False, None), (True, "oppose"), (True, "support")]),
])
def test_one_change_rule(labels, flags):
    tracker = ChangeTracker()
    assert [tracker.step("k", label) for label in labels] == flags
    assert not is_change(None, "support") and not is_change("support", "unclear")


def test_a_vague_target_joins_an_issue_of_its_own_article():
    from world_support import OSTRIA, VARN, open_analysis

    vague = open_analysis("varn-3", "2025-05-20", VARN, [
        ("Lena Marsh demanded the disarmament of the Red Hand militia.",
         "Lena Marsh", "support", "the disarmament of the Red Hand militia"),
        ("The Red Hand rejected the demand.", "Red Hand", "oppose", "the demand"),
    ])
    alone = open_analysis("ostria-4", "2025-05-21", OSTRIA, [
        ("Pia Lund rejected the demand.", "Pia Lund", "oppose", "the demand")])
    found = group_issues([vague, alone])
    assert found[vague.stances[1].id] == found[vague.stances[0].id]
    assert found[alone.stances[0].id] != found[vague.stances[0].id]


def test_positions_chart_draws_runs_and_rings_changes():
    from parley.world.charts import Point, contacts_graph, positions_chart

    labels = ["oppose", "oppose", "unclear", "oppose", "support", "support", "support"]
    points = [Point("Ida <Brenn>", 7, f"2025-03-0{n + 1}", label, changed=(n == 4))
              for n, label in enumerate(labels)]
    svg = positions_chart(points)
    assert svg.count("<circle") == 3 + 4  # first, the change, the last; four legend dots
    assert svg.count('stroke="#000"') == 1
    assert "Ida &lt;Brenn&gt;" in svg and 'href="/actors/7"' in svg and "<script" not in svg
    assert positions_chart([Point("x", None, None, "support")]) == ""
    assert contacts_graph("a", []) == ""


def test_sentence_around_uses_the_eval_split():
    from parley.world.issues import sentence_around

    text = "Varnland rejected it. The Red Hand said “we stay.” Then Ostria spoke.\nNext line."
    start = text.index("Red Hand")
    assert sentence_around(text, start, start + 8) == "The Red Hand said “we stay.”"
    assert sentence_around(text, 0, 3) == "Varnland rejected it."
    assert sentence_around(text, text.index("Next"), len(text)) == "Next line."
    assert sentence_around("", 0, 1) == "" and sentence_around(text, None, None) == ""


def test_sentence_words_leave_out_names_cue_words_and_the_targets_own():
    from parley.world.issues import sentence_words

    words = sentence_words("Lena Marsh said the Red Hand rejected the extension of the truce "
                           "to protect its fighters.", ["protect", "fighters"])
    assert "extension" in words and "truce" in words
    assert not {"lena", "marsh", "red", "hand", "said", "rejected", "protect"} & set(words)


def test_a_vague_purpose_joins_the_issue_its_sentence_names():
    """"agreed to the extension 'to protect our people'": the target is the purpose, the
    issue is the truce extension that the sentence names."""
    from world_support import VARN, open_analysis

    first = open_analysis("varn-3", "2025-05-02", VARN, [
        ("Lena Marsh backed the extension of the truce in the valley.",
         "Lena Marsh", "support", "the extension of the truce in the valley"),
    ])
    second = open_analysis("varn-4", "2025-05-09", VARN, [
        ("The Red Hand agreed to the truce extension to protect civilians.",
         "Red Hand", "support", "protect civilians"),
    ])
    with_sentence = group_issues([first, second])
    assert with_sentence[second.stances[0].id] == with_sentence[first.stances[0].id]
    from parley.world.issues import Params

    alone = group_issues([first, second], params=Params(sentence_words=0.0, sentence_vectors=0.0))
    assert alone[second.stances[0].id] != alone[first.stances[0].id]


def test_content_words_split_hyphenated_words():
    assert content_words("agreed to a cease-fire") == ["agreed", "cease", "fire"]

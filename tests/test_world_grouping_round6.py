"""Emergent issues, round 6: what the grouper joins and what it cannot (docs/world.md, "What
the grouper's own features can reach"). Invented places and people: Ambria against the
Tollen Brigades, a truce with two phases."""

from __future__ import annotations

import numpy as np
import pytest

from parley.world.issues import Params, group_issues
from world_support import open_analysis

AMBRIA = ("Ambria and the Tollen Brigades agreed a truce in the Serra hills last month. "
          "Ambria says the Tollen Brigades still hold the Serra road; the Tollen Brigades "
          "say Ambria shelled Serra on Sunday.")


def _truce(doc_id: str, published: str, sentence: str, actor: str, label: str,
           target: str):
    return open_analysis(doc_id, published, AMBRIA, [(sentence, actor, label, target)])


def test_a_paraphrase_of_the_same_truce_joins_across_articles():
    """"extending the truce" and "a longer ceasefire": other words, one question (the
    vectors know truce ~ ceasefire)."""
    first = _truce("ambria-1", "2025-06-01", "Mara Quill backed extending the truce by a month.",
                   "Mara Quill", "support", "extending the truce by a month")
    second = _truce("ambria-2", "2025-06-08", "The Tollen Brigades rejected a longer ceasefire.",
                    "Tollen Brigades", "oppose", "a longer ceasefire")
    found = group_issues([first, second])
    assert found[second.stances[0].id] == found[first.stances[0].id]


def test_a_disarmament_and_a_ceasefire_of_one_conflict_stay_apart():
    """Looser matching (two stems as one when their vectors are close, a lower threshold)
    looked better on the wire set only because it merged questions like these:
    "cease" and "disarm" have a cosine of about 0.7 in the shipped 50-d vectors."""
    from parley.world.vectors import load_vectors

    vectors = load_vectors()
    cease, disarm = (vectors.vectors[vectors.index[w]] for w in ("cease", "disarm"))
    assert float(cease @ disarm / np.linalg.norm(cease) / np.linalg.norm(disarm)) > 0.6

    one = open_analysis("ambria-3", "2025-06-01", AMBRIA, [
        ("Mara Quill demanded the disarmament of the Tollen Brigades.",
         "Mara Quill", "support", "the disarmament of the Tollen Brigades"),
        ("Mara Quill backed a ceasefire in the Serra hills.",
         "Mara Quill", "support", "a ceasefire in the Serra hills"),
    ])
    found = group_issues([one])
    assert found[one.stances[0].id] != found[one.stances[1].id]
    # what keeps them apart is the threshold (their score, same-article bonus included,
    # is between 0.25 and 0.3), not a gate: a loose enough grouper joins them
    looser = group_issues([one], params=Params(threshold=0.2))
    assert looser[one.stances[0].id] == looser[one.stances[1].id]


@pytest.mark.xfail(strict=True, reason="one negotiation, no shared word or close vector: the "
                   "grouper sees paraphrase, not topic (docs/world.md, round 6)")
def test_two_steps_of_one_truce_negotiation_are_one_issue():
    """The wire gold puts "moving to the second phase" and "a longer truce" under one
    question; nothing in the two targets or their sentences tells the grouper so. When a
    change makes this pass, the xfail goes (strict: an unexpected pass fails the run)."""
    first = _truce("ambria-4", "2025-06-01",
                   "Mara Quill urged both sides to move to the second phase.",
                   "Mara Quill", "support", "move to the second phase")
    second = _truce("ambria-5", "2025-06-08",
                    "The Tollen Brigades said a longer truce was out of the question.",
                    "Tollen Brigades", "oppose", "a longer truce")
    found = group_issues([first, second])
    assert found[second.stances[0].id] == found[first.stances[0].id]

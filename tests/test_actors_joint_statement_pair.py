"""Actors (from a real report on mediated truce talks, invented text): two parties speaking
"in a joint statement", or a quote closed by "the A and B joint statement added", are both
of them together, one joint actor, not the first or the last one named."""

from __future__ import annotations

from parley.model import Article
from parley.nlp.pipeline import analyze_articles


def _speakers(nlp, text: str) -> list[str]:
    analysis = next(analyze_articles([Article("t", text, published="2024-03-02")], nlp))
    return [q.speaker.name for q in analysis.quotes]


def test_two_states_said_in_a_joint_statement(nlp):
    text = ("Truce agreed\n\nGhana and Togo, who have been hosting the talks, said in a joint "
            "statement that the rival factions had agreed to a three-day truce.")
    assert _speakers(nlp, text) == ["Ghana and Togo"]


def test_the_a_and_b_joint_statement_added_is_one_actor_with_the_earlier_one(nlp):
    text = ("Truce agreed\n\nLOME, March 2 (Reuters) - Ghana and Togo said in a joint statement "
            "on Saturday that the rival factions had agreed to a three-day truce.\n\nIf the truce failed, “the mediators will "
            "have to suspend the talks”, the Togo and Ghana joint statement added.")
    assert _speakers(nlp, text) == ["Ghana and Togo", "Ghana and Togo"]

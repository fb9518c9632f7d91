"""Talks told by a trip's purpose ("sent a delegation to Quito to hold talks with X"),
by their span ("after months of talks") and by their count of sides ("four-way talks")
(parley.nlp.events; invented text)."""

from __future__ import annotations

from events_support import occurrences


def _talks(nlp, text: str, published: str = "2025-03-12") -> list[dict]:
    return [e for e in occurrences(nlp, text, published) if e["kind"] == "talks"]


def _named(ev: dict) -> set[str]:
    return set(ev["actors"]) | set(ev["recipients"]) | set(ev["mediators"])


def test_talks_a_delegation_was_sent_to_hold_were_held_where_it_went(nlp):
    text = "Chilean officials admitted sending a delegation to Quito to hold talks with Peru."
    (talks,) = _talks(nlp, text)
    assert {"Chile", "Peru"} <= _named(talks)
    assert talks["place"] == "Quito"
    assert talks["status"] == "happened"


def test_talks_a_delegation_might_be_sent_to_hold_are_none(nlp):
    text = "Chile wants to send a delegation to Quito to hold talks with Peru."
    assert not [t for t in _talks(nlp, text) if t["status"] == "happened"]


def test_months_of_talks_after_which_a_deal_came_were_held_with_their_mediator(nlp):
    text = (
        "Chile and Peru signed a border deal on Saturday.\n\n"
        "After months of talks with Norway as mediator, the deal sets out a framework "
        "that both sides accepted."
    )
    (talks,) = _talks(nlp, text)
    assert set(talks["actors"]) == {"Chile", "Peru"}
    assert talks["mediators"] == ["Norway"]
    assert talks["status"] == "happened"


def test_four_way_talks_with_three_named_take_the_most_named_other(nlp):
    text = (
        "Chile and Peru blamed each other for the border clashes, and the United Nations "
        "urged both to talk. The United Nations offered to send monitors.\n\n"
        "On Monday, four-way talks took place in Quito on the border."
    )
    (talks,) = _talks(nlp, text)
    assert _named(talks) >= {"Chile", "Peru", "Ecuador", "United Nations"}


def test_talks_with_as_many_sides_named_as_counted_take_no_more(nlp):
    text = (
        "Chile and Peru blamed each other for the border clashes, and the United Nations "
        "urged both to talk.\n\n"
        "On Monday, three-way talks took place in Quito on the border."
    )
    (talks,) = _talks(nlp, text)
    assert "United Nations" not in _named(talks)


def test_drills_encircling_the_island_surround_the_articles_other_state(nlp):
    text = (
        "Peru accused Chile of provocation, and Peru said it would not be bullied.\n\n"
        "Chile held massive war games encircling the self-governed island on Monday."
    )
    (drill,) = [e for e in occurrences(nlp, text) if e["kind"] == "drill"]
    assert drill["actors"] == ["Chile"]
    assert drill["recipients"] == ["Peru"]


def test_drills_encircling_an_island_with_no_article_state_name_none(nlp):
    text = "Chile held massive war games encircling an island on Monday."
    (drill,) = [e for e in occurrences(nlp, text) if e["kind"] == "drill"]
    assert drill["recipients"] == []

"""A visit told again by its visitor's name ("Kordic's visit to Tarsk") is the visit told
before, not another one (a real Kosovo-Serbia report listed the envoy's one visit twice).
Invented texts."""

from __future__ import annotations

from events_support import occurrences


def _visits(nlp, text: str) -> list[dict]:
    return [e for e in occurrences(nlp, text) if e["kind"] == "visit"]


def test_a_visit_told_again_by_the_visitors_name_is_one_visit(nlp):
    text = ("“We are ready to resume the talks,” Envoy Milan Kordic said after his two-day visit "
            "in Tarsk.\n\nKordic met with President Dario Velk.\n\n"
            "Kordic's visit to Tarsk drew a small protest.")
    visits = _visits(nlp, text)
    assert len(visits) == 1
    assert visits[0]["place"] == "Tarsk"


def test_another_visitors_visit_stays_another_visit(nlp):
    text = ("Envoy Milan Kordic visited Tarsk on Monday.\n\n"
            "President Dario Velk's visit to Ostrava was praised by his office.")
    assert len(_visits(nlp, text)) == 2


def test_a_visit_to_another_place_in_the_same_clause_is_another_visit(nlp):
    text = "Envoy Milan Kordic visited Tarsk on Monday, after a visit to Ostrava last week."
    assert sorted(v["recipients"][0] for v in _visits(nlp, text)) == ["Ostrava", "Tarsk"]
